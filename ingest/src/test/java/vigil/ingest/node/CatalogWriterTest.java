package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.catalog.media.FootageLeases;
import vigil.catalog.store.Clip;
import vigil.catalog.store.JdbcCatalogStore;
import vigil.ingest.record.FootageRetention;
import vigil.ingest.record.RetentionSettings;

/**
 * A result a real PostgreSQL refuses for what it holds (here a check constraint the test adds to the clip table) is
 * set aside, and the results after it, of every camera, are written: before, the writer took the refusal for an
 * outage, spooled everything after it and retried the same result forever. Needs {@code VIGIL_TEST_POSTGRES} (set by
 * {@code .ci/run}).
 */
class CatalogWriterTest {

    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

    @TempDir
    Path dir;

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private String url;
    private String password;
    /** A schema of the test's own in the PostgreSQL, and a store and retention on it. */
    private String schema;
    private JdbcCatalogStore store;
    private FootageRetention retention;

    @BeforeEach
    void catalog() {
        url = CiEnvironment.require("no PostgreSQL to test against", "VIGIL_TEST_POSTGRES").get(0);
        password = System.getenv("VIGIL_CATALOG_PASSWORD");
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("CREATE SCHEMA " + schema);
        store = JdbcCatalogStore.postgres(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, password,
                dir.resolve("credentials.key"));
        retention = new FootageRetention(store, dir, new RetentionSettings(30, 0, 0, 3_600_000), new FootageLeases(), metrics,
                problem -> { }, Clock.systemUTC());
    }

    @AfterEach
    void dropSchema() {
        if (store != null) store.close();
        if (schema != null) sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private void addClips(CatalogWriter writer, List<String> cameras) {
        for (String camera : cameras) {
            writer.addClip(new Clip("clip-" + camera, camera, T0, T0.plusSeconds(10), dir.resolve(camera + ".mp4").toString(), 1000,
                    "h264", 1920, 1080));
        }
    }

    private List<String> camerasOfClips() {
        return store.clips(null, T0.minusSeconds(60), T0.plusSeconds(60), 10).stream().map(Clip::cameraId).toList();
    }

    private static void awaitNothingPending(CatalogWriter writer, long deadline) throws InterruptedException {
        while (writer.pending() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(writer.pending()).isZero();
    }

    @Test
    void aResultTheCatalogRefusesForWhatItHoldsIsSetAsideAndTheRestWritten() throws Exception {
        Path spool = dir.resolve("spool").resolve("catalog.spool");
        sql("ALTER TABLE " + schema + ".clip ADD CONSTRAINT no_poison CHECK (camera_id <> 'poison')");
        try (CatalogWriter writer = new CatalogWriter(store, retention, spool, 1 << 20, 1000, metrics)) {
            addClips(writer, List.of("north", "poison", "south"));
            awaitNothingPending(writer, System.nanoTime() + 20_000_000_000L);
            assertThat(writer.spooling()).as("the catalog taken for unreachable").isFalse();
        }
        assertThat(camerasOfClips()).containsExactlyInAnyOrder("north", "south");
        assertThat(metrics.counter("vigil_catalog_rejected").count()).isEqualTo(1);
        Path aside = spool.resolveSibling("catalog.spool.rejected");
        assertThat(aside).exists();
        try (CatalogSpool kept = new CatalogSpool(aside, 1 << 20)) {
            assertThat(kept.records()).isEqualTo(1);
        }
        assertThat(Files.size(spool)).as("nothing spooled").isZero();
    }

    @Test
    void pastAFullSpoolAndAFullMemoryNewResultsAreDroppedAndCountedAndWhatWaitedIsWrittenWhenTheCatalogAnswers() throws Exception {
        // a spool that takes nothing (one byte), and room in memory for two results
        try (CatalogWriter writer = new CatalogWriter(store, retention, dir.resolve("spool").resolve("catalog.spool"), 1, 2, metrics)) {
            // the catalog stops taking clips: a real refusal of PostgreSQL's that no result's content causes
            sql("REVOKE ALL ON " + schema + ".clip FROM CURRENT_USER");
            addClips(writer, List.of("c1", "c2", "c3", "c4", "c5"));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (metrics.counter("vigil_catalog_dropped", "record", "clip").count() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(writer.spooling()).isTrue();
            assertThat(metrics.get("vigil_catalog_spool_full").gauge().value()).isEqualTo(1);
            assertThat(metrics.get("vigil_catalog_spool_held").gauge().value()).as("held in memory, no more").isEqualTo(2);
            assertThat(metrics.counter("vigil_catalog_dropped", "record", "clip").count()).isEqualTo(3);

            sql("GRANT ALL ON " + schema + ".clip TO CURRENT_USER");
            awaitNothingPending(writer, deadline);
            assertThat(writer.spooling()).isFalse();
        }
        assertThat(camerasOfClips()).as("the two held, in order; the three after them dropped").containsExactly("c1", "c2");
        assertThat(metrics.counter("vigil_catalog_dropped", "record", "track").count()).isZero();
    }

    private void sql(String statement) {
        try (Connection c = DriverManager.getConnection(url, null, password); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }
}
