package vigil.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.catalog.audit.AuditEntry;
import vigil.catalog.audit.AuditEvent;
import vigil.catalog.audit.AuditVerifier;
import vigil.catalog.store.JdbcCatalogStore;

/** The audit queue's journal as a run killed during a catalog outage leaves it, read by the next run (real SQLite). */
class AuditQueueTest {

    @TempDir
    Path dir;

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
