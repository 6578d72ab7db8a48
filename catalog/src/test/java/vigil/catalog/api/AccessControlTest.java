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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.catalog.access.Role;
import vigil.catalog.access.Tokens;
import vigil.catalog.audit.AuditVerifier;
import vigil.catalog.camera.CalibrationFitter;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.camera.CameraStatus;
import vigil.catalog.media.FootageExporter;
import vigil.catalog.media.FootageLeases;
import vigil.catalog.store.Clip;
import vigil.catalog.store.JdbcCatalogStore;
import vigil.catalog.store.MotionEventRecord;

/** Tokens, roles, scopes, grants and the audit trail, through HTTP on a real socket and a real SQLite catalog. */
class AccessControlTest {

    private static final String ANHUI = "34020000001320000001", FUJIAN = "35010000001320000003";
    private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");

    @TempDir
    Path dir;

    private Vertx vertx;
    private HttpServer server;
    private JdbcCatalogStore store;
    private Tokens tokens;
    private String admin;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws IOException {
        vertx = Vertx.vertx();
        store = JdbcCatalogStore.sqlite(dir.resolve("catalog"));
        tokens = new Tokens(store, Clock.systemUTC());
        tokens.ensureAdminToken(dir.resolve("admin.token"));
        admin = Files.readString(dir.resolve("admin.token")).strip();
        startApi(null);
        // two cameras in two provinces, each with a recorded clip and a motion event
        for (String id : List.of(ANHUI, FUJIAN)) {
            assertThat(send("POST", "/api/cameras", admin, new JsonObject().put("id", id)
                    .put("url", "rtsp://admin:Cam3raPass@10.1.1.1/" + id + "?channel=1&password=QueryPass9").encode()).statusCode())
                    .isEqualTo(201);
            Path file = dir.resolve(id + ".mp4");
            Files.write(file, new byte[4096]);
            store.addClip(new Clip("clip-" + id, id, T0, T0.plusSeconds(10), file.toString(), 4096, "h264", 64, 64));
            store.putMotionEvent(new MotionEventRecord("m-" + id, id, T0.plusSeconds(2), T0.plusSeconds(5), 0.1, 0.1, 0.1, 0.2, 0.2, false));
        }
    }

