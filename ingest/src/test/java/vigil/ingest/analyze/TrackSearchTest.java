package vigil.ingest.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.analytics.FrameAnalysis;
import vigil.analytics.eval.MotBox;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.SceneSettings;
import java.time.Clock;
import vigil.catalog.access.Role;
import vigil.catalog.access.Tokens;
import vigil.catalog.api.ApiRouter;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.camera.CameraStatus;
import vigil.catalog.store.JdbcCatalogStore;
import vigil.catalog.store.TrackRecord;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.H264Encoder;
import vigil.ingest.sim.TrackingScene;
import vigil.ingest.sim.TrackingScene.Actor;
import vigil.ingest.sim.TrackingScene.Shape;
import vigil.ingest.sim.TrackingScene.Waypoint;

/**
 * Zone and tripwire search through the HTTP API on tracks that the analytics found in an encoded scene: the
 * answer must be exactly the objects that the scene's script says entered the zone or crossed the line.
 */
class TrackSearchTest {

    // the tripwire: a vertical line down the middle of the view, drawn top to bottom
    private static final String LINE = "0.5,0.0,0.5,1.0";
    // the zone: the lower-left corner of the view
    private static final String ZONE = "0.05,0.72,0.32,0.72,0.32,0.98,0.05,0.98";

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static HttpServer server;
    private static JdbcCatalogStore store;
    private static String token;
    private static final Map<String, Integer> actorOfTrack = new HashMap<>();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void analyseSceneIntoCatalog() throws Exception {
        TrackingScene scene = new TrackingScene("tripwire", 640, 360, 260, List.of(
                // 1, a person, crosses the line left to right; their feet stay above the zone
                new Actor(1, 40, 100, 40, List.of(new Waypoint(10, -40, 110), new Waypoint(200, 660, 120)), Shape.WALKER),
                // 2 crosses right to left, higher up
                new Actor(2, 30, 80, 215, List.of(new Waypoint(40, 660, 20), new Waypoint(230, -40, 40))),
                // 3, a person, walks down the left side, into the zone, never reaching the line
                new Actor(3, 40, 100, 45, List.of(new Waypoint(60, 80, -100), new Waypoint(250, 100, 290)), Shape.WALKER),
                // 4 walks towards the line and turns back before it
                new Actor(4, 36, 60, 225, List.of(new Waypoint(20, 560, 240), new Waypoint(110, 380, 250),
                        new Waypoint(200, 560, 260)))), null, 3, -1, 0, 21);
        List<byte[]> lumas = new ArrayList<>();
        for (int f = 0; f < scene.frames(); f++) {
            byte[] luma = new byte[scene.width() * scene.height()];
            scene.drawLuma(f, luma);
            lumas.add(luma);
        }
        Path file = dir.resolve("tripwire.h264");
        try (OutputStream o = Files.newOutputStream(file)) {
            for (H264Encoder.EncodedFrame f : EncodedLoop.encode(lumas, 640, 360, 25, 25).frames()) o.write(f.annexB());
        }
        store = JdbcCatalogStore.sqlite(dir.resolve("catalog"));
        token = new Tokens(store, Clock.systemUTC()).issue("operator", Role.OPERATOR, List.of(), List.of(), null).token();
        List<TrackRecord> tracks = new ArrayList<>();
        new VideoFileAnalyzer(MotionSettings.defaults(), SceneSettings.defaults()).analyze(file, new FrameAnalysis.Listener() {
            @Override
            public void trackFinished(vigil.analytics.track.FinishedTrack track) {
                if (!track.moved()) return;
                TrackRecord r = TrackRecords.of("gate", track);
                tracks.add(r);
                store.addTrack(r);
            }
        });
        // which scripted actor each track followed: the one its boxes overlap most (frames are 40 ms apart)
        for (TrackRecord t : tracks) {
            Map<Integer, Integer> votes = new HashMap<>();
            for (TrackRecord.Box b : t.boxes()) {
                int frame = (int) Math.round(b.timeMs() / 40.0) - 1;
                for (MotBox g : scene.truth(frame)) {
                    MotBox mine = new MotBox(frame + 1, 0, b.x() * 640, b.y() * 360, b.width() * 640, b.height() * 360);
                    if (iou(mine, g) >= 0.3) votes.merge((int) g.id(), 1, Integer::sum);
                }
            }
            votes.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(e -> actorOfTrack.put(t.id(), e.getKey()));
        }
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(ApiRouter.create(vertx, store,
                        id -> CameraStatus.unknown(), CameraLifecycle.NONE, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void tearDown() {
        if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().join();
        if (store != null) store.close();
    }

    @Test
    void everyActorWasFollowedByOneTrack() {
        assertThat(new HashSet<>(actorOfTrack.values())).containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    @Test
    void tripwireAnswersExactlyWhoCrossedInEachDirection() {
        assertThat(actors("/api/tracks?camera=gate&from=1970-01-01T00:00:00Z&line=" + LINE + "&direction=ltr")).containsExactly(1);
        assertThat(actors("/api/tracks?camera=gate&from=1970-01-01T00:00:00Z&line=" + LINE + "&direction=rtl")).containsExactly(2);
        assertThat(actors("/api/tracks?camera=gate&from=1970-01-01T00:00:00Z&line=" + LINE)).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void zoneAnswersExactlyWhoEnteredIt() {
        assertThat(actors("/api/tracks?camera=gate&from=1970-01-01T00:00:00Z&zone=" + ZONE)).containsExactly(3);
    }

    @Test
    void searchOffersTheSameAsTrackHits() {
        JsonObject page = new JsonObject(get("/api/search?cameras=gate&from=1970-01-01T00:00:00Z&line=" + LINE + "&direction=ltr").body());
        JsonArray hits = page.getJsonArray("hits");
        assertThat(hits).isNotEmpty();
        for (int i = 0; i < hits.size(); i++) {
            assertThat(hits.getJsonObject(i).getString("kind")).isEqualTo("track");
            assertThat(actorOfTrack.get(hits.getJsonObject(i).getString("id"))).isEqualTo(1);
        }
        JsonObject one = new JsonObject(get("/api/tracks/" + hits.getJsonObject(0).getString("id")).body());
        assertThat(one.getJsonArray("boxes").size()).isGreaterThan(10);
        assertThat(one.getJsonArray("path").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void objectKindTellsPeopleFromOtherObjects() {
        String all = "/api/tracks?camera=gate&from=1970-01-01T00:00:00Z";
        assertThat(actors(all + "&objectKind=person")).containsExactlyInAnyOrder(1, 3);
        assertThat(actors(all + "&objectKind=object")).containsExactlyInAnyOrder(2, 4);
        assertThat(actors(all + "&objectKind=person&line=" + LINE + "&direction=ltr")).containsExactly(1);
        assertThat(actors(all + "&objectKind=object&line=" + LINE)).containsExactly(2);
        JsonArray people = new JsonObject(get("/api/search?cameras=gate&from=1970-01-01T00:00:00Z&objectKind=person").body())
                .getJsonArray("hits");
        assertThat(people).isNotEmpty();
        for (int i = 0; i < people.size(); i++) {
            assertThat(people.getJsonObject(i).getJsonObject("track").getString("objectKind")).isEqualTo("person");
        }
        assertThat(get(all + "&objectKind=car").body()).contains("\"field\":\"objectKind\"");
        assertThat(get("/api/search?kind=motion&objectKind=person").statusCode()).isEqualTo(400);
    }

    @Test
    void badGeometryIsRefusedNamingTheField() {
        assertThat(get("/api/tracks?zone=0.1,0.1,0.2").statusCode()).isEqualTo(400);
        assertThat(get("/api/tracks?line=0.1,0.1,0.1,0.1").statusCode()).isEqualTo(400);
        assertThat(get("/api/tracks?line=0,0,2,2").body()).contains("\"field\":\"line\"");
        assertThat(get("/api/tracks?line=0,0,1,1&direction=north").body()).contains("\"field\":\"direction\"");
        assertThat(get("/api/tracks/none").statusCode()).isEqualTo(404);
    }

    private static Set<Integer> actors(String path) {
        JsonArray tracks = new JsonObject(get(path).body()).getJsonArray("tracks");
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < tracks.size(); i++) {
            Integer actor = actorOfTrack.get(tracks.getJsonObject(i).getString("id"));
            assertThat(actor).as("track %s follows a scripted actor", tracks.getJsonObject(i).getString("id")).isNotNull();
            out.add(actor);
        }
        return out;
    }

    private static double iou(MotBox a, MotBox b) {
        double w = Math.min(a.left() + a.width(), b.left() + b.width()) - Math.max(a.left(), b.left());
        double h = Math.min(a.top() + a.height(), b.top() + b.height()) - Math.max(a.top(), b.top());
        if (w <= 0 || h <= 0) return 0;
        return w * h / (a.width() * a.height() + b.width() * b.height() - w * h);
    }

    private static HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                            .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(path, e);
        }
    }
}
