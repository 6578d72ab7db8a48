package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vigil.ingest.Await;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.SimulatedCamera;
import vigil.ingest.sim.TestMedia;

/**
 * A node gathering a camera's frames for analysis as long as it may (two seconds) still puts each finished picture
 * group of the recording on disk when the next keyframe comes, not a gathering later: what a node killed outright
 * loses does not grow with the gathering.
 */
class GatheredRecordingTest {

    /** A keyframe every ten frames at 25 fps: a fragment every 0.4 s. */
    private static final int GOP_FRAMES = 10;
    private static final long WATCH_MS = 5_000;
    /** Well under a gathering (2 s), well over a picture group (0.4 s) and a turn's work. */
    private static final long MAX_WAIT_MS = 1_200;
    private static final long SAMPLE_MS = 50;

    @TempDir
    Path dataDir;

    @RegisterExtension
    final LiveSite site = new LiveSite();

    @Test
    void theOpenSegmentGrowsAtEveryKeyframeWhileFramesAreGathered() throws InterruptedException {
        SimulatedCamera camera = site.camera(new SimulatedCamera(EncodedLoop.encode(TestMedia.smallScene(100, 5), 25, GOP_FRAMES)));
        // room for a whole gathering of frames (the gathering's own limit is half the backlog allowed)
        Node node = site.node(NodeSettings.defaults(dataDir, 0).withHost("127.0.0.1").withSegmentMs(60_000).withWorkers(2, 200)
                .withAnalysisGatherMs(NodeSettings.MAX_GATHER_MS));
        NodeApi api = new NodeApi(dataDir, node::port);
        assertThat(api.post("/api/cameras", new JsonObject().put("id", "gop").put("url", camera.url("/street"))).statusCode())
                .isEqualTo(201);
        Await.until(() -> openSegmentSize() > 0, 30_000);

        // the file grows when a fragment is written: at each keyframe recorded (at each turn, were keyframes gathered)
        long last = openSegmentSize();
        long lastGrowth = System.currentTimeMillis();
        long longestWait = 0;
        long end = lastGrowth + WATCH_MS;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(SAMPLE_MS);
            long size = openSegmentSize();
            long now = System.currentTimeMillis();
            longestWait = Math.max(longestWait, now - lastGrowth);
            if (size > last) lastGrowth = now;
            last = size;
        }
        assertThat(longestWait).as("longest time the open segment did not grow, a keyframe every 0.4 s, frames gathered for"
                + " %d ms", NodeSettings.MAX_GATHER_MS).isLessThan(MAX_WAIT_MS);
        assertThat(api.metric("vigil_record_errors_total", "gop")).isZero();
    }

    /** Bytes in the camera's newest segment file; 0 before there is one. */
    private long openSegmentSize() {
        Path dir = dataDir.resolve("segments").resolve("gop");
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            Path newest = walk.filter(p -> p.toString().endsWith(".mp4")).max(Path::compareTo).orElse(null);
            return newest == null ? 0 : Files.size(newest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
