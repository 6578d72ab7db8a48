package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    @TempDir
    Path dir;

    @Test
    void aResultTheCatalogRefusesForWhatItHoldsIsSetAsideAndTheRestWritten() throws Exception {
        String url = postgres(), password = System.getenv("VIGIL_CATALOG_PASSWORD");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql(url, password, "CREATE SCHEMA " + schema);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Path spool = dir.resolve("spool").resolve("catalog.spool");
        Instant t0 = Instant.parse("2026-12-03T08:00:00Z");
        try (JdbcCatalogStore store = JdbcCatalogStore.postgres(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                password, dir.resolve("credentials.key"))) {
            sql(url, password, "ALTER TABLE " + schema + ".clip ADD CONSTRAINT no_poison CHECK (camera_id <> 'poison')");
            FootageRetention retention = new FootageRetention(store, dir, new RetentionSettings(30, 0, 0, 3_600_000), new FootageLeases(),
                    metrics, problem -> { }, Clock.systemUTC());
            try (CatalogWriter writer = new CatalogWriter(store, retention, spool, 1 << 20, 1000, metrics)) {
                for (String camera : List.of("north", "poison", "south")) {
                    writer.addClip(new Clip("clip-" + camera, camera, t0, t0.plusSeconds(10), dir.resolve(camera + ".mp4").toString(), 1000,
                            "h264", 1920, 1080));
                }
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (writer.pending() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(writer.pending()).isZero();
                assertThat(writer.spooling()).as("the catalog taken for unreachable").isFalse();
            }
            assertThat(store.clips(null, t0.minusSeconds(60), t0.plusSeconds(60), 10)).extracting(Clip::cameraId)
                    .containsExactlyInAnyOrder("north", "south");
            assertThat(metrics.counter("vigil_catalog_rejected").count()).isEqualTo(1);
            Path aside = spool.resolveSibling("catalog.spool.rejected");
            assertThat(aside).exists();
            try (CatalogSpool kept = new CatalogSpool(aside, 1 << 20)) {
                assertThat(kept.records()).isEqualTo(1);
            }
            assertThat(Files.size(spool)).as("nothing spooled").isZero();
        } finally {
            sql(url, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void pastAFullSpoolAndAFullMemoryNewResultsAreDroppedAndCountedAndWhatWaitedIsWrittenWhenTheCatalogAnswers() throws Exception {
        String url = postgres(), password = System.getenv("VIGIL_CATALOG_PASSWORD");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql(url, password, "CREATE SCHEMA " + schema);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Instant t0 = Instant.parse("2026-12-03T08:00:00Z");
        try (JdbcCatalogStore store = JdbcCatalogStore.postgres(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                password, dir.resolve("credentials.key"))) {
            FootageRetention retention = new FootageRetention(store, dir, new RetentionSettings(30, 0, 0, 3_600_000), new FootageLeases(),
                    metrics, problem -> { }, Clock.systemUTC());
            // a spool that takes nothing (one byte), and room in memory for two results
            try (CatalogWriter writer = new CatalogWriter(store, retention, dir.resolve("spool").resolve("catalog.spool"), 1, 2, metrics)) {
                // the catalog stops taking clips: a real refusal PostgreSQL gives, which no result's content causes
                sql(url, password, "REVOKE ALL ON " + schema + ".clip FROM CURRENT_USER");
                List<String> cameras = List.of("c1", "c2", "c3", "c4", "c5");
                for (String camera : cameras) {
                    writer.addClip(new Clip("clip-" + camera, camera, t0, t0.plusSeconds(10), dir.resolve(camera + ".mp4").toString(), 1000,
                            "h264", 1920, 1080));
                }
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (metrics.counter("vigil_catalog_dropped", "record", "clip").count() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(writer.spooling()).isTrue();
                assertThat(metrics.get("vigil_catalog_spool_full").gauge().value()).isEqualTo(1);
                assertThat(metrics.get("vigil_catalog_spool_held").gauge().value()).as("held in memory, no more").isEqualTo(2);
                assertThat(metrics.counter("vigil_catalog_dropped", "record", "clip").count()).isEqualTo(3);

                sql(url, password, "GRANT ALL ON " + schema + ".clip TO CURRENT_USER");
                while (writer.pending() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(writer.pending()).isZero();
                assertThat(writer.spooling()).isFalse();
            }
            assertThat(store.clips(null, t0.minusSeconds(60), t0.plusSeconds(60), 10)).extracting(Clip::cameraId)
                    .as("the two held, in order; the three after them dropped").containsExactly("c1", "c2");
            assertThat(metrics.counter("vigil_catalog_dropped", "record", "track").count()).isZero();
        } finally {
            sql(url, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** The PostgreSQL to test against, from {@code VIGIL_TEST_POSTGRES}; skipped without it, failed under CI. */
    private static String postgres() {
        String url = System.getenv("VIGIL_TEST_POSTGRES");
        if (url == null || url.isBlank()) {
            if (System.getenv("CI") != null) fail("CI is set but VIGIL_TEST_POSTGRES is not: .ci/run starts PostgreSQL and sets it");
            assumeTrue(false, "VIGIL_TEST_POSTGRES is not set: no PostgreSQL to test against (.ci/run sets it)");
        }
        return url;
    }

    private static void sql(String url, String password, String statement) {
        try (Connection c = DriverManager.getConnection(url, null, password); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }
}
