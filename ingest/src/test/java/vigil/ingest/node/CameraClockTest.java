package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vigil.ingest.Await;
import vigil.ingest.record.MediaProbe;
import vigil.ingest.sim.SimulatedCamera;
import vigil.ingest.sim.TestMedia;

/**
 * Cameras whose clocks cannot be trusted, over real RTSP: footage is still filed under the time it was recorded, and
 * the camera's status and metrics say what is wrong with it.
 */
class CameraClockTest {

    @TempDir
    Path dataDir;

    @RegisterExtension
    final LiveSite site = new LiveSite();

    /**
     * RTP timestamps that stand still (the same on every frame, its sender reports too): the frames are timed by their
     * arrival, so the footage is cut into segments that play at the camera's real pace.
     */
    @Test
    void aCameraWhoseTimestampsStandStillIsRecordedAtItsRealPaceAndSaysSo() throws IOException {
        Instant begin = Instant.now();
        NodeApi api = recording("frozen", new SimulatedCamera(TestMedia.small(100, 3)).freezeTimestamps());
        JsonArray clips = clipsOnceThereAre(api, "frozen", begin, 3);
        // segments of 2 s cut at the next keyframe (one a second), one after the other, at the time they were recorded
        for (int i = 1; i < 3; i++) {
            Instant start = Instant.parse(clips.getJsonObject(i).getString("start"));
            Instant end = Instant.parse(clips.getJsonObject(i).getString("end"));
            assertThat(start).isBetween(begin, Instant.now());
            assertThat(Duration.between(start, end).toMillis()).as("clip %d", i).isBetween(1_500L, 4_500L);
        }

        // and they play at the camera's pace (the second and third: the first second of the first was before the
        // timestamps gave themselves away)
        List<Path> segments;
        try (Stream<Path> walk = Files.walk(dataDir.resolve("segments").resolve("frozen"))) {
            segments = walk.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
        assertThat(segments.size()).isGreaterThanOrEqualTo(3);
        for (Path segment : segments.subList(1, 3)) {
            MediaProbe probe = MediaProbe.of(segment.toString());
            assertThat(probe.frames()).as("%s", segment).isGreaterThan(25);
            double fps = probe.frames() / probe.spanSeconds();
            assertThat(fps).as("frames a second of %s", segment).isBetween(15.0, 40.0);
        }

        JsonObject status = new JsonObject(api.get("/api/cameras/frozen").body()).getJsonObject("status");
        assertThat(status.getString("state")).isEqualTo("online");
        assertThat(status.getString("lastError")).contains("timestamps do not advance");
        assertThat(api.metric("vigil_timestamps_replaced_total", "frozen")).isEqualTo(1.0);
    }

    /**
     * An RTP clock running a quarter fast and no sender reports: anchored at the first frame's arrival, its frames would
     * be filed ever further in the future (four seconds after sixteen); they are anchored at their arrival again.
     */
    @Test
    void aCameraClockRunningFastIsHeldToItsFramesArrivals() {
        Instant begin = Instant.now();
        NodeApi api = recording("fast", new SimulatedCamera(TestMedia.small(100, 4)).driftingClockWithoutReports(1.25));
        // some fifteen seconds of 2-s segments, each catalogued as it closes (unanchored, the last would end ~4 s ahead)
        JsonArray clips = clipsOnceThereAre(api, "fast", begin, 7);
        Instant now = Instant.now();
        for (int i = 0; i < clips.size(); i++) {
            assertThat(Instant.parse(clips.getJsonObject(i).getString("end"))).as("clip %d's end", i)
                    .isBefore(now.plusMillis(2_000));
        }
        assertThat(api.metric("vigil_capture_clock_reanchored_total", "fast")).isGreaterThanOrEqualTo(2);
    }

    /** A node recording {@code camera} (started) as camera {@code id} in 2-s segments; its API. */
    private NodeApi recording(String id, SimulatedCamera camera) {
        site.camera(camera);
        Node node = site.node(NodeSettings.defaults(dataDir, 0).withHost("127.0.0.1").withSegmentMs(2_000));
        NodeApi api = new NodeApi(dataDir, node::port);
        assertThat(api.post("/api/cameras", new JsonObject().put("id", id).put("url", camera.url("/street"))).statusCode())
                .isEqualTo(201);
        return api;
    }

    /** The camera's clips from {@code begin} on, once there are at least {@code count}. */
    private static JsonArray clipsOnceThereAre(NodeApi api, String id, Instant begin, int count) {
        AtomicReference<JsonArray> clips = new AtomicReference<>();
        Await.until(() -> {
            clips.set(new JsonObject(api.get("/api/clips?camera=" + id + "&from=" + begin.minusSeconds(5)).body()).getJsonArray("clips"));
            return clips.get().size() >= count;
        }, 40_000);
        return clips.get();
    }
}
