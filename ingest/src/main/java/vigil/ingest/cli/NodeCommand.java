package vigil.ingest.cli;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vigil.ingest.node.Node;

/** {@code vigil node}: API, ingest and the embedded catalog in one process, until interrupted. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run a node: HTTP API, RTSP ingest, embedded catalog.")
final class NodeCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "catalog and recordings (default: ${DEFAULT-VALUE})", defaultValue = "vigil-data")
    Path dataDir;

    @Mixin
    NodeOptions options = new NodeOptions();

    @Override
    public Integer call() throws InterruptedException {
        Node node = Node.start(options.settings(dataDir));
        System.out.printf("Vigil node: API on %s://localhost:%d (data in %s; a new node's admin token is in %s). Ctrl-C stops.%n",
                options.tlsCert == null ? "http" : "https", node.port(), dataDir.toAbsolutePath(),
                dataDir.resolve(Node.ADMIN_TOKEN_FILE).toAbsolutePath());
        runUntilInterrupted(node);
        return 0;
    }

    /** Blocks until the JVM is asked to stop, then closes what was started. */
    static void runUntilInterrupted(AutoCloseable... resources) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    System.err.println("shutdown: " + e);
                }
            }
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
    }
}
