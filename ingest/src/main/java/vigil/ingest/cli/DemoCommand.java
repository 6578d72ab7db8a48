package vigil.ingest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.SourceUrl;
import vigil.ingest.node.Node;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.SimulatedCamera;
import vigil.ingest.sim.SyntheticScene;

/**
 * {@code vigil demo}: a node plus simulated cameras served over real RTSP (with Digest authentication) from a
 * generated street scene, registered so that motion is searchable within a minute.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a node with demo cameras streaming a generated scene over RTSP.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "catalog and recordings (default: ${DEFAULT-VALUE})", defaultValue = "vigil-data/demo")
    Path dataDir;

    @Option(names = "--camera-port", description = "RTSP port of the demo cameras; 0 for any free port (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int cameraPort;

    @Option(names = "--cameras", description = "number of demo cameras (default: ${DEFAULT-VALUE})", defaultValue = "1")
    int cameras;

    @Mixin
    NodeOptions options = new NodeOptions();

    @Override
    public Integer call() throws InterruptedException {
        if (cameras < 1 || cameras > 16) throw new IllegalArgumentException("--cameras must be 1..16");
        System.out.println("Generating the demo scene (640x360, 25 fps, 20 s loop) ...");
        EncodedLoop media = EncodedLoop.encode(new SyntheticScene(640, 360, 25, 500, 2026, true), 25, 25);
        SimulatedCamera sim = new SimulatedCamera(media).requireDigest("demo", "demo-password").start(cameraPort);
        Node node = Node.start(options.settings(dataDir));
        for (int i = 1; i <= cameras; i++) {
            String id = "demo-" + i;
            String url = "rtsp://demo:demo-password@127.0.0.1:" + sim.port() + "/street-" + i;
            var existing = node.store().camera(id);
            if (existing.isPresent() && !existing.get().source().equals(SourceUrl.parse(url))) {
                node.store().removeCamera(id); // the simulated camera listens on a new port this run
                node.removed(id);
                existing = java.util.Optional.empty();
            }
            if (existing.isEmpty()) {
                node.register(new Camera(id, "Demo street " + i, SourceUrl.parse(url), "42010203", 30.5928 + i * 0.001,
                        114.3055, List.of("demo"), Instant.now()));
            }
        }
        int port = node.port();
        Path tokenFile = dataDir.resolve(Node.ADMIN_TOKEN_FILE).toAbsolutePath();
        String auth = Files.exists(tokenFile) ? "-H \"Authorization: Bearer $(cat " + tokenFile + ")\" "
                : "-H \"Authorization: Bearer $TOKEN\" ";
        System.out.printf("""

                Vigil demo is running: API on http://localhost:%1$d, %2$d camera(s) streaming from rtsp://127.0.0.1:%3$d
                The API needs a token: the admin token of this data dir is in %4$s (readable by you only).
                Motion appears within a few seconds. Try:
                  curl -s %5$shttp://localhost:%1$d/api/cameras
                  curl -s %5$s"http://localhost:%1$d/api/search?cameras=demo-1"
                  curl -s %5$s"http://localhost:%1$d/api/tracks?camera=demo-1&objectKind=person"
                  curl -s %5$s"http://localhost:%1$d/api/clips?camera=demo-1"
                  curl -s http://localhost:%1$d/metrics | grep vigil_
                Ctrl-C stops.
                %n""", port, cameras, sim.port(), tokenFile, auth);
        NodeCommand.runUntilInterrupted(node, sim);
        return 0;
    }
}
