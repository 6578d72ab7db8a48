package vigil.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.time.Clock;
import vigil.catalog.access.Role;
import vigil.catalog.access.Tokens;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.camera.CameraStatus;
import vigil.catalog.store.Clip;
import vigil.catalog.store.MotionEventRecord;
import vigil.catalog.store.JdbcCatalogStore;

/** The HTTP API over a real socket, a real SQLite catalog and Vert.x. */
class ApiRouterTest {

    @TempDir
    Path dir;

    private Vertx vertx;
    private HttpServer server;
    private JdbcCatalogStore store;
    private final List<String> lifecycle = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        store = JdbcCatalogStore.sqlite(dir.resolve("catalog"));
        CameraLifecycle recorder = new CameraLifecycle() {
            @Override
            public void added(Camera camera) {
                lifecycle.add("added " + camera.id());
            }

            @Override
            public void removed(String cameraId) {
                lifecycle.add("removed " + cameraId);
            }
        };
        var router = ApiRouter.create(vertx, store,
                id -> new CameraStatus(CameraStatus.State.ONLINE, 25, Instant.parse("2026-11-21T00:00:00Z"), null),
                recorder, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
        adminToken = new Tokens(store, Clock.systemUTC()).issue("test admin", Role.ADMIN, List.of(), List.of(), null).token();
    }

