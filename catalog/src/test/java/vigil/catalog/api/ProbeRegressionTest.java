package vigil.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.catalog.access.Role;
import vigil.catalog.access.Tokens;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.camera.CameraStatus;
import vigil.catalog.store.Clip;
import vigil.catalog.store.JdbcCatalogStore;

/** What a hostile probe of the API found, each as it was sent, through HTTP on a real socket. */
class ProbeRegressionTest {

    private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");

    @TempDir
    Path dir;

    private Vertx vertx;
    private HttpServer server;
    private JdbcCatalogStore store;
    private String admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() throws IOException {
        vertx = Vertx.vertx();
        store = JdbcCatalogStore.sqlite(dir.resolve("catalog"));
        admin = new Tokens(store, Clock.systemUTC()).issue("admin", Role.ADMIN, List.of(), List.of(), null).token();
        var router = ApiRouter.create(vertx, store, id -> CameraStatus.unknown(), CameraLifecycle.NONE,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
        assertThat(json("POST", "/api/cameras", "{\"id\":\"demo-1\",\"url\":\"rtsp://10.0.0.1/x\"}").statusCode()).isEqualTo(201);
        Path file = dir.resolve("seg.mp4");
        byte[] bytes = new byte[1000];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) i;
        Files.write(file, bytes);
        store.addClip(new Clip("c", "demo-1", T0, T0.plusSeconds(10), file.toString(), bytes.length, "h264", 64, 64));
    }

    @AfterEach
    void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        store.close();
    }

    @Test
    void aCalibrationThatSpansTheGlobeIsRefused() {
        String globe = "{\"points\":[" + point(0, 1, -89, -179) + "," + point(1, 1, -89, 179) + ","
                + point(1, 0, 89, 179) + "," + point(0, 0, 89, -179) + "]}";
        HttpResponse<String> r = json("PUT", "/api/cameras/demo-1/calibration", globe);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("field")).startsWith("points[");
        // two image points on one ground point
        String same = "{\"points\":[" + point(0, 1, 30.5, 114.3) + "," + point(1, 1, 30.5, 114.3) + ","
                + point(1, 0, 30.5005, 114.3005) + "," + point(0, 0, 30.5005, 114.3) + "]}";
        assertThat(new JsonObject(json("PUT", "/api/cameras/demo-1/calibration", same).body()).getString("field"))
                .isEqualTo("points[1].ground");
    }

    private static String point(double x, double y, double lat, double lon) {
        return new JsonObject().put("image", new JsonObject().put("x", x).put("y", y))
                .put("ground", new JsonObject().put("lat", lat).put("lon", lon)).encode();
    }

    @Test
    void idsOfDotsNeverNameAFolder() {
        for (String id : List.of(".", "..", ".hidden")) {
            HttpResponse<String> r = json("POST", "/api/cameras", new JsonObject().put("id", id).put("url", "rtsp://10.0.0.2/x").encode());
            assertThat(r.statusCode()).as(id).isEqualTo(400);
            assertThat(new JsonObject(r.body()).getString("field")).isEqualTo("id");
        }
    }

    @Test
    void rangeHeadersAreAnsweredAsRfc9110Says() {
        assertThat(media("bytes=0-99999999999999999999999", null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(206);
            assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 0-999/1000");
            assertThat(r.body()).hasSize(1000);
        });
        assertThat(media("bytes=-0", null).statusCode()).isEqualTo(416);
        assertThat(media("bytes=2000-", null).statusCode()).isEqualTo(416);
        assertThat(media("bytes=10-19", null).body()).hasSize(10).startsWith((byte) 10);
        assertThat(media("bytes=-10", null).body()).hasSize(10).startsWith((byte) 990);
        // several ranges, another unit, nonsense: the whole file
        for (String header : List.of("bytes=0-1,5-6", "items=0-1", "bytes=9-3", "bytes=x-y")) {
            HttpResponse<byte[]> r = media(header, null);
            assertThat(r.statusCode()).as(header).isEqualTo(200);
            assertThat(r.body()).as(header).hasSize(1000);
        }
        // If-Range: the range only while the file is still the one the client has
        String etag = media(null, null).headers().firstValue("ETag").orElseThrow();
        assertThat(media("bytes=0-9", etag).statusCode()).isEqualTo(206);
        assertThat(media("bytes=0-9", "\"something-else\"").statusCode()).isEqualTo(200);
        // HEAD answers the headers
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(uri("/api/clips/c/media")).header("Authorization", "Bearer " + admin)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("1000");
    }

    @Test
    void yearsFarAwayAreABadRequest() {
        for (String t : List.of("+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "1969-12-31T23:59:59Z")) {
            HttpResponse<String> r = get("/api/search?from=" + enc(t) + "&to=2026-01-01T00:00:00Z");
            assertThat(r.statusCode()).as(t).isEqualTo(400);
            assertThat(new JsonObject(r.body()).getString("field")).isEqualTo("from");
        }
    }

    @Test
    void aBodyThatIsNotSaidToBeJsonIsRefused() {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/api/cameras")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"csrf\",\"url\":\"rtsp://10.0.0.3/x\"}")).build());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(get("/api/cameras/csrf").statusCode()).isEqualTo(404);
    }

    @Test
    void controlCharactersAreNeitherTrimmedAwayNorStored() {
        assertThat(get("/api/search?cameras=demo-1%00").statusCode()).isEqualTo(400);
        // in an id of the path too (PostgreSQL refuses a NUL outright: that was an internal error, not a clear one)
        for (String path : List.of("/api/cameras/demo-1%00", "/api/cameras/demo-1%0a/analysis", "/api/tracks/t%E2%80%AE1")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(new JsonObject(r.body()).getString("field")).as(path).isEqualTo("path");
        }
        assertThat(get("/api/cameras/demo%2D1").statusCode()).as("an escape of a plain character").isEqualTo(200);
        assertThat(new JsonObject(get("/api/search?cameras=demo-1").body()).getJsonArray("hits")).isInstanceOf(JsonArray.class);
        for (String name : List.of("gate\u0000", "gate\u202Eetag", "line\nbreak")) {
            HttpResponse<String> r = json("POST", "/api/cameras", new JsonObject().put("id", "named").put("name", name)
                    .put("url", "rtsp://10.0.0.4/x").encode());
            assertThat(r.statusCode()).as(name).isEqualTo(400);
            assertThat(new JsonObject(r.body()).getString("field")).isEqualTo("name");
        }
    }

    private HttpResponse<byte[]> media(String range, String ifRange) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/clips/c/media")).header("Authorization", "Bearer " + admin);
        if (range != null) b.header("Range", range);
        if (ifRange != null) b.header("If-Range", ifRange);
        return send(b.build());
    }

    private HttpResponse<String> get(String path) {
        return text(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + admin).build());
    }

    private HttpResponse<String> json(String method, String path, String body) {
        return text(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    private HttpResponse<String> text(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(r.uri().toString(), e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(r.uri().toString(), e);
        }
    }
}
