package vigil.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.catalog.audit.AuditEntry;
import vigil.catalog.audit.AuditEvent;
import vigil.catalog.audit.AuditVerifier;
import vigil.catalog.store.CatalogException;
import vigil.catalog.store.JdbcCatalogStore;
import vigil.catalog.store.TestPostgres;

/** The audit queue's journal as a run killed during a catalog outage leaves it, read by the next run (real SQLite). */
class AuditQueueTest {

    @TempDir
    Path dir;

    /**
     * An entry a real PostgreSQL refuses for what it holds (here a check constraint the test adds) is set aside, kept
     * beside the journal and counted, and the entries after it are written: before, it was tried again forever and
     * held up the whole trail behind it. Needs {@code VIGIL_TEST_POSTGRES} (set by {@code .ci/run}).
     */
    @Test
    void anEntryTheCatalogRefusesForWhatItHoldsIsSetAsideAndTheRestWritten() throws Exception {
        String schema = TestPostgres.newSchema();
        Path journal = dir.resolve("spool").resolve("audit.journal");
        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (JdbcCatalogStore store = TestPostgres.open(schema, dir)) {
            TestPostgres.sql("ALTER TABLE " + schema + ".audit_entry ADD CONSTRAINT no_poison CHECK (target NOT LIKE '%poison%')");
            AuditQueue queue = new AuditQueue(vertx, store, metrics, journal);
            for (String target : List.of("GET /api/cameras/a", "GET /api/cameras/poison", "GET /api/cameras/b")) {
                queue.submit(new AuditEvent(Instant.parse("2026-12-03T08:00:00Z"), null, null, null, "10.0.0.7", "camera.read", target,
                        null, 404, null));
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (queue.pending() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(queue.pending()).isZero();
            assertThat(store.auditEntries(0, 1000)).extracting(AuditEntry::event).extracting(AuditEvent::target)
                    .containsExactly("GET /api/cameras/a", "GET /api/cameras/b");
            assertThat(Files.readString(journal.resolveSibling("audit.journal.rejected"))).contains("GET /api/cameras/poison")
                    .doesNotContain("/api/cameras/a\"");
            assertThat(metrics.counter("vigil.audit.rejected").count()).isEqualTo(1);
            assertThat(metrics.counter("vigil.audit.write.failures").count()).isZero();
            assertThat(AuditVerifier.verify(store).intact()).isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            TestPostgres.dropSchema(schema);
        }
    }

    /** A transient failure (the catalog away, a lock) is not a refusal: the entry waits and is tried again. */
    @Test
    void onlyDataErrorsAreRefusalsForWhatAnEntryHolds() {
        assertThat(CatalogException.refusedForWhatItHolds(new RuntimeException(new SQLException("value too long", "22001")))).isTrue();
        assertThat(CatalogException.refusedForWhatItHolds(new RuntimeException(new SQLException("check", "23514")))).isTrue();
        assertThat(CatalogException.refusedForWhatItHolds(new RuntimeException(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(CatalogException.refusedForWhatItHolds(new RuntimeException(new SQLException("connection refused", "08001")))).isFalse();
        assertThat(CatalogException.refusedForWhatItHolds(new RuntimeException(new SQLException("[SQLITE_BUSY]")))).isFalse();
        assertThat(CatalogException.refusedForWhatItHolds(new IllegalStateException("no cause"))).isFalse();
    }

    @Test
    void theNextRunWritesTheJournalsEntriesNotNotedAsTakenAndSkipsALineCutShort() throws Exception {
        Path journal = dir.resolve("spool").resolve("audit.journal");
        Files.createDirectories(journal.getParent());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            text.append(AuditQueue.encode(new AuditEvent(Instant.parse("2026-12-03T08:00:00Z").plusSeconds(i), "tok", "night desk",
                    "operator", "10.0.0.7", "search", "GET /api/search?n=" + i, null, 200, null)).encode()).append('\n');
        }
        // the earlier run noted 100 taken, then was killed inside its next append (in the middle of a character)
        byte[] cut = "{\"at\":\"2026-12-03T09:00:00Z\",\"tokenName\":\"dé".getBytes(StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(journal)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.write(cut, 0, cut.length - 1);
        }
        Files.writeString(journal.resolveSibling("audit.journal.taken"), "100");

        Vertx vertx = Vertx.vertx();
        try (JdbcCatalogStore store = JdbcCatalogStore.sqlite(dir.resolve("catalog"))) {
            AuditQueue queue = new AuditQueue(vertx, store, new SimpleMeterRegistry(), journal);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (queue.pending() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(queue.pending()).isZero();
            assertThat(store.auditEntries(0, 1000)).extracting(AuditEntry::event).extracting(AuditEvent::target)
                    .containsExactlyElementsOf(IntStream.range(100, 150).mapToObj(i -> "GET /api/search?n=" + i).toList());
            assertThat(journal).doesNotExist();
            assertThat(journal.resolveSibling("audit.journal.taken")).doesNotExist();
            assertThat(AuditVerifier.verify(store).intact()).isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