    @AfterEach
    void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        store.close();
    }

    /** The API on a new socket, its waiting audit entries kept in {@code auditJournal} (null: in memory only). */
    private void startApi(Path auditJournal) {
        var router = ApiRouter.create(vertx, store, id -> CameraStatus.unknown(), CameraLifecycle.NONE, CalibrationFitter.UNAVAILABLE,
                FootageExporter.UNAVAILABLE, new FootageLeases(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), auditJournal);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
    }

    /** The API's process ends (its Vert.x closed: nothing more is tried) and a new one starts on the same catalog. */
    private void restartApi(Path auditJournal) {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        vertx = Vertx.vertx();
        startApi(auditJournal);
    }

    private String issue(String body) {
        HttpResponse<String> r = send("POST", "/api/tokens", admin, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("token");
    }

    private static String window() {
        return "from=" + T0.minusSeconds(60) + "&to=" + T0.plusSeconds(60);
    }

    @Test
    void noTokenOrAWrongOneIsRefusedWhileHealthAndMetricsStayOpen() {
        assertThat(send("GET", "/api/cameras", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/cameras", "vgl_nothing_like_a_real_one", null).statusCode()).isEqualTo(401);
        HttpResponse<String> basic = http(HttpRequest.newBuilder(uri("/api/search")).header("Authorization", "Basic YTpi").build());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(basic.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/metrics", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/cameras", admin, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anOperatorScopedToARegionSeesOnlyItsCamerasAndChangesNothing() {
        String operator = issue("{\"name\":\"hefei duty desk\",\"role\":\"operator\",\"regions\":[\"3402\"]}");
        JsonArray hits = new JsonObject(send("GET", "/api/search?" + window(), operator, null).body()).getJsonArray("hits");
        assertThat(hits).hasSize(1);
        assertThat(hits.getJsonObject(0).getString("cameraId")).isEqualTo(ANHUI);
        assertThat(new JsonObject(send("GET", "/api/cameras", operator, null).body()).getJsonArray("cameras"))
                .extracting(o -> ((JsonObject) o).getString("id")).containsExactly(ANHUI);
        assertThat(send("GET", "/api/search?cameras=" + FUJIAN + "&" + window(), operator, null).body()).contains("\"hits\":[]");
        assertThat(new JsonObject(send("GET", "/api/clips?" + window(), operator, null).body()).getJsonArray("clips")).hasSize(1);
        // the other province's camera, clip, media and playback do not exist for this token
        assertThat(send("GET", "/api/cameras/" + FUJIAN, operator, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/clips/clip-" + FUJIAN, operator, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/clips/clip-" + FUJIAN + "/media", operator, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/cameras/" + FUJIAN + "/playlist.m3u8?" + window(), operator, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/cameras/" + FUJIAN + "/export.mp4?" + window(), operator, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/clips/clip-" + ANHUI + "/media", operator, null).statusCode()).isEqualTo(200);
        // and it changes nothing, nor reads the audit or the tokens
        assertThat(send("POST", "/api/cameras", operator, "{\"id\":\"34020000001320000009\",\"url\":\"rtsp://10.0.0.9/x\"}")
                .statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/cameras/" + ANHUI, operator, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/audit", operator, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/tokens", operator, null).statusCode()).isEqualTo(403);
    }

    @Test
    void anIntegratorRegistersCamerasButSeesNoFootage() {
        String integrator = issue("{\"name\":\"installer\",\"role\":\"integrator\"}");
        assertThat(send("POST", "/api/cameras", integrator, "{\"id\":\"34020000001320000005\",\"url\":\"rtsp://10.0.0.5/x\"}")
                .statusCode()).isEqualTo(201);
        assertThat(send("GET", "/api/cameras/34020000001320000005", integrator, null).statusCode()).isEqualTo(200);
        for (String path : List.of("/api/search?" + window(), "/api/tracks", "/api/timeline?" + window(), "/api/clips",
                "/api/clips/clip-" + ANHUI + "/media", "/api/cameras/" + ANHUI + "/playlist.m3u8?" + window())) {
            assertThat(send("GET", path, integrator, null).statusCode()).as(path).isEqualTo(403);
        }
        // a scoped integrator registers inside its scope only
        String scoped = issue("{\"name\":\"fujian installer\",\"role\":\"integrator\",\"regions\":[\"35\"]}");
        assertThat(send("POST", "/api/cameras", scoped, "{\"id\":\"34020000001320000006\",\"url\":\"rtsp://10.0.0.6/x\"}")
                .statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/cameras", scoped, "{\"id\":\"35010000001320000006\",\"url\":\"rtsp://10.0.0.6/x\"}")
                .statusCode()).isEqualTo(201);
    }

    @Test
    void aRevokedTokenStopsAtOnceWithItsPlaybackGrants() {
        HttpResponse<String> created = send("POST", "/api/tokens", admin, "{\"name\":\"night shift\",\"role\":\"operator\"}");
        JsonObject token = new JsonObject(created.body());
        String operator = token.getString("token");
        JsonObject hit = new JsonObject(send("GET", "/api/search?" + window(), operator, null).body()).getJsonArray("hits").getJsonObject(0);
        String playback = hit.getString("playbackUrl");
        assertThat(playback).contains("grant=");
        // a plain player: no header, only the grant in the URL
        HttpResponse<String> playlist = send("GET", playback, null, null);
        assertThat(playlist.statusCode()).as(playlist.body()).isIn(200, 404); // 404: the test clip is no fMP4 to cut
        assertThat(playlist.statusCode()).isNotEqualTo(401);
        String grant = playback.substring(playback.indexOf("grant=") + 6);
        // a grant opens only its own camera's footage
        String other = hit.getString("cameraId").equals(ANHUI) ? FUJIAN : ANHUI;
        assertThat(send("GET", "/api/cameras/" + other + "/playlist.m3u8?" + window() + "&grant=" + grant, null, null).statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/api/search?" + window() + "&grant=" + grant, null, null).statusCode()).isEqualTo(403);

        assertThat(send("GET", "/api/tokens", admin, null).body()).contains("night shift").doesNotContain(operator);
        assertThat(send("DELETE", "/api/tokens/" + token.getString("id"), admin, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/search?" + window(), operator, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", playback, null, null).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/tokens/" + token.getString("id"), admin, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theAuditShowsWhoSearchedWhatAndCannotBeChangedThroughTheApi() throws Exception {
        String operator = issue("{\"name\":\"hefei duty desk\",\"role\":\"operator\",\"regions\":[\"3402\"]}");
        send("GET", "/api/search?" + window(), operator, null);
        send("GET", "/api/audit", operator, null); // refused, and that is audited too
        JsonArray entries = awaitAudit("action=search", 1);
        JsonObject search = entries.getJsonObject(0);
        assertThat(search.getString("tokenName")).isEqualTo("hefei duty desk");
        assertThat(search.getString("role")).isEqualTo("operator");
        assertThat(search.getString("client")).isEqualTo("127.0.0.1");
        assertThat(search.getInteger("status")).isEqualTo(200);
        assertThat(search.getJsonObject("detail").getInteger("hits")).isEqualTo(1);
        assertThat(search.getJsonObject("detail").getJsonObject("params").getString("from")).isEqualTo(T0.minusSeconds(60).toString());
        JsonArray refused = awaitAudit("action=audit.read&actor=hefei%20duty%20desk", 1);
        assertThat(refused.getJsonObject(0).getInteger("status")).isEqualTo(403);
        send("GET", "/api/cameras", "vgl_wrong", null);
        assertThat(awaitAudit("action=cameras.list", 1).stream().map(o -> ((JsonObject) o).getInteger("status"))).contains(401);

        // a filter no one's name can match, refused clearly (PostgreSQL refuses a NUL outright)
        HttpResponse<String> nul = send("GET", "/api/audit?actor=duty%00desk", admin, null);
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(nul.body()).getString("field")).isEqualTo("actor");
        assertThat(send("DELETE", "/api/audit", admin, null).statusCode()).isEqualTo(405);
        assertThat(send("PUT", "/api/audit", admin, "{}").statusCode()).isEqualTo(405);
        assertThat(AuditVerifier.verify(store).intact()).isTrue();

        // an entry changed behind the API's back is found
        long seq = search.getLong("seq");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("catalog/catalog.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE audit_entry SET token_name = 'somebody else' WHERE seq = " + seq);
        }
        AuditVerifier.Result after = AuditVerifier.verify(store);
        assertThat(after.intact()).isFalse();
        assertThat(after.problems()).anyMatch(p -> p.contains("entry " + seq + " was altered"));
    }

    @Test
    void auditEntriesWaitWhileTheCatalogIsLockedAndAreWrittenInOrderAfter() throws Exception {
        String operator = issue("{\"name\":\"night desk\",\"role\":\"operator\"}");
        // another program holds the catalog's write lock for longer than the store waits for it (10 s): searches are
        // answered (reading goes on), their audit entries cannot be written yet
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("catalog/catalog.db"));
             Statement st = lock.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            for (int i = 1; i <= 3; i++) {
                assertThat(send("GET", "/api/search?from=" + T0.minusSeconds(i) + "&to=" + T0.plusSeconds(60), operator, null)
                        .statusCode()).isEqualTo(200);
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (metric("vigil_audit_write_failures_total") < 1 && System.nanoTime() < deadline) Thread.sleep(200);
            assertThat(metric("vigil_audit_write_failures_total")).as("a try that failed, counted").isGreaterThanOrEqualTo(1);
            assertThat(metric("vigil_audit_pending")).isGreaterThanOrEqualTo(3);
            assertThat(new JsonObject(send("GET", "/health", null, null).body()).getInteger("auditPending")).isGreaterThanOrEqualTo(3);
            st.execute("ROLLBACK");
        }
        // written once the lock is gone, in the order the answers ended, on one intact chain
        JsonArray entries = awaitAudit("action=search&actor=night%20desk", 3);
        assertThat(entries.stream().map(o -> ((JsonObject) o).getString("target")))
                .containsExactly(List.of(3, 2, 1).stream().map(i -> "GET /api/search?from=" + T0.minusSeconds(i) + "&to="
                        + T0.plusSeconds(60)).toArray(String[]::new)); // newest first
        awaitNoAuditPending();
        assertThat(AuditVerifier.verify(store).intact()).isTrue();
    }

    @Test
    void auditEntriesWaitingWhenTheProcessEndsAreWrittenByTheNextOne() throws Exception {
        Path journal = dir.resolve("spool").resolve("audit.journal");
        restartApi(journal); // as a node's API: waiting entries are kept on disk
        String operator = issue("{\"name\":\"late desk\",\"role\":\"operator\"}");
        awaitNoAuditPending(); // the token's own entry is in before the lock
        List<String> targets = new ArrayList<>();
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("catalog/catalog.db"));
             Statement st = lock.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            for (int i = 1; i <= 3; i++) {
                String path = "/api/search?from=" + T0.minusSeconds(i) + "&to=" + T0.plusSeconds(60);
                assertThat(send("GET", path, operator, null).statusCode()).isEqualTo(200);
                targets.add(0, "GET " + path); // the trail reads newest first
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (metric("vigil_audit_write_failures_total") < 1 && System.nanoTime() < deadline) Thread.sleep(200);
            assertThat(metric("vigil_audit_write_failures_total")).as("a try that failed").isGreaterThanOrEqualTo(1);
            // the process ends while the catalog is still out: nothing is tried after, nothing is written at the end...
            vertx.close().toCompletionStage().toCompletableFuture().join();
            // ...and a try under way when it ended gives up within the store's wait for the lock (10 s), as it would
            // have had the process been killed
            Thread.sleep(11_000);
            assertThat(Files.readAllLines(journal)).as("what waited is on disk").hasSize(3).allMatch(l -> l.contains("late desk"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal))).isEqualTo("rw-------");
            st.execute("ROLLBACK");
        }
        // the next run starts with the catalog back: the three are written first, in order, on one intact chain
        vertx = Vertx.vertx();
        startApi(journal);
        JsonArray entries = awaitAudit("action=search&actor=late%20desk", 3);
        assertThat(entries.stream().map(o -> ((JsonObject) o).getString("target"))).containsExactlyElementsOf(targets);
        awaitNoAuditPending();
        assertThat(journal).as("the journal is removed once nothing waits").doesNotExist();
        assertThat(AuditVerifier.verify(store).intact()).isTrue();
    }

    private void awaitNoAuditPending() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (metric("vigil_audit_pending") > 0 && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(metric("vigil_audit_pending")).isZero();
    }

    /** A metric's value as {@code /metrics} shows it (the first line of that name). */
    private double metric(String name) {
        return send("GET", "/metrics", null, null).body().lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
    }

    @Test
    void noSecretIsKeptInTheClearAndTheAdminFileIsTheOwnersOnly() throws Exception {
        String operator = issue("{\"name\":\"o\",\"role\":\"operator\"}");
        send("GET", "/api/search?" + window(), operator, null);
        awaitAudit("action=search", 1);
        assertThat(Files.getPosixFilePermissions(dir.resolve("admin.token"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String camera = send("GET", "/api/cameras/" + ANHUI, admin, null).body();
        assertThat(camera).doesNotContain("Cam3raPass").doesNotContain("QueryPass9");
        store.close();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("admin.token")).toList();
        }
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String secret : List.of(operator, admin, "Cam3raPass", "QueryPass9")) if (bytes.contains(secret)) found.add(f + ": " + secret);
        }
        assertThat(found).isEmpty();
        store = JdbcCatalogStore.sqlite(dir.resolve("catalog"));
    }

    @Test
    void repeatedFailedAuthenticationIsSlowedDown() {
        int status = 0;
        for (int i = 0; i < AuthFailures.FREE_FAILURES + 1 && status != 429; i++) status = send("GET", "/api/cameras", "vgl_guess" + i, null).statusCode();
        assertThat(status).isEqualTo(429);
        HttpResponse<String> r = send("GET", "/api/cameras", admin, null);
        assertThat(r.statusCode()).isEqualTo(429); // the address waits, whatever it sends
        assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    }

    /**
     * A token's regions and a request's camera id longer than the catalog's columns (PostgreSQL refuses such values:
     * the node answered 500, and an entry naming a long camera id in its path stopped the audit trail there): the
     * regions are refused by name, the request is audited with the id cut.
     */
    @Test
    void scopesAndIdsLongerThanTheCatalogKeepsAreRefusedOrCut() {
        List<String> counties = new ArrayList<>();
        for (int i = 0; i < 500; i++) counties.add("\"34" + String.format("%04d", i) + "\"");
        HttpResponse<String> wide = send("POST", "/api/tokens", admin, "{\"name\":\"every county\",\"role\":\"operator\",\"regions\":["
                + String.join(",", counties) + "]}");
        assertThat(wide.statusCode()).as(wide.body()).isEqualTo(400);
        assertThat(new JsonObject(wide.body()).getString("field")).isEqualTo("regions");
        assertThat(send("GET", "/api/cameras/" + "c".repeat(300), admin, null).statusCode()).isEqualTo(404);
        JsonObject entry = awaitAudit("action=camera.read", 1).getJsonObject(0);
        assertThat(entry.getString("cameraId")).hasSize(64).endsWith("\u2026");
    }

    @Test
    void aWrongMethodIsMethodNotAllowed() {
        assertThat(send("PUT", "/api/search", admin, "{}").statusCode()).isEqualTo(405);
        assertThat(send("DELETE", "/api/tracks", admin, null).statusCode()).isEqualTo(405);
        assertThat(send("GET", "/api/nothing-here", admin, null).statusCode()).isEqualTo(404);
    }

    /** Audit entries are written when an answer ends: wait for them. */
    private JsonArray awaitAudit(String query, int atLeast) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonArray entries;
        do {
            entries = new JsonObject(send("GET", "/api/audit?" + query, admin, null).body()).getJsonArray("entries");
            if (entries.size() >= atLeast) return entries;
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("audit entries for " + query + ": " + entries.size() + " after 10 s");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http(b.build());
    }

    private HttpResponse<String> http(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(request.method() + " " + request.uri(), e);
        }
    }
}
