package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.SourceUrl;
import vigil.catalog.store.Clip;
import vigil.catalog.store.SearchPage;
import vigil.catalog.search.SearchArea;
import vigil.catalog.store.SearchQuery;
import vigil.ingest.Await;
import vigil.ingest.record.MediaProbe;
import vigil.ingest.rtsp.RtspClientSettings;

/**
 * A node pointed at GStreamer's RTSP server (Debian's gst-rtsp-server, not Vigil's code) serving a real
 * recorded pedestrian scene, OpenCV's {@code vtest.avi} from Debian's opencv-doc: segments must be recorded and
 * play back, and people walking must show up as motion in search. {@code .ci/run} installs both; outside CI the
 * test is skipped when they are missing.
 */
class GStreamerInteropTest {

    private static final Path SCENE = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dataDir;

    private Process server;
    private Node node;

    @BeforeEach
    void requirePeers() {
        boolean present = Files.isReadable(SCENE) && Files.isExecutable(PYTHON);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("CI must install opencv-doc and python3-gi with gst-rtsp-server").isTrue();
        }
        Assumptions.assumeTrue(present, "GStreamer RTSP server or vtest.avi not installed");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (node != null) node.close();
        if (server != null) {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(RtspClientSettings.Transport.class)
    void recordsAndFindsMotionInARealSceneServedByGStreamer(RtspClientSettings.Transport transport) throws Exception {
        int port = startGStreamer();
        node = Node.start(NodeSettings.defaults(dataDir, 0).withHost("127.0.0.1").withSegmentMs(3_000)
                .withRtsp(RtspClientSettings.defaults().withTransport(transport).withBackoff(200, 2_000)));
        Instant begin = Instant.now();
        node.register(new Camera("square", "Square", SourceUrl.parse("rtsp://127.0.0.1:" + port + "/vtest"), null,
                null, null, List.of(), Instant.now()));

        Await.until(() -> node.store().clips("square", begin.minusSeconds(5), Instant.now().plusSeconds(5), 10).size() >= 2, 40_000);
        Clip clip = node.store().clips("square", begin.minusSeconds(5), Instant.now().plusSeconds(5), 10).get(0);
        MediaProbe probe = MediaProbe.of(clip.path());
        assertThat(probe.codec()).isEqualTo("h264");
        assertThat(probe.width()).isEqualTo(768);
        assertThat(probe.height()).isEqualTo(576);
        double catalogued = Duration.between(clip.start(), clip.end()).toMillis() / 1000.0;
        assertThat(catalogued).isBetween(2.9, 4.5);
        assertThat(probe.spanSeconds()).isCloseTo(catalogued, org.assertj.core.data.Offset.offset(0.25));

        SearchQuery query = new SearchQuery(begin.minusSeconds(5), Instant.now().plusSeconds(60), SearchArea.cameras(List.of("square")), 10, null);
        Await.until(() -> !node.store().search(query).hits().isEmpty(), 20_000);
        SearchPage page = node.store().search(query);
        assertThat(page.hits().get(0).kind()).isEqualTo("motion");
        assertThat(node.statuses().statusOf("square").fps()).isBetween(7.0, 13.0);
        // a well-behaved real server's timing is taken as it is: none of the guards against cameras' clocks fires
        String metrics = new NodeApi(dataDir, node::port).get("/metrics").body();
        assertThat(metrics).contains("vigil_timestamps_replaced_total{camera=\"square\"} 0.0",
                "vigil_capture_clock_reanchored_total{camera=\"square\"} 0.0", "vigil_rtp_packets_malformed_total{camera=\"square\"} 0.0");
        assertThat(node.statuses().statusOf("square").lastError()).isNull();
    }

    private int startGStreamer() throws Exception {
        Path script = dataDir.resolve("gst_rtsp_server.py");
        try (var in = getClass().getResourceAsStream("/gst_rtsp_server.py")) {
            Files.copy(in, script);
        }
        server = new ProcessBuilder(PYTHON.toString(), script.toString(), "/vtest", SCENE.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("GStreamer RTSP server announces its port").startsWith("PORT ");
        return Integer.parseInt(line.substring(5).strip());
    }
}
