package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.ingest.Await;
import vigil.ingest.record.MediaProbe;
import vigil.ingest.rtsp.RtspClientSettings;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.SimulatedCamera;
import vigil.ingest.sim.TestMedia;
import vigil.ingest.sim.TrackingScene;

/** A node with the embedded catalog, a simulated camera behind Digest auth, and the HTTP API as users call it. */
class NodeEndToEndTest {

    private static final String PASSWORD = "p4ss-W0rd-xyzzy";

    @TempDir
    Path dataDir;

    private SimulatedCamera camera;
    private Node node;
    private NodeApi api;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void setUp() {
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, log), true));
        camera = new SimulatedCamera(TestMedia.small(150, 7)).requireDigest("operator", PASSWORD).start(0);
        NodeSettings settings = NodeSettings.defaults(dataDir, 0).withHost("127.0.0.1").withSegmentMs(2_000)
                .withRtsp(RtspClientSettings.defaults().withBackoff(100, 1_000).withStallTimeoutMs(2_000));
        node = Node.start(settings);
        api = new NodeApi(dataDir, () -> node.port());
    }

    @AfterEach
    void tearDown() {
        if (node != null) node.close();
        if (camera != null) camera.close();
        System.setErr(originalErr);
    }

    @Test
    void aSpanOfFootagePlaysAsHlsAndExportsAsOneMp4ThatFfprobeReads() throws Exception {
        Instant begin = Instant.now();
        String url = "rtsp://operator:" + PASSWORD + "@127.0.0.1:" + camera.port() + "/street";
        assertThat(post("/api/cameras", new JsonObject().put("id", "cam-p").put("url", url)).statusCode()).isEqualTo(201);
        AtomicReference<JsonArray> clips = new AtomicReference<>();
        Await.until(() -> {
            clips.set(new JsonObject(get("/api/clips?camera=cam-p&from=" + begin.minusSeconds(5)).body()).getJsonArray("clips"));
            return clips.get().size() >= 4;
        }, 30_000);
        // a span starting a second into the first segment and ending half a second before the fourth ends
        Instant from = Instant.parse(clips.get().getJsonObject(0).getString("start")).plusSeconds(1);
        Instant to = Instant.parse(clips.get().getJsonObject(3).getString("end")).minusMillis(500);
        double asked = (to.toEpochMilli() - from.toEpochMilli()) / 1000.0;
        double segment = 3.1; // 2 s target, cut at the next 1 s keyframe

        String playlist = "/api/cameras/cam-p/playlist.m3u8?from=" + from + "&to=" + to;
        HttpResponse<String> m3u8 = get(playlist);
        assertThat(m3u8.statusCode()).isEqualTo(200);
        assertThat(m3u8.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
        assertThat(m3u8.body()).startsWith("#EXTM3U").contains("#EXT-X-PROGRAM-DATE-TIME:", "#EXT-X-MAP:", "#EXT-X-ENDLIST");
        // a player given the token (ffplay -headers, hls.js with an xhr hook) ...
        JsonObject hls = ffprobe(uri(playlist).toString(), "Authorization: Bearer " + AdminToken.of(dataDir));
        assertThat(hls.getJsonArray("streams").getJsonObject(0).getString("codec_name")).isEqualTo("h264");
        assertThat(Double.parseDouble(hls.getJsonObject("format").getString("duration"))).isBetween(asked - 0.1, asked + 2 * segment);

        // a search hit's playbackUrl is this playlist around the hit
        JsonObject hit = new JsonObject(get("/api/search?cameras=cam-p&from=" + begin.minusSeconds(5)).body())
                .getJsonArray("hits").getJsonObject(0);
        assertThat(hit.getString("playbackUrl")).startsWith("/api/cameras/cam-p/playlist.m3u8?from=");
        assertThat(get(hit.getString("playbackUrl")).body()).startsWith("#EXTM3U");
        // ... and a plain player handed the hit's URL, which carries a grant instead
        JsonObject plain = ffprobe(uri(hit.getString("playbackUrl")).toString(), null);
        assertThat(plain.getJsonArray("streams").getJsonObject(0).getString("codec_name")).isEqualTo("h264");

        HttpResponse<Path> export = http.send(AdminToken.request(dataDir, uri("/api/cameras/cam-p/export.mp4?from=" + from + "&to=" + to)).build(),
                HttpResponse.BodyHandlers.ofFile(dataDir.resolve("export.mp4")));
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"cam-p_").endsWith(".mp4\"");
        JsonObject mp4 = ffprobe(export.body().toString(), null);
        assertThat(mp4.getJsonArray("streams").getJsonObject(0).getString("codec_name")).isEqualTo("h264");
        // it starts at the keyframe at or before `from` (keyframes every second) and stops at `to`
        assertThat(Double.parseDouble(mp4.getJsonObject("format").getString("duration"))).isBetween(asked - 0.1, asked + 1.1);
        MediaProbe frames = MediaProbe.of(export.body().toString());
        assertThat(frames.keyframes()).isGreaterThanOrEqualTo(1);

        // a span with no footage is a 404, not an empty file
        assertThat(get("/api/cameras/cam-p/export.mp4?from=2020-01-01T00:00:00Z&to=2020-01-01T01:00:00Z").statusCode()).isEqualTo(404);
        assertThat(get("/api/cameras/cam-p/playlist.m3u8?from=2020-01-01T00:00:00Z&to=2020-01-03T00:00:00Z").statusCode()).isEqualTo(400);
    }

    @Test
    void keyframePatrolAnalysesKeyframesOnlyWhileRecordingEverything() throws Exception {
        Instant begin = Instant.now();
        String url = "rtsp://operator:" + PASSWORD + "@127.0.0.1:" + camera.port() + "/street";
        assertThat(post("/api/cameras", new JsonObject().put("id", "cam-k").put("url", url)).statusCode()).isEqualTo(201);
        assertThat(new JsonObject(get("/api/cameras/cam-k/analysis").body())).isEqualTo(new JsonObject().put("mode", "full").put("source", "node"));
        HttpResponse<String> set = put("/api/cameras/cam-k/analysis", new JsonObject().put("mode", "keyframes"));
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(get("/api/cameras/cam-k/analysis").body()).getString("source")).isEqualTo("camera");
        assertThat(new JsonObject(put("/api/cameras/cam-k/analysis", new JsonObject().put("mode", "some")).body()).getString("field"))
                .isEqualTo("mode");

        // motion is still found, segments are all recorded, and most frames are not analysed
        Await.until(() -> !new JsonObject(get("/api/search?cameras=cam-k&from=" + begin.minusSeconds(5)).body())
                .getJsonArray("hits").isEmpty(), 30_000);
        Await.until(() -> new JsonObject(get("/api/clips?camera=cam-k").body()).getJsonArray("clips").size() >= 3, 30_000);
        String metrics = get("/metrics").body();
        double received = metric(metrics, "vigil_frames_received_total", "cam-k");
        double analysed = metric(metrics, "vigil_frames_analysed_total", "cam-k");
        double skipped = metric(metrics, "vigil_frames_skipped_total", "cam-k");
        assertThat(skipped).isPositive();
        assertThat(analysed).as("keyframes only: one frame in 25").isLessThan(received / 5);
        // and back to every frame
        assertThat(put("/api/cameras/cam-k/analysis", new JsonObject().put("mode", "full")).statusCode()).isEqualTo(200);
        Await.until(() -> metric(get("/metrics").body(), "vigil_frames_analysed_total", "cam-k") > analysed + 50, 20_000);
    }

    private static double metric(String scrape, String name, String camera) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("camera=\"" + camera + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void bodiesTooLargeAndRefusedRequestsAreAnsweredWithoutErrorsInTheLog() throws Exception {
        String huge = "{\"id\":\"big\",\"url\":\"rtsp://10.0.0.1/" + "x".repeat(70_000) + "\"}";
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = http.send(AdminToken.request(dataDir, uri("/api/cameras")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(huge)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(413);
        }
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/api/cameras")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(huge)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401); // refused before its body is read
        assertThat(log.toString()).doesNotContain(" ERROR ");
    }

    /** What Debian's ffprobe (the real player's demuxers) reads from a file or URL. */
    private static JsonObject ffprobe(String input, String header) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams"));
        if (header != null) command.addAll(List.of("-headers", header + "\r\n"));
        command.add(input);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("ffprobe %s: %s", input, out).isZero();
        return new JsonObject(out);
    }

    @Test
    void registeredCameraIsRecordedAndItsMotionIsSearchable() throws Exception {
        Instant begin = Instant.now();
        String url = "rtsp://operator:" + PASSWORD + "@127.0.0.1:" + camera.port() + "/street";
        HttpResponse<String> created = post("/api/cameras", new JsonObject().put("id", "cam-1").put("name", "Gate")
                .put("url", url).put("lat", 30.5).put("lon", 114.3).put("tags", new JsonArray().add("gate")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(created.body()).getString("url")).isEqualTo("rtsp://***@127.0.0.1:" + camera.port() + "/street");

        // motion shows in search within seconds
        AtomicReference<JsonObject> hit = new AtomicReference<>();
        Await.until(() -> {
            JsonArray hits = new JsonObject(get("/api/search?cameras=cam-1&from=" + begin.minusSeconds(5)).body()).getJsonArray("hits");
            if (hits.isEmpty()) return false;
            hit.set(hits.getJsonObject(0));
            return true;
        }, 20_000);
        assertThat(hit.get().getString("cameraId")).isEqualTo("cam-1");
        assertThat(hit.get().getString("kind")).isEqualTo("motion");
        assertThat(Instant.parse(hit.get().getString("start"))).isAfter(begin.minusSeconds(1));

        // the camera reports online at the stream's rate
        JsonObject status = new JsonObject(get("/api/cameras/cam-1").body()).getJsonObject("status");
        assertThat(status.getString("state")).isEqualTo("online");
        assertThat(status.getDouble("fps")).isBetween(20.0, 30.0);

        // segments are catalogued and read back as H.264 of the right duration
        AtomicReference<JsonArray> clips = new AtomicReference<>();
        Await.until(() -> {
            clips.set(new JsonObject(get("/api/clips?camera=cam-1").body()).getJsonArray("clips"));
            return clips.get().size() >= 2;
        }, 20_000);
        JsonObject clip = clips.get().getJsonObject(0);
        double catalogued = (Instant.parse(clip.getString("end")).toEpochMilli()
                - Instant.parse(clip.getString("start")).toEpochMilli()) / 1000.0;
        HttpResponse<byte[]> media = http.send(AdminToken.request(dataDir, uri(clip.getString("mediaUrl"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(media.statusCode()).isEqualTo(200);
        assertThat(media.headers().firstValue("Content-Type")).hasValue("video/mp4");
        Path copy = dataDir.resolve("downloaded.mp4");
        Files.write(copy, media.body());
        MediaProbe probe = MediaProbe.of(copy.toString());
        assertThat(probe.codec()).isEqualTo("h264");
        assertThat(probe.width()).isEqualTo(320);
        assertThat(probe.height()).isEqualTo(240);
        assertThat(probe.keyframes()).isGreaterThanOrEqualTo(1);
        assertThat(catalogued).isBetween(1.9, 3.1); // 2 s target, cut at the next 1 s keyframe
        assertThat(probe.spanSeconds()).isCloseTo(catalogued, org.assertj.core.data.Offset.offset(0.15));
        assertThat(probe.frames()).isEqualTo((int) Math.round(catalogued * 25));

        // range requests serve a part of the file
        HttpResponse<byte[]> part = http.send(AdminToken.request(dataDir, uri(clip.getString("mediaUrl")))
                .header("Range", "bytes=0-99").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize(100);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 0-99/" + media.body().length);

        // the search hit links to playable footage
        JsonObject later = new JsonObject(get("/api/search?cameras=cam-1&from=" + begin.minusSeconds(5)).body())
                .getJsonArray("hits").getJsonObject(0);
        if (!later.getJsonArray("clipIds").isEmpty()) {
            assertThat(get(later.getString("playbackUrl")).statusCode()).isEqualTo(200);
        }

        // metrics per camera
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("vigil_frames_received_total{camera=\"cam-1\"}")
                .contains("vigil_recorded_bytes_total{camera=\"cam-1\"}")
                .contains("vigil_decode_seconds_count{camera=\"cam-1\"}")
                .contains("vigil_person_detect_seconds_count{camera=\"cam-1\"}");

        // credentials appear nowhere: not in the API, not in the log
        assertThat(get("/api/cameras").body()).doesNotContain(PASSWORD).contains("***@");
        assertThat(log.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void cameraGoesOfflineWhenServerStopsAndComesBackOnline() throws Exception {
        int port = camera.port();
        assertThat(post("/api/cameras", new JsonObject().put("id", "cam-2")
                .put("url", "rtsp://operator:" + PASSWORD + "@127.0.0.1:" + port + "/yard")).statusCode()).isEqualTo(201);
        Await.until(() -> state("cam-2").equals("online"), 15_000);
        camera.stop();
        Await.until(() -> state("cam-2").equals("offline"), 10_000);
        assertThat(new JsonObject(get("/api/cameras/cam-2").body()).getJsonObject("status").getString("lastError")).isNotBlank();
        camera.start(port);
        Await.until(() -> state("cam-2").equals("online"), 15_000);
        assertThat(get("/metrics").body()).contains("vigil_reconnects_total{camera=\"cam-2\"} 1.0");
    }

    @Test
    void deletingACameraStopsIngestAndKeepsFootage() throws Exception {
        post("/api/cameras", new JsonObject().put("id", "cam-3")
                .put("url", "rtsp://operator:" + PASSWORD + "@127.0.0.1:" + camera.port() + "/lane"));
        Await.until(() -> !new JsonObject(get("/api/clips?camera=cam-3").body()).getJsonArray("clips").isEmpty(), 20_000);
        HttpResponse<String> deleted = http.send(AdminToken.request(dataDir, uri("/api/cameras/cam-3")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(get("/api/cameras/cam-3").statusCode()).isEqualTo(404);
        Await.until(() -> camera.connectionsAccepted() > 0 && node.statuses().statusOf("cam-3").lastError() != null, 10_000);
        int clipsAfterDelete = new JsonObject(get("/api/clips?camera=cam-3").body()).getJsonArray("clips").size();
        assertThat(clipsAfterDelete).isGreaterThanOrEqualTo(1);
    }

    @Test
    void calibratedCameraTracksCarryGroundPathsAndH3Cells() throws Exception {
        post("/api/cameras", new JsonObject().put("id", "cam-4")
                .put("url", "rtsp://operator:" + PASSWORD + "@127.0.0.1:" + camera.port() + "/square"));
        // an affine view of a small square: image x grows east, image y grows south
        JsonArray points = new JsonArray();
        double[][] image = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0.5, 0.5}};
        for (double[] p : image) {
            points.add(new JsonObject().put("image", new JsonObject().put("x", p[0]).put("y", p[1]))
                    .put("ground", new JsonObject().put("lat", 30.0 + (1 - p[1]) * 0.001).put("lon", 114.0 + p[0] * 0.001)));
        }
        HttpResponse<String> fitted = put("/api/cameras/cam-4/calibration", new JsonObject().put("points", points));
        assertThat(fitted.statusCode()).as(fitted.body()).isEqualTo(200);
        JsonObject error = new JsonObject(fitted.body()).getJsonObject("reprojectionErrorMeters");
        assertThat(error.getDouble("rms")).isLessThan(0.05);
        assertThat(error.getDouble("max")).isGreaterThanOrEqualTo(error.getDouble("rms"));
        assertThat(new JsonObject(get("/api/cameras/cam-4/calibration").body()).getJsonArray("points")).hasSize(5);

        AtomicReference<JsonObject> track = new AtomicReference<>();
        Await.until(() -> {
            JsonArray tracks = new JsonObject(get("/api/tracks?camera=cam-4").body()).getJsonArray("tracks");
            for (int i = 0; i < tracks.size(); i++) {
                if (!tracks.getJsonObject(i).getJsonArray("groundPath").isEmpty()) {
                    track.set(tracks.getJsonObject(i));
                    return true;
                }
            }
            return false;
        }, 30_000);
        JsonArray path = track.get().getJsonArray("path");
        JsonArray ground = track.get().getJsonArray("groundPath");
        assertThat(ground).hasSameSizeAs(path);
        for (int i = 0; i < path.size(); i++) {
            JsonObject p = path.getJsonObject(i), g = ground.getJsonObject(i);
            assertThat(g.getDouble("lat")).isCloseTo(30.0 + (1 - p.getDouble("y")) * 0.001, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(g.getDouble("lon")).isCloseTo(114.0 + p.getDouble("x") * 0.001, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(track.get().getJsonArray("h3Cells")).isNotEmpty();

        // the object's thumbnail at its clearest moment
        String thumbnailUrl = track.get().getString("thumbnailUrl");
        assertThat(thumbnailUrl).isNotNull();
        HttpResponse<byte[]> jpeg = http.send(AdminToken.request(dataDir, uri(thumbnailUrl)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(jpeg.body()[0]).isEqualTo((byte) 0xFF);
        assertThat(jpeg.body()[1]).isEqualTo((byte) 0xD8);
    }

    @Test
    void calibrationThatCannotBeFittedIsRefusedNamingTheField() throws Exception {
        post("/api/cameras", new JsonObject().put("id", "cam-5").put("url", "rtsp://127.0.0.1:" + camera.port() + "/x"));
        JsonArray line = new JsonArray();
        for (int i = 0; i < 5; i++) {
            line.add(new JsonObject().put("image", new JsonObject().put("x", 0.1 * i).put("y", 0.5))
                    .put("ground", new JsonObject().put("lat", 30.0).put("lon", 114.0 + i * 0.0001)));
        }
        HttpResponse<String> r = put("/api/cameras/cam-5/calibration", new JsonObject().put("points", line));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("field")).isEqualTo("points");
        assertThat(put("/api/cameras/cam-5/calibration", new JsonObject().put("points", new JsonArray())).statusCode()).isEqualTo(400);
        assertThat(put("/api/cameras/nope/calibration", new JsonObject().put("points", line)).statusCode()).isEqualTo(404);
    }

    @Test
    void maskOverTheWholeViewSilencesMotion() throws Exception {
        post("/api/cameras", new JsonObject().put("id", "cam-6").put("url", "rtsp://operator:" + PASSWORD + "@127.0.0.1:" + camera.port() + "/m"));
        Instant begin = Instant.now();
        Await.until(() -> !new JsonObject(get("/api/search?cameras=cam-6&from=" + begin.minusSeconds(5)).body()).getJsonArray("hits").isEmpty(), 20_000);
        JsonArray whole = new JsonArray().add(new JsonArray().add(new JsonArray().add(0).add(0)).add(new JsonArray().add(1).add(0))
                .add(new JsonArray().add(1).add(1)).add(new JsonArray().add(0).add(1)));
        assertThat(put("/api/cameras/cam-6/masks", new JsonObject().put("masks", whole)).statusCode()).isEqualTo(200);
        Instant masked = Instant.now().plusSeconds(3); // events open before the mask may still close after it
        double analysedAtMask = analysed("cam-6");
        Await.until(() -> analysed("cam-6") >= analysedAtMask + 250, 30_000); // more than one loop of the scene (6 s)
        JsonArray hits = new JsonObject(get("/api/search?cameras=cam-6&from=" + masked).body()).getJsonArray("hits");
        for (int i = 0; i < hits.size(); i++) {
            assertThat(Instant.parse(hits.getJsonObject(i).getString("start"))).isBefore(masked);
        }
    }

    @Test
    void personDetectionCanBeTurnedOffForOneCamera() throws Exception {
        post("/api/cameras", new JsonObject().put("id", "cam-7").put("url", "rtsp://operator:" + PASSWORD + "@127.0.0.1:" + camera.port() + "/p"));
        Await.until(() -> metric("vigil_person_detect_seconds_count", "cam-7") > 10, 20_000);
        assertThat(put("/api/cameras/cam-7/people", new JsonObject().put("enabled", false)).statusCode()).isEqualTo(200);
        double analysedAtOff = analysed("cam-7");
        Await.until(() -> analysed("cam-7") >= analysedAtOff + 20, 20_000); // the change is applied in frame order
        double runsAfterOff = metric("vigil_person_detect_seconds_count", "cam-7");
        double analysedThen = analysed("cam-7");
        Await.until(() -> analysed("cam-7") >= analysedThen + 50, 20_000);
        assertThat(metric("vigil_person_detect_seconds_count", "cam-7")).isEqualTo(runsAfterOff);
        // and back on
        assertThat(put("/api/cameras/cam-7/people", new JsonObject().put("enabled", true).put("minPersonHeight", 0.3)).statusCode()).isEqualTo(200);
        Await.until(() -> metric("vigil_person_detect_seconds_count", "cam-7") > runsAfterOff + 10, 20_000);
    }

    @Test
    void theGhostOfPeopleWhoStoodWhileTheNodeLearnedItsBackgroundIsClearedAndCounted() throws Exception {
        // two people stand through the node's first 8 s (its calibration and relearning take them for ground), then
        // walk off: the ground they covered is a ghost, cleared and counted per camera
        TrackingScene talkers = TrackingScene.raisedTalkers();
        List<byte[]> lumas = new ArrayList<>();
        for (int f = 0; f < talkers.frames(); f++) {
            byte[] luma = new byte[talkers.width() * talkers.height()];
            talkers.drawLuma(f, luma);
            lumas.add(luma);
        }
        try (SimulatedCamera talking = new SimulatedCamera(EncodedLoop.encode(lumas, talkers.width(), talkers.height(), talkers.fps(), 14)).start(0)) {
            post("/api/cameras", new JsonObject().put("id", "cam-g").put("url", "rtsp://127.0.0.1:" + talking.port() + "/square"));
            Await.until(() -> metric("vigil_motion_ghosts_cleared_total", "cam-g") > 0, 40_000);
            assertThat(analysed("cam-g")).as("cleared while the first pass of the scene plays").isLessThan(talkers.frames());
        }
    }

    private double analysed(String cameraId) {
        return metric("vigil_frames_analysed_total", cameraId);
    }

    private double metric(String name, String cameraId) {
        return api.metric(name, cameraId);
    }

    private HttpResponse<String> put(String path, JsonObject body) {
        return api.put(path, body);
    }

    private String state(String id) {
        return new JsonObject(get("/api/cameras/" + id).body()).getJsonObject("status").getString("state");
    }

    private URI uri(String path) {
        return api.uri(path);
    }

    private HttpResponse<String> get(String path) {
        return api.get(path);
    }

    private HttpResponse<String> post(String path, JsonObject body) {
        return api.post(path, body);
    }

    /** Copies what is written to stderr (where the node logs) so the test can read it. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
