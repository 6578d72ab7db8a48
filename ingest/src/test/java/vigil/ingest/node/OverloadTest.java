package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.ingest.Await;
import vigil.ingest.sim.SimulatedCamera;
import vigil.ingest.sim.TestMedia;

/**
 * A node given more than it can analyse: three cameras on one worker thread, each suddenly sending forty times
 * its frame rate (a camera emptying its buffer after a network hiccup, sustained). The node must degrade camera by
 * camera as far as each must, say so, keep recording every frame, keep finding motion, and recover when the load
 * is gone.
 */
class OverloadTest {

    private static final int CAMERAS = 3;
    private static final int BURST_SPEED = 40;
    /** Frames before the first keyframe with parameter sets cannot start a file: at most a second of them. */
    private static final int MAX_UNRECORDABLE = 25;
    private static final String PEOPLE_PAUSED = "analysis fell behind: person detection paused";
    private static final String KEYFRAMES_ONLY = "analysis fell behind: keyframes only";

    @TempDir
    Path dataDir;

    private final List<SimulatedCamera> cameras = new ArrayList<>();
    private Node node;
    private NodeApi api;

    @BeforeEach
    void setUp() {
        for (int i = 0; i < CAMERAS; i++) cameras.add(new SimulatedCamera(TestMedia.small(150, 7)).start(0));
        node = Node.start(NodeSettings.defaults(dataDir, 0).withHost("127.0.0.1").withSegmentMs(2_000).withWorkers(1, 20));
        api = new NodeApi(dataDir, node::port);
    }

    @AfterEach
    void tearDown() {
        if (node != null) node.close();
        cameras.forEach(SimulatedCamera::close);
    }

    @Test
    void camerasBehindDegradeKeepRecordingEverythingStillReportMotionAndRecover() {
        Instant registered = Instant.now();
        for (int i = 0; i < CAMERAS; i++) {
            assertThat(post("/api/cameras", new JsonObject().put("id", id(i)).put("url", cameras.get(i).url("/street"))).statusCode())
                    .isEqualTo(201);
        }
        for (int i = 0; i < CAMERAS; i++) {
            String id = id(i);
            Await.until(() -> metric("vigil_frames_analysed_total", id) > 25, 30_000);
        }

        // each camera gives up as much as it must: people first, then every frame but keyframes; which cameras go
        // that far depends on how the one worker's turns fall, but the node as a whole cannot keep up with people
        cameras.forEach(c -> c.setSpeed(BURST_SPEED));
        for (int i = 0; i < CAMERAS; i++) {
            String id = id(i);
            Await.until(() -> metric("vigil_analysis_reduced", id) >= 1, 30_000);
            assertThat(status(id).getString("analysisReduced")).isIn(PEOPLE_PAUSED, KEYFRAMES_ONLY);
            assertThat(status(id).getString("state")).isEqualTo("online");
        }
        Await.until(() -> camerasAt(2) >= 1, 30_000);
        // behind, each camera still analyses frames (keyframes at least) and finds the motion in them
        Instant degraded = Instant.now();
        for (int i = 0; i < CAMERAS; i++) {
            String id = id(i);
            double analysed = metric("vigil_frames_analysed_total", id);
            Await.until(() -> metric("vigil_frames_analysed_total", id) >= analysed + 3, 30_000);
            Await.until(() -> !new JsonObject(get("/api/search?cameras=" + id + "&from=" + degraded).body())
                    .getJsonArray("hits").isEmpty(), 30_000);
        }
        double skipped = 0;
        for (int i = 0; i < CAMERAS; i++) skipped += metric("vigil_frames_skipped_total", id(i));
        assertThat(skipped).as("frames a camera at keyframes only did not analyse").isPositive();

        // the load gone, every camera catches up and analyses every frame again
        cameras.forEach(c -> c.setSpeed(1));
        for (int i = 0; i < CAMERAS; i++) {
            String id = id(i);
            Await.until(() -> metric("vigil_analysis_reduced", id) == 0, 60_000);
            assertThat(status(id).getValue("analysisReduced")).isNull();
        }

        // and nothing received went unrecorded
        cameras.forEach(c -> c.setStalled(true));
        for (int i = 0; i < CAMERAS; i++) {
            String id = id(i);
            Await.until(() -> metric("vigil_frames_recorded_total", id) + metric("vigil_frames_unrecorded_total", id)
                    == metric("vigil_frames_received_total", id), 30_000);
            assertThat(metric("vigil_frames_received_total", id)).as("more than real time would have sent")
                    .isGreaterThan(25.0 * Duration.between(registered, Instant.now()).toMillis() / 1000);
            assertThat(metric("vigil_frames_unrecorded_total", id)).isLessThanOrEqualTo(MAX_UNRECORDABLE);
            assertThat(metric("vigil_record_errors_total", id)).isZero();
        }
    }

    /** How many cameras are at this reduction now ({@code vigil_analysis_reduced}). */
    private int camerasAt(int level) {
        int n = 0;
        for (int i = 0; i < CAMERAS; i++) if (metric("vigil_analysis_reduced", id(i)) == level) n++;
        return n;
    }

    private static String id(int i) {
        return "cam-" + i;
    }

    private JsonObject status(String id) {
        return new JsonObject(get("/api/cameras/" + id).body()).getJsonObject("status");
    }

    private double metric(String name, String camera) {
        return api.metric(name, camera);
    }

    private HttpResponse<String> get(String path) {
        return api.get(path);
    }

    private HttpResponse<String> post(String path, JsonObject body) {
        return api.post(path, body);
    }
}
