package vigil.catalog.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.catalog.audit.AuditEvent;
import vigil.catalog.store.CatalogException;
import vigil.catalog.store.CatalogStore;

/**
 * Writes the API's audit entries to the catalog one after the other, in the order their answers ended. An entry the
 * catalog does not take (a PostgreSQL outage, a SQLite write lock held past the store's wait) stays first in line, in
 * memory, and is tried again with a growing pause (1 s doubling to 30 s) until it is written: a busy or absent
 * catalog delays the trail, it does not lose it. Up to {@link #CAPACITY} entries wait; beyond that new ones are
 * counted and logged as dropped. Metrics: {@code vigil_audit_pending}, {@code vigil_audit_write_failures_total},
 * {@code vigil_audit_dropped_total}, {@code vigil_audit_rejected_total}.
 *
 * <p>With a journal file (a node's), entries that wait are also on disk from the first failed try: the journal is
 * written then with all waiting entries, each entry put in line after that is appended to it (a line of JSON each;
 * appended without waiting for the disk, so a killed process loses none, a machine losing power the last few), and
 * how many of its entries the catalog has taken is noted beside it ({@code <journal>.taken}) every
 * {@link #TAKEN_NOTE_EVERY}; both are removed when none waits. A queue that starts with a journal left by an earlier
 * run (stopped or killed while the catalog was out) puts the entries not noted as taken first in line: the trail
 * loses none, and an entry taken after the last note is written once more (at most {@link #TAKEN_NOTE_EVERY}).
 * Without a journal, entries still waiting when the process ends are lost (logged at each failure).
 *
 * <p>An entry the catalog refuses for what it holds (PostgreSQL's data exceptions and constraint violations, SQLSTATE
 * classes 22 and 23 but a duplicate key, which a retry may clear) would be refused at every try and hold up every
 * entry after it: it is set aside instead, appended to {@code <journal>.rejected} (with a journal; else logged whole),
 * logged and counted ({@code vigil_audit_rejected_total}), and the entries after it are written.
 */
final class AuditQueue {

    private static final Logger log = LoggerFactory.getLogger(AuditQueue.class);
    /** Entries that may wait for the catalog, about 0.5 KB each: some 50 MB at most. */
    static final int CAPACITY = 100_000;
    private static final long FIRST_PAUSE_MS = 1_000;
    private static final long LONGEST_PAUSE_MS = 30_000;
    /** Entries of the journal the catalog takes between two notes of how many it has taken. */
    static final int TAKEN_NOTE_EVERY = 100;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Vertx vertx;
    private final CatalogStore store;
    private final Counter failures;
    private final Counter dropped;
    private final Counter rejected;
    /** Guarded by this: the entries not written yet, oldest first, and whether a writer is on them. */
    private final ArrayDeque<AuditEvent> pending = new ArrayDeque<>();
    private boolean writing;
    /** The writer's alone (one at a time): the pause before the next try after a failure. */
    private long pauseMs = FIRST_PAUSE_MS;
    /** Where waiting entries are kept on disk (null: memory only); guarded by this, as is whether it is being kept. */
    private final Path journal;
    private final Path takenNote;
    private boolean journaling;
    /** Entries at the journal's start the catalog has taken. */
    private long taken;

    AuditQueue(Vertx vertx, CatalogStore store, MeterRegistry metrics) {
        this(vertx, store, metrics, null);
    }

    /** A queue whose waiting entries are also kept in {@code journal} (null: memory only); see the class comment. */
    AuditQueue(Vertx vertx, CatalogStore store, MeterRegistry metrics, Path journal) {
        this.vertx = vertx;
        this.store = store;
        this.journal = journal;
        this.takenNote = journal == null ? null : journal.resolveSibling(journal.getFileName() + ".taken");
        this.failures = Counter.builder("vigil.audit.write.failures")
                .description("audit entries the catalog did not take at a try (each is tried again)").register(metrics);
        this.dropped = Counter.builder("vigil.audit.dropped")
                .description("audit entries dropped because too many waited for the catalog").register(metrics);
        this.rejected = Counter.builder("vigil.audit.rejected")
                .description("audit entries the catalog refused for what they hold, set aside (see the node's log)").register(metrics);
        Gauge.builder("vigil.audit.pending", this, AuditQueue::pending)
                .description("audit entries waiting to be written to the catalog").register(metrics);
        if (journal != null && Files.exists(journal)) resume();
    }