    private String adminToken;

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + adminToken);
    }

    @AfterEach
    void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        store.close();
    }

    @Test
    void registersACameraAndNeverReturnsItsCredentials() {
        HttpResponse<String> r = post("/api/cameras", "{\"id\":\"34020000001320000001\",\"name\":\"East gate\","
                + "\"url\":\"rtsp://admin:Tr0ub4dor@10.0.0.9:554/ch1\",\"lat\":30.1,\"lon\":114.2,\"tags\":[\"gate\"]}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/cameras/34020000001320000001");
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("url")).isEqualTo("rtsp://***@10.0.0.9:554/ch1");
        assertThat(body.getString("civilCode")).isEqualTo("34020000");
        assertThat(body.getJsonObject("status").getString("state")).isEqualTo("online");
        assertThat(lifecycle).containsExactly("added 34020000001320000001");
        assertThat(get("/api/cameras").body()).doesNotContain("Tr0ub4dor").contains("East gate");
        assertThat(get("/api/cameras/34020000001320000001").body()).doesNotContain("Tr0ub4dor");
    }

    @Test
    void duplicateIdIsAConflict() {
        post("/api/cameras", "{\"id\":\"a\",\"url\":\"rtsp://h/a\"}");
        HttpResponse<String> r = post("/api/cameras", "{\"id\":\"a\",\"url\":\"rtsp://h/b\"}");
        assertProblem(r, 409, "id");
    }

    @Test
    void malformedInputNamesTheField() {
        assertProblem(post("/api/cameras", "{not json"), 400, "body");
        assertProblem(post("/api/cameras", "[1,2]"), 400, "body");
        assertProblem(post("/api/cameras", "{\"url\":\"rtsp://h/a\"}"), 400, "id");
        assertProblem(post("/api/cameras", "{\"id\":\"a b\",\"url\":\"rtsp://h/a\"}"), 400, "id");
        assertProblem(post("/api/cameras", "{\"id\":\"a\",\"url\":\"http://h/a\"}"), 400, "url");
        assertProblem(post("/api/cameras", "{\"id\":\"a\",\"url\":\"rtsp://h/a\",\"lat\":91,\"lon\":0}"), 400, "lat");
        assertProblem(post("/api/cameras", "{\"id\":\"a\",\"url\":\"rtsp://h/a\",\"lat\":1}"), 400, "lon");
        assertProblem(post("/api/cameras", "{\"id\":\"a\",\"url\":\"rtsp://h/a\",\"tags\":\"x\"}"), 400, "tags");
        assertProblem(post("/api/cameras", "{\"id\":\"a\",\"url\":\"rtsp://h/a\",\"civilCode\":\"abc\"}"), 400, "civilCode");
        assertProblem(post("/api/cameras", "{\"id\":\"a\",\"url\":\"rtsp://h/a\",\"colour\":\"red\"}"), 400, "colour");
        HttpResponse<String> badUrl = post("/api/cameras", "{\"id\":\"a\",\"url\":\"rtsp://u:SeCrEt pw@h/a\"}");
        assertProblem(badUrl, 400, "url");
        assertThat(badUrl.body()).doesNotContain("SeCrEt");
        assertThat(post("/api/cameras", "{\"id\":\"a\",\"url\":\"" + "x".repeat(70_000) + "\"}").statusCode()).isEqualTo(413);
        // more than the catalog keeps (PostgreSQL refused it, and the node answered 500): credentials of 1 500
        // characters, 32 tags of 64 quotes (twice as long as JSON); refused and named, the password not echoed
        HttpResponse<String> longPassword = post("/api/cameras", "{\"id\":\"a\",\"url\":\"rtsp://u:" + "SeCrEt".repeat(250) + "@h/a\"}");
        assertProblem(longPassword, 400, "url");
        assertThat(longPassword.body()).doesNotContain("SeCrEt");
        String quotes = "\"" + "\\\"".repeat(64) + "\"";
        assertProblem(post("/api/cameras", "{\"id\":\"a\",\"url\":\"rtsp://h/a\",\"tags\":[" + String.join(",", java.util.Collections.nCopies(32, quotes))
                + "]}"), 400, "tags");
        assertThat(lifecycle).isEmpty();
    }

    @Test
    void unknownCameraIs404AndDeleteStopsIngest() {
        assertProblem(get("/api/cameras/nope"), 404, null);
        post("/api/cameras", "{\"id\":\"gone\",\"url\":\"rtsp://h/a\"}");
        HttpResponse<String> deleted = send(authorized(uri("/api/cameras/gone")).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(lifecycle).containsExactly("added gone", "removed gone");
        assertProblem(send(authorized(uri("/api/cameras/gone")).DELETE().build()), 404, null);
    }

    @Test
    void searchValidatesItsParametersAndPages() {
        Instant t0 = Instant.parse("2026-11-21T02:00:00Z");
        for (int i = 0; i < 3; i++) {
            store.putMotionEvent(new MotionEventRecord("e" + i, "cam", t0.plusSeconds(i * 60), t0.plusSeconds(i * 60 + 5),
                    0.1, 0, 0, 0.5, 0.5, false));
        }
        store.addClip(new Clip("clip-0", "cam", t0, t0.plusSeconds(10), "/nowhere.mp4", 1, "h264", 320, 240));
        assertProblem(get("/api/search?from=yesterday"), 400, "from");
        assertProblem(get("/api/search?to=2026-13-01T00:00:00Z"), 400, "to");
        assertProblem(get("/api/search?from=2026-11-21T03:00:00Z&to=2026-11-21T02:00:00Z"), 400, "from");
        assertProblem(get("/api/search?limit=0"), 400, "limit");
        assertProblem(get("/api/search?cursor=zzzz"), 400, "cursor");

        String window = "from=2026-11-21T01:00:00Z&to=2026-11-21T04:00:00Z";
        JsonObject first = new JsonObject(get("/api/search?" + window + "&limit=2").body());
        assertThat(first.getJsonArray("hits")).hasSize(2);
        assertThat(first.getJsonArray("hits").getJsonObject(0).getString("id")).isEqualTo("e2");
        JsonObject second = new JsonObject(get("/api/search?" + window + "&limit=2&cursor=" + first.getString("nextCursor")).body());
        assertThat(second.getJsonArray("hits")).hasSize(1);
        JsonObject oldest = second.getJsonArray("hits").getJsonObject(0);
        assertThat(oldest.getString("id")).isEqualTo("e0");
        assertThat(oldest.getJsonArray("clipIds").getList()).containsExactly("clip-0");
        assertThat(oldest.getString("playbackUrl")).startsWith("/api/cameras/cam/playlist.m3u8?from=");
        assertThat(second.getValue("nextCursor")).isNull();
    }

    @Test
    void clipMediaServesRangesAndSaysWhenTheFileIsGone() throws Exception {
        Path file = dir.resolve("seg.mp4");
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        Files.write(file, data);
        Instant t0 = Instant.parse("2026-11-21T02:00:00Z");
        store.addClip(new Clip("c", "cam", t0, t0.plusSeconds(10), file.toString(), data.length, "h264", 320, 240));
        store.addClip(new Clip("lost", "cam", t0, t0.plusSeconds(10), dir.resolve("missing.mp4").toString(), 5, "h264", 320, 240));

        HttpResponse<byte[]> whole = sendBytes(authorized(uri("/api/clips/c/media")).build());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(data);
        HttpResponse<byte[]> tail = sendBytes(authorized(uri("/api/clips/c/media")).header("Range", "bytes=-10").build());
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes 990-999/1000");
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 990, 1000));
        HttpResponse<byte[]> middle = sendBytes(authorized(uri("/api/clips/c/media")).header("Range", "bytes=100-").build());
        assertThat(middle.body()).hasSize(900);
        assertThat(sendBytes(authorized(uri("/api/clips/c/media")).header("Range", "bytes=5000-").build()).statusCode())
                .isEqualTo(416);
        assertProblem(get("/api/clips/lost/media"), 410, null);
        assertProblem(get("/api/clips/none/media"), 404, null);
        assertThat(new JsonObject(get("/api/clips?camera=cam&from=2026-11-21T01:00:00Z&to=2026-11-21T03:00:00Z").body())
                .getJsonArray("clips")).hasSize(2);
    }

    @Test
    void masksRoundTripAndAreValidated() {
        post("/api/cameras", "{\"id\":\"m\",\"url\":\"rtsp://h/a\"}");
        HttpResponse<String> put = send(authorized(uri("/api/cameras/m/masks")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"masks\":[[[0,0],[0.3,0],[0.3,0.2]]]}")).build());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(new JsonObject(get("/api/cameras/m/masks").body()).getJsonArray("masks").getJsonArray(0)).hasSize(3);
        assertProblem(send(authorized(uri("/api/cameras/m/masks")).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                "{\"masks\":[[[0,0],[0.3,0]]]}")).build()), 400, "masks[0]");
        assertProblem(send(authorized(uri("/api/cameras/m/masks")).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                "{\"masks\":[[[0,0],[1.5,0],[0,1]]]}")).build()), 400, "masks[0][1]");
        assertProblem(send(authorized(uri("/api/cameras/zz/masks")).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                "{\"masks\":[]}")).build()), 404, null);
        assertThat(put("/api/cameras/m/calibration", "{\"points\":[]}").statusCode()).isEqualTo(400);
    }

    @Test
    void personDetectionPerCameraRoundTripsAndIsValidated() {
        post("/api/cameras", "{\"id\":\"p\",\"url\":\"rtsp://h/a\"}");
        assertThat(new JsonObject(get("/api/cameras/p/people").body()).getString("source")).isEqualTo("node");
        HttpResponse<String> off = put("/api/cameras/p/people", "{\"enabled\":false}");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        JsonObject read = new JsonObject(get("/api/cameras/p/people").body());
        assertThat(read.getString("source")).isEqualTo("camera");
        assertThat(read.getBoolean("enabled")).isFalse();
        assertThat(read.getDouble("minPersonHeight")).isEqualTo(0.05);
        assertThat(put("/api/cameras/p/people", "{\"enabled\":true,\"minPersonHeight\":0.12}").statusCode()).isEqualTo(200);
        assertThat(new JsonObject(get("/api/cameras/p/people").body()).getDouble("minPersonHeight")).isEqualTo(0.12);
        assertProblem(put("/api/cameras/p/people", "{\"enabled\":\"yes\"}"), 400, "enabled");
        assertProblem(put("/api/cameras/p/people", "{\"enabled\":true,\"minPersonHeight\":2}"), 400, "minPersonHeight");
        assertProblem(put("/api/cameras/p/people", "not json"), 400, "body");
        assertProblem(put("/api/cameras/p/people", "{\"enabled\":true,\"minHeight\":0.1}"), 400, "minHeight");
        assertProblem(put("/api/cameras/p/people", ""), 400, "body");
        assertProblem(put("/api/cameras/zz/people", "{\"enabled\":true}"), 404, null);
    }

    @Test
    void aBatchOfAThousandWithTenBadRowsRegistersTheRestAndNamesEachField() {
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 1000; i++) {
            batch.add(new JsonObject().put("id", String.format("3402%04d001320%06d", i % 100, i))
                    .put("url", "rtsp://admin:pw" + i + "@10.0." + (i / 250) + "." + (i % 250) + "/ch1")
                    .put("lat", 31.8 + i * 1e-4).put("lon", 117.2));
        }
        Map<Integer, String> bad = new LinkedHashMap<>();
        bad.put(3, "id");            batch.getJsonObject(3).put("id", "has space");
        bad.put(50, "url");          batch.getJsonObject(50).put("url", "http://10.0.0.1/x");
        bad.put(97, "lat");          batch.getJsonObject(97).put("lat", 91);
        bad.put(150, "lon");         batch.getJsonObject(150).remove("lon");
        bad.put(222, "civilCode");   batch.getJsonObject(222).put("civilCode", "99010000");
        bad.put(333, "id");          batch.getJsonObject(333).put("id", "99000000001320000333"); // GB id of no province
        bad.put(444, "tags");        batch.getJsonObject(444).put("tags", "gate");
        bad.put(555, "colour");      batch.getJsonObject(555).put("colour", "red");
        bad.put(666, "retentionDays"); batch.getJsonObject(666).put("retentionDays", 0);
        bad.put(999, "id");          batch.getJsonObject(999).put("id", batch.getJsonObject(998).getString("id")); // twice in one batch

        HttpResponse<String> r = post("/api/cameras/batch", batch.encode());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getInteger("created")).isEqualTo(990);
        assertThat(body.getInteger("failed")).isEqualTo(10);
        JsonArray results = body.getJsonArray("results");
        assertThat(results).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            JsonObject result = results.getJsonObject(i);
            assertThat(result.getInteger("index")).isEqualTo(i);
            if (bad.containsKey(i)) {
                assertThat(result.getInteger("status")).as("item %d", i).isBetween(400, 409);
                assertThat(result.getJsonObject("problem").getString("field")).as("item %d", i).isEqualTo(bad.get(i));
            } else {
                assertThat(result.getInteger("status")).as("item %d", i).isEqualTo(201);
                assertThat(result.getString("id")).isEqualTo(batch.getJsonObject(i).getString("id"));
            }
        }
        assertThat(store.cameras()).hasSize(990);
        assertThat(lifecycle).hasSize(990);
        assertThat(r.body()).doesNotContain("pw12@");

        // NDJSON: one camera a line; an unparsable line is reported at its index, an existing id is a conflict
        HttpResponse<String> nd = send(authorized(uri("/api/cameras/batch"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"nd-1\",\"url\":\"rtsp://h/1\"}\n{oops\n" + batch.getJsonObject(0).encode() + "\n")).build());
        JsonArray ndResults = new JsonObject(nd.body()).getJsonArray("results");
        assertThat(ndResults.getJsonObject(0).getInteger("status")).isEqualTo(201);
        assertThat(ndResults.getJsonObject(1).getJsonObject("problem").getString("field")).isEqualTo("body");
        assertThat(ndResults.getJsonObject(2).getInteger("status")).isEqualTo(409);
        assertProblem(post("/api/cameras/batch", "[]"), 400, "body");
        assertProblem(post("/api/cameras/batch", "[" + "{},".repeat(10_000) + "{}]"), 400, "body");
    }

    @Test
    void patchChangesWhatIsGivenAndANewUrlRestartsIngest() {
        post("/api/cameras", "{\"id\":\"34020000001320000009\",\"url\":\"rtsp://admin:old-secret@10.0.0.9/ch1\",\"name\":\"Old\"}");
        HttpResponse<String> renamed = patch("/api/cameras/34020000001320000009", "{\"name\":\"North gate\",\"lat\":31.8,\"lon\":117.2,"
                + "\"tags\":[\"gate\"],\"retentionDays\":7}");
        assertThat(renamed.statusCode()).isEqualTo(200);
        JsonObject c = new JsonObject(renamed.body());
        assertThat(c.getString("name")).isEqualTo("North gate");
        assertThat(c.getInteger("retentionDays")).isEqualTo(7);
        assertThat(c.getString("civilCode")).isEqualTo("34020000");
        assertThat(c.getString("url")).isEqualTo("rtsp://***@10.0.0.9/ch1");
        assertThat(lifecycle).containsExactly("added 34020000001320000009"); // nothing that ingest reads changed

        // a URL without credentials keeps the old ones; ingest restarts
        HttpResponse<String> moved = patch("/api/cameras/34020000001320000009", "{\"url\":\"rtsp://10.0.0.10/ch2\"}");
        assertThat(new JsonObject(moved.body()).getString("url")).isEqualTo("rtsp://***@10.0.0.10/ch2");
        assertThat(store.camera("34020000001320000009").orElseThrow().source().rawUserInfo()).isEqualTo("admin:old-secret");
        assertThat(lifecycle).endsWith("removed 34020000001320000009", "added 34020000001320000009");
        // new credentials, never echoed
        HttpResponse<String> creds = patch("/api/cameras/34020000001320000009", "{\"credentials\":{\"username\":\"ops\",\"password\":\"n3w:s@cret\"}}");
        assertThat(creds.body()).doesNotContain("n3w");
        assertThat(store.camera("34020000001320000009").orElseThrow().source().withCredentials().getUserInfo()).isEqualTo("ops:n3w:s@cret");
        // clearing the position
        assertThat(new JsonObject(patch("/api/cameras/34020000001320000009", "{\"lat\":null,\"lon\":null}").body()).getValue("lat")).isNull();

        assertProblem(patch("/api/cameras/34020000001320000009", "{\"id\":\"other\"}"), 400, "id");
        assertProblem(patch("/api/cameras/34020000001320000009", "{\"lat\":95,\"lon\":1}"), 400, "lat");
        assertProblem(patch("/api/cameras/34020000001320000009", "{\"url\":\"ftp://x\"}"), 400, "url");
        assertProblem(patch("/api/cameras/34020000001320000009", "{\"credentials\":\"admin\"}"), 400, "credentials");
        assertProblem(patch("/api/cameras/34020000001320000009", "{\"credentials\":{\"username\":\"ops\",\"password\":\""
                + "p".repeat(800) + "\"}}"), 400, "credentials");
        // a camera whose credentials were kept before that limit is still renamed and moved (they are not the patch's)
        store.addCamera(new Camera("old-long", "Old", vigil.catalog.camera.SourceUrl.parse("rtsp://u:" + "p".repeat(800) + "@h/a"), null,
                null, null, List.of(), Instant.now(), null));
        assertThat(patch("/api/cameras/old-long", "{\"name\":\"Renamed\"}").statusCode()).isEqualTo(200);
        assertThat(patch("/api/cameras/old-long", "{\"url\":\"rtsp://h2/a\"}").statusCode()).isEqualTo(200);
        assertProblem(patch("/api/cameras/old-long", "{\"url\":\"rtsp://u:" + "q".repeat(800) + "@h/b\"}"), 400, "url");
        assertProblem(patch("/api/cameras/34020000001320000009", "{}"), 400, "body");
        assertProblem(patch("/api/cameras/nope", "{\"name\":\"x\"}"), 404, null);
    }

    @Test
    void camerasAreFilteredByRegionAndMapShape() {
        post("/api/cameras", "{\"id\":\"34020000001320000001\",\"url\":\"rtsp://h/1\",\"lat\":31.80,\"lon\":117.20}");
        post("/api/cameras", "{\"id\":\"34021100001320000002\",\"url\":\"rtsp://h/2\",\"lat\":31.90,\"lon\":117.30}");
        post("/api/cameras", "{\"id\":\"35010000001320000003\",\"url\":\"rtsp://h/3\",\"lat\":26.07,\"lon\":119.30}");
        post("/api/cameras", "{\"id\":\"plain\",\"url\":\"rtsp://h/4\",\"civilCode\":\"340211\"}");
        assertThat(ids(get("/api/cameras?region=3402"))).containsExactly("34020000001320000001", "34021100001320000002", "plain");
        assertThat(ids(get("/api/cameras?region=340211,3501"))).containsExactly("34021100001320000002", "35010000001320000003", "plain");
        assertThat(ids(get("/api/cameras?bbox=117.1,31.7,117.25,31.85"))).containsExactly("34020000001320000001");
        assertThat(ids(get("/api/cameras?polygon=117.25,31.85,117.35,31.85,117.35,31.95,117.25,31.95"))).containsExactly("34021100001320000002");
        assertThat(ids(get("/api/cameras?circle=119.30,26.07,500"))).containsExactly("35010000001320000003");
        assertThat(ids(get("/api/cameras?region=35&bbox=117.1,31.7,117.25,31.85"))).isEmpty();
        assertThat(ids(get("/api/cameras?limit=2"))).hasSize(2);
        assertThat(new JsonObject(get("/api/cameras?limit=2").body()).getString("nextCursor")).isEqualTo("34021100001320000002");
        assertThat(ids(get("/api/cameras?limit=2&cursor=34021100001320000002"))).containsExactly("35010000001320000003", "plain");

        assertProblem(get("/api/cameras?region=3"), 400, "region");
        assertProblem(get("/api/cameras?region=99"), 400, "region");
        assertProblem(get("/api/cameras?region=34a2"), 400, "region");
        assertProblem(get("/api/cameras?bbox=117.3,31.7,117.1,31.85"), 400, "bbox");
        assertProblem(get("/api/cameras?bbox=1,2,3"), 400, "bbox");
        assertProblem(get("/api/cameras?polygon=1,2,3,4"), 400, "polygon");
        assertProblem(get("/api/cameras?circle=117,31,0"), 400, "circle");
        assertProblem(get("/api/cameras?circle=117,31,NaN"), 400, "circle");
        assertProblem(get("/api/cameras?circle=117,31,10&bbox=1,1,2,2"), 400, "circle");
        assertProblem(get("/api/tracks?polygon=200,0,1,1,2,2"), 400, "polygon");
        assertProblem(get("/api/search?limit=501"), 400, "limit");
    }

    @Test
    void timelineCountsRecordingMotionAndTracksPerBucket() {
        Instant t0 = Instant.parse("2026-11-21T02:00:00Z");
        post("/api/cameras", "{\"id\":\"34020000001320000001\",\"url\":\"rtsp://h/1\"}");
        store.addClips(List.of(new Clip("k1", "34020000001320000001", t0, t0.plusSeconds(40), "/x/1.mp4", 1, "h264", 320, 240)));
        store.putMotionEvent(new MotionEventRecord("m1", "34020000001320000001", t0.plusSeconds(5), t0.plusSeconds(15), 0.1, 0, 0, 0.1, 0.1, false));
        HttpResponse<String> r = get("/api/timeline?region=3402&from=2026-11-21T02:00:00Z&to=2026-11-21T02:02:00Z&bucket=PT1M");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject camera = new JsonObject(r.body()).getJsonArray("cameras").getJsonObject(0);
        assertThat(camera.getString("cameraId")).isEqualTo("34020000001320000001");
        JsonObject first = camera.getJsonArray("buckets").getJsonObject(0);
        assertThat(first.getString("start")).isEqualTo("2026-11-21T02:00:00Z");
        assertThat(first.getDouble("recordedSeconds")).isEqualTo(40.0);
        assertThat(first.getDouble("motionSeconds")).isEqualTo(10.0);
        assertThat(first.getJsonObject("tracks").getInteger("person")).isZero();
        assertThat(camera.getJsonArray("buckets")).hasSize(1); // the second minute recorded nothing: a gap

        assertProblem(get("/api/timeline?from=2026-11-21T02:00:00Z&to=2026-11-21T02:02:00Z"), 400, "cameras");
        assertProblem(get("/api/timeline?cameras=a&bucket=PT0.5S"), 400, "bucket");
        assertProblem(get("/api/timeline?cameras=a&bucket=5%20minutes"), 400, "bucket");
        assertProblem(get("/api/timeline?cameras=a&bucket=PT1S&from=2026-11-01T00:00:00Z&to=2026-11-21T00:00:00Z"), 400, "bucket");
    }

    private static List<String> ids(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        new JsonObject(r.body()).getJsonArray("cameras").forEach(c -> out.add(((JsonObject) c).getString("id")));
        return out;
    }

    private HttpResponse<String> patch(String path, String body) {
        return send(authorized(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> put(String path, String body) {
        return send(authorized(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void healthAndMetricsAnswer() {
        assertThat(new JsonObject(get("/health").body()).getString("status")).isEqualTo("UP");
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertProblem(get("/api/nothing-here"), 404, null);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonObject p = new JsonObject(r.body());
        assertThat(p.getInteger("status")).isEqualTo(status);
        assertThat(p.getString("detail")).isNotBlank();
        if (field != null) assertThat(p.getString("field")).isEqualTo(field);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    private HttpResponse<String> get(String path) {
        return send(authorized(uri(path)).build());
    }

    private HttpResponse<String> post(String path, String body) {
        return send(authorized(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(req.method() + " " + req.uri(), e);
        }
    }

    private HttpResponse<byte[]> sendBytes(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(req.method() + " " + req.uri(), e);
        }
    }
}
