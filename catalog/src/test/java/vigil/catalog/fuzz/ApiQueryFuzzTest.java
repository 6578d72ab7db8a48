package vigil.catalog.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import vigil.catalog.access.Role;
import vigil.catalog.access.Tokens;
import vigil.catalog.api.ApiRouter;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.camera.CameraStatus;
import vigil.catalog.store.JdbcCatalogStore;

/**
 * The API's query parsing fuzzed through HTTP on a real socket: times, cursors, zone, line, direction, region,
 * bbox, polygon, circle, cameras, limits and kinds in any mix, on every search route. Whatever is sent, the answer
 * is 200 or a 4xx problem+json naming what was wrong, within seconds: never a 500, never no answer.
 */
class ApiQueryFuzzTest {

    private static final List<String> ROUTES = List.of("/api/search", "/api/tracks", "/api/timeline", "/api/cameras",
            "/api/clips", "/api/audit", "/api/cameras/demo-1/playlist.m3u8", "/api/cameras/demo-1/export.mp4");
    private static final List<String> PARAMS = List.of("from", "to", "cursor", "zone", "line", "direction", "region",
            "bbox", "polygon", "circle", "cameras", "camera", "limit", "objectKind", "kind", "bucket", "actor", "action");

    private static Vertx vertx;
    private static HttpServer server;
    private static JdbcCatalogStore store;
    private static String token;
    private static Path dir;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("vigil-fuzz");
        vertx = Vertx.vertx();
        store = JdbcCatalogStore.sqlite(dir.resolve("catalog"));
        token = new Tokens(store, Clock.systemUTC()).issue("fuzz", Role.ADMIN, List.of(), List.of(), null).token();
        server = vertx.createHttpServer().requestHandler(ApiRouter.create(vertx, store, id -> CameraStatus.unknown(),
                CameraLifecycle.NONE, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().join();
        if (store != null) store.close();
    }

    @FuzzTest(maxDuration = "30s")
    void searchParameters(FuzzedDataProvider data) throws Exception {
        StringBuilder query = new StringBuilder();
        int n = data.consumeInt(0, 6);
        for (int i = 0; i < n; i++) {
            if (query.length() > 0) query.append('&');
            String value = data.consumeString(120);
            query.append(data.pickValue(PARAMS)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        String route = data.pickValue(ROUTES);
        URL url = URI.create("http://127.0.0.1:" + server.actualPort() + route + "?" + query).toURL();
        int status;
        String body;
        String contentType;
        // the fuzzer's request-forgery detector watches sockets: this test's own one to its server is meant. A
        // blocking client keeps every socket operation on this thread, inside the allowance (java.net.http's
        // client connects on threads of its own; under the fuzzer a request of it sometimes never completed).
        try (SilentCloseable allowed = BugDetectors.allowNetworkConnections()) {
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            c.setConnectTimeout(5_000);
            c.setReadTimeout(15_000); // an answer that stops coming is a finding, named by its request
            c.setRequestProperty("Authorization", "Bearer " + token);
            try {
                status = c.getResponseCode();
                contentType = c.getContentType();
                try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                    body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no whole answer within 15 s: " + route + "?" + query, e);
            } finally {
                c.disconnect();
            }
        }
        assertThat(status).as("%s?%s answered %s", route, query, body).isLessThan(500);
        if (status >= 400) assertThat(contentType).as("%s?%s", route, query).isEqualTo("application/problem+json");
    }
}