    /** Puts the entries an earlier run left in the journal first in line, and starts writing them. */
    private void resume() {
        List<AuditEvent> left = new ArrayList<>();
        int unreadable = 0;
        long skip;
        try {
            skip = Files.exists(takenNote) ? Long.parseLong(Files.readString(takenNote, StandardCharsets.UTF_8).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            log.error("audit journal note {} unreadable ({}): every entry of the journal is written again", takenNote, e.toString());
            skip = 0;
        }
        long lines = 0;
        try {
            // decoded leniently: a line a killed run cut inside a character is one unreadable line, not a node that cannot start
            for (String line : new String(Files.readAllBytes(journal), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || lines++ < skip) continue;
                try {
                    left.add(decode(new JsonObject(line)));
                } catch (RuntimeException e) {
                    unreadable++; // the last line of a run killed while appending it
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the audit journal " + journal, e);
        }
        if (unreadable > 0) log.error("audit journal {}: {} unreadable line(s) skipped", journal, unreadable);
        if (left.isEmpty()) {
            endJournal();
            return;
        }
        log.warn("audit journal {} holds {} entries an earlier run could not write; writing them first", journal, left.size());
        synchronized (this) {
            pending.addAll(left);
            startJournal(); // written anew: without what was taken, or a line a killed run left half written
            writing = true;
        }
        writeSoon();
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
            if (journaling) appendToJournal(event);
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
                if (CatalogException.refusedForWhatItHolds(e)) {
                    setAside(next, e);
                    taken();
                    continue;
                }
                failures.increment();
                synchronized (this) {
                    if (journal != null && !journaling) startJournal();
                }
                long pause = pauseMs;
                pauseMs = Math.min(LONGEST_PAUSE_MS, 2 * pauseMs);
                log.warn("audit trail not written ({} entries wait; next try in {} s): {}", pending(), pause / 1000, e.toString());
                vertx.setTimer(pause, id -> writeSoon());
                return null;
            }
            taken();
            if (pauseMs != FIRST_PAUSE_MS) {
                pauseMs = FIRST_PAUSE_MS;
                log.info("audit trail written again ({} entries still wait)", pending());
            }
        }
    }

    /** The first entry in line is done with (written, or set aside): off the line, and counted as taken in the journal. */
    private synchronized void taken() {
        pending.poll();
        if (journaling) {
            taken++;
            if (pending.isEmpty()) {
                endJournal();
            } else if (taken % TAKEN_NOTE_EVERY == 0) {
                noteTaken();
            }
        }
    }

    /** An entry the catalog refused for what it holds: kept beside the journal (else in the log), logged and counted. */
    private void setAside(AuditEvent event, RuntimeException why) {
        rejected.increment();
        String line = encode(event).encode();
        if (journal != null) {
            Path aside = journal.resolveSibling(journal.getFileName() + ".rejected");
            try {
                Files.createDirectories(journal.toAbsolutePath().getParent());
                if (!Files.exists(aside)) Files.createFile(aside, OWNER_ONLY);
                Files.writeString(aside, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                log.error("audit entry for {} ({}) refused by the catalog for what it holds ({}); kept in {}, the entries after it are "
                        + "written", event.target(), event.action(), CatalogException.rootCause(why), aside);
                return;
            } catch (IOException io) {
                log.error("audit entry not kept in {}: {}", aside, io.toString());
            }
        }
        log.error("audit entry refused by the catalog for what it holds ({}), the entries after it are written; the entry: {}",
                CatalogException.rootCause(why), line);
    }

    /** The journal begun with every waiting entry, in order (a file beside it, then moved over it). Under this. */
    private void startJournal() {
        journaling = true;
        taken = 0;
        StringBuilder text = new StringBuilder();
        for (AuditEvent e : pending) text.append(encode(e).encode()).append('\n');
        try {
            Files.createDirectories(journal.toAbsolutePath().getParent());
            Files.deleteIfExists(takenNote);
            Path next = journal.resolveSibling(journal.getFileName() + ".next");
            Files.deleteIfExists(next);
            Files.createFile(next, OWNER_ONLY); // who asked what of the API, and from where: for the node's user alone
            Files.writeString(next, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(next, journal, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.error("audit journal {} not written ({} entries wait in memory only): {}", journal, pending.size(), e.toString());
        }
    }

    /** One entry appended to the journal (on the thread that ended the answer: no wait for the disk). Under this. */
    private void appendToJournal(AuditEvent event) {
        try {
            if (!Files.exists(journal)) Files.createFile(journal, OWNER_ONLY);
            Files.writeString(journal, encode(event).encode() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.error("audit entry for {} not appended to the journal {} (it waits in memory): {}", event.target(), journal, e.toString());
        }
    }

    /** How many of the journal's entries the catalog has taken, noted beside it (a file beside that, moved over it). Under this. */
    private void noteTaken() {
        try {
            Path next = takenNote.resolveSibling(takenNote.getFileName() + ".next");
            Files.writeString(next, Long.toString(taken), StandardCharsets.UTF_8);
            Files.move(next, takenNote, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("audit journal note {} not written (entries taken since the last may be written twice): {}", takenNote, e.toString());
        }
    }

    /** Nothing waits: the journal and its note go. */
    private void endJournal() {
        journaling = false;
        try {
            Files.deleteIfExists(journal);
            Files.deleteIfExists(takenNote);
        } catch (IOException e) {
            log.error("audit journal {} not removed (its entries would be written again at the next start): {}", journal, e.toString());
        }
    }

    static JsonObject encode(AuditEvent e) {
        return new JsonObject().put("at", e.at().toString()).put("tokenId", e.tokenId()).put("tokenName", e.tokenName())
                .put("role", e.role()).put("client", e.client()).put("action", e.action()).put("target", e.target())
                .put("cameraId", e.cameraId()).put("status", e.status()).put("detail", e.detail());
    }

    private static AuditEvent decode(JsonObject j) {
        return new AuditEvent(Instant.parse(j.getString("at")), j.getString("tokenId"), j.getString("tokenName"), j.getString("role"),
                j.getString("client"), j.getString("action"), j.getString("target"), j.getString("cameraId"), j.getInteger("status"),
                j.getString("detail"));
    }
}
