package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.SourceUrl;
import vigil.catalog.search.SearchArea;
import vigil.catalog.store.JdbcCatalogStore;
import vigil.catalog.store.SearchQuery;
import vigil.catalog.store.TrackQuery;
import vigil.catalog.search.TrackFilter;
import vigil.ingest.Await;
import vigil.ingest.rtsp.RtspClientSettings;
import vigil.ingest.sim.SimulatedCamera;
import vigil.ingest.sim.TestMedia;

/**
 * A node recording onto a real PostgreSQL catalog while the database is stopped and started again: every clip,
 * motion event and track the node produced is in the catalog afterwards. {@code .ci/run} gives the server's URL
 * ({@code VIGIL_TEST_POSTGRES}, {@code VIGIL_CATALOG_PASSWORD}) and the shell commands that stop and start it
 * ({@code VIGIL_TEST_PG_STOP}, {@code VIGIL_TEST_PG_START}).
 */
class CatalogOutageTest {

    @TempDir
    Path dataDir;

    private String url, stop, start;
    private SimulatedCamera camera;
    private Node node;
    private boolean stopped;

    @BeforeEach
    void setUp() {
        List<String> env = CiEnvironment.require("no PostgreSQL this test may stop and start", "VIGIL_TEST_POSTGRES",
                "VIGIL_TEST_PG_STOP", "VIGIL_TEST_PG_START");
        url = env.get(0);
        stop = env.get(1);
        start = env.get(2);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (stopped) shell(start);
        if (node != null) node.close();
        if (camera != null) camera.close();
    }

    @Test
    void resultsRecordedWhileTheCatalogIsDownAreAllThereWhenItReturns() throws Exception {
        camera = new SimulatedCamera(TestMedia.small(150, 23)).start(0);
        NodeSettings settings = NodeSettings.defaults(dataDir, 0).withHost("127.0.0.1").withSegmentMs(2_000)
                .withCatalog(new CatalogSettings(url, null))
                .withRtsp(RtspClientSettings.defaults().withBackoff(100, 1_000).withStallTimeoutMs(3_000));
        node = Node.start(settings);
        String id = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        node.register(new Camera(id, "outage", SourceUrl.parse(camera.url("live")), null, null, null, List.of(), Instant.now()));
        Instant begin = Instant.now().minusSeconds(5);
        Await.until(() -> node.store().clips(id, begin, Instant.now().plusSeconds(60), 100).size() >= 2, 30_000);

        shell(stop);
        stopped = true;
        Await.until(() -> metric("vigil_catalog_unreachable") == 1, 30_000);
        int segmentsBefore = segmentFiles(id);
        Await.until(() -> segmentFiles(id) >= segmentsBefore + 4, 30_000); // recording goes on, results spool
        assertThat(metric("vigil_catalog_spool_records")).isPositive();
        assertThat(Files.size(dataDir.resolve("spool/catalog.spool"))).isPositive();

        shell(start);
        stopped = false;
        Await.until(() -> metric("vigil_catalog_unreachable") == 0 && metric("vigil_catalog_spool_records") == 0, 60_000);
        node.close(); // finishes the open segment, event and tracks, and writes them
        double segments = metric("vigil_segments_closed_total"), events = metric("vigil_motion_events_total"),
                tracks = metric("vigil_tracks_finished_total");
        node = null;

        try (JdbcCatalogStore store = new CatalogSettings(url, null).open(dataDir)) {
            Instant to = Instant.now().plusSeconds(60);
            int clips = store.clips(id, begin, to, 10_000).size();
            assertThat(clips).as("clips catalogued").isEqualTo((int) segments).isEqualTo(segmentFiles(id));
            int hits = store.search(new SearchQuery(begin, to, SearchArea.cameras(List.of(id)), 500, null)).hits().size();
            assertThat(hits).as("motion events catalogued").isEqualTo((int) events).isPositive();
            int tracked = store.tracks(new TrackQuery(begin, to, SearchArea.cameras(List.of(id)), null, TrackFilter.NONE, 500, null))
                    .tracks().size();
            assertThat(tracked).as("tracks catalogued").isEqualTo((int) tracks);
        }
        assertThat(Files.size(dataDir.resolve("spool/catalog.spool"))).isZero();
    }

    private double metric(String name) {
        if (node == null) return Double.NaN;
        double sum = 0;
        boolean found = false;
        for (String line : node.metrics().scrape().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    private int segmentFiles(String cameraId) {
        Path dir = dataDir.resolve("segments").resolve(cameraId);
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            return (int) walk.filter(p -> p.toString().endsWith(".mp4")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void shell(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(command).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
    }
}
