package vigil.catalog.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.catalog.audit.AuditEvent;
import vigil.catalog.store.CatalogStore;

/**
 * Writes the API's audit entries to the catalog one after the other, in the order their answers ended. An entry the
 * catalog does not take (a PostgreSQL outage, a SQLite write lock held past the store's wait) stays first in line, in
 * memory, and is tried again with a growing pause (1 s doubling to 30 s) until it is written: a busy or absent
 * catalog delays the trail, it does not lose it. Up to {@link #CAPACITY} entries wait; beyond that new ones are
 * counted and logged as dropped. Metrics: {@code vigil_audit_pending}, {@code vigil_audit_write_failures_total},
 * {@code vigil_audit_dropped_total}. Entries still waiting when the process ends are lost (logged at each failure).
 */
final class AuditQueue {

    private static final Logger log = LoggerFactory.getLogger(AuditQueue.class);
    /** Entries that may wait for the catalog, about 0.5 KB each: some 50 MB at most. */
    static final int CAPACITY = 100_000;
    private static final long FIRST_PAUSE_MS = 1_000;
    private static final long LONGEST_PAUSE_MS = 30_000;

    private final Vertx vertx;
    private final CatalogStore store;
    private final Counter failures;
    private final Counter dropped;
    /** Guarded by this: the entries not written yet, oldest first, and whether a writer is on them. */
    private final ArrayDeque<AuditEvent> pending = new ArrayDeque<>();
    private boolean writing;
    /** The writer's alone (one at a time): the pause before the next try after a failure. */
    private long pauseMs = FIRST_PAUSE_MS;

    AuditQueue(Vertx vertx, CatalogStore store, MeterRegistry metrics) {
        this.vertx = vertx;
        this.store = store;
        this.failures = Counter.builder("vigil.audit.write.failures")
                .description("audit entries the catalog did not take at a try (each is tried again)").register(metrics);
        this.dropped = Counter.builder("vigil.audit.dropped")
                .description("audit entries dropped because too many waited for the catalog").register(metrics);
        Gauge.builder("vigil.audit.pending", this, AuditQueue::pending)
                .description("audit entries waiting to be written to the catalog").register(metrics);
    }

    /** Entries waiting to be written. */
    synchronized int pending() {
        return pending.size();
    }

    /** Puts {@code event} in line; written as soon as those before it are. Any thread. */
    void submit(AuditEvent event) {
        synchronized (this) {
            if (pending.size() >= CAPACITY) {
                dropped.increment();
                log.error("audit entry for {} ({}) dropped: {} entries already wait for the catalog", event.target(), event.action(),
                        pending.size());
                return;
            }
            pending.add(event);
            if (writing) return;
            writing = true;
        }
        writeSoon();
    }

    private void writeSoon() {
        vertx.executeBlocking(this::writePending, false);
    }

    /** Writes the waiting entries in order until none is left, or one is not taken: then tries again later. */
    private Void writePending() {
        while (true) {
            AuditEvent next;
            synchronized (this) {
                next = pending.peek();
                if (next == null) {
                    writing = false;
                    return null;
                }
            }
            try {
                store.appendAudit(next);
            } catch (RuntimeException e) {
                failures.increment();
                long pause = pauseMs;
                pauseMs = Math.min(LONGEST_PAUSE_MS, 2 * pauseMs);
                log.warn("audit trail not written ({} entries wait; next try in {} s): {}", pending(), pause / 1000, e.toString());
                vertx.setTimer(pause, id -> writeSoon());
                return null;
            }
            synchronized (this) {
                pending.poll();
            }
            if (pauseMs != FIRST_PAUSE_MS) {
                pauseMs = FIRST_PAUSE_MS;
                log.info("audit trail written again ({} entries still wait)", pending());
            }
        }
    }
}
