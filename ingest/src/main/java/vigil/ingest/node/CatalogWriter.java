package vigil.ingest.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.catalog.store.CatalogException;
import vigil.catalog.store.CatalogStore;
import vigil.catalog.store.Clip;
import vigil.catalog.store.MotionEventRecord;
import vigil.catalog.store.TrackRecord;
import vigil.ingest.record.FootageRetention;

/**
 * Writes ingest results to the catalog on a thread of its own, in the order they were produced. When the catalog
 * cannot be written (a database that is down), results go to an append-only {@link CatalogSpool} under the data
 * dir instead, in order, and are replayed in order when it answers again (every {@value #REPLAY_SECONDS} s it is
 * tried); a spool left by an earlier run is replayed at start. Past the spool's limit, results wait in memory and
 * the spool says it is full (metrics, log); past {@code maxHeld} of those (an outage of days on a node of many
 * cameras), new results are dropped rather than the node run out of memory, which would stop the recording of every
 * camera: each is counted by kind and the first of each outage logged. A clip dropped is found again at the node's
 * next start ({@code SegmentRecovery} catalogues every segment file the catalog lacks); motion events and tracks
 * dropped are lost. State changes are logged once.
 *
 * <p>A result the catalog refuses for what it holds ({@link CatalogException#refusedForWhatItHolds}: a PostgreSQL
 * data or constraint error, which no retry clears) would hold up every result after it, of every camera: it is set
 * aside instead, into {@code <spool>.rejected} (the spool's own format), logged and counted, and the results after it
 * are written.
 *
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><td>{@code vigil_catalog_unreachable}</td><td>1 while results are being spooled</td></tr>
 *   <tr><td>{@code vigil_catalog_spool_bytes}, {@code vigil_catalog_spool_records}</td><td>what waits in the spool</td></tr>
 *   <tr><td>{@code vigil_catalog_spool_full}</td><td>1 while the spool is at its limit (results wait in memory)</td></tr>
 *   <tr><td>{@code vigil_catalog_spool_held}</td><td>results waiting in memory</td></tr>
 *   <tr><td>{@code vigil_catalog_dropped_total{record}}</td><td>results dropped because spool and memory were full, by
 *   {@code record} (clip, motion, track)</td></tr>
 *   <tr><td>{@code vigil_catalog_rejected_total}</td><td>results the catalog refused for what they hold, set aside</td></tr>
 *   <tr><td>{@code vigil_catalog_latency_seconds{record}}</td><td>capture to catalog: from the capture of the latest
 *   frame a result describes (a motion event as of now, a track's last box, a clip's end) to its write into the
 *   catalog, by {@code record} (motion, track, clip)</td></tr>
 * </table>
 */
final class CatalogWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogWriter.class);
    static final int REPLAY_SECONDS = 2;

    private final CatalogStore store;
    private final FootageRetention retention;
    private final CatalogSpool spool;
    /** Where results the catalog refuses for what they hold are set aside: opened at the first (writer thread only). */
    private final Path rejectedFile;
    private final long rejectedMaxBytes;
    private CatalogSpool rejectedSpool;
    private final Counter rejected;
    private final long maxHeld;
    private final Counter droppedClips;
    private final Counter droppedMotion;
    private final Counter droppedTracks;
    /** Whether results are being dropped now (writer thread only): logged once an outage. */
    private boolean dropping;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "catalog-writer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong pending = new AtomicLong();
    /** Results the full spool could not take, in order (writer thread only). */
    private final Queue<Object> held = new ArrayDeque<>();
    private volatile boolean spooling;
    private volatile boolean spoolFull;
    private volatile int heldCount;
    private final Timer motionLatency;
    private final Timer trackLatency;
    private final Timer clipLatency;

    /**
     * @param retention told of each clip and thumbnail once it is in the catalog (footage it may count and delete)
     * @param spoolFile where results wait while the catalog is unreachable
     * @param maxHeld   results that may wait in memory once the spool is full; more are dropped
     */
    CatalogWriter(CatalogStore store, FootageRetention retention, Path spoolFile, long spoolMaxBytes, long maxHeld,
                  MeterRegistry metrics) {
        if (maxHeld < 0) throw new IllegalArgumentException("maxHeld must not be negative: " + maxHeld);
        this.maxHeld = maxHeld;
        this.store = store;
        this.retention = retention;
        this.rejectedFile = spoolFile.resolveSibling(spoolFile.getFileName() + ".rejected");
        this.rejectedMaxBytes = spoolMaxBytes;
        try {
            this.spool = new CatalogSpool(spoolFile, spoolMaxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("opening the catalog spool " + spoolFile, e);
        }
        Gauge.builder("vigil_catalog_unreachable", () -> spooling ? 1 : 0)
                .description("1 while catalog writes fail and results are spooled to disk").register(metrics);
        Gauge.builder("vigil_catalog_spool_bytes", this, w -> w.spool.bytes()).description("bytes waiting in the catalog spool").register(metrics);
        Gauge.builder("vigil_catalog_spool_records", this, w -> w.spool.records()).description("results waiting in the catalog spool").register(metrics);
        Gauge.builder("vigil_catalog_spool_full", () -> spoolFull ? 1 : 0).description("1 while the catalog spool is at its limit").register(metrics);
        Gauge.builder("vigil_catalog_spool_held", () -> heldCount).description("results waiting in memory for a full spool").register(metrics);
        rejected = Counter.builder("vigil_catalog_rejected").description("results the catalog refused for what they hold, set aside")
                .register(metrics);
        droppedClips = dropped(metrics, "clip");
        droppedMotion = dropped(metrics, "motion");
        droppedTracks = dropped(metrics, "track");
        motionLatency = latency(metrics, "motion");
        trackLatency = latency(metrics, "track");
        clipLatency = latency(metrics, "clip");
        if (!spool.isEmpty()) {
            spooling = true;
            log.warn("catalog spool {} holds {} result(s) an earlier run could not write; replaying them first",
                    spoolFile, spool.records());
            thread.execute(this::replay);
        }
    }

    private static Counter dropped(MeterRegistry metrics, String record) {
        return Counter.builder("vigil_catalog_dropped").tag("record", record)
                .description("results dropped because the catalog was unreachable and both spool and memory were full")
                .register(metrics);
    }

    private static Timer latency(MeterRegistry metrics, String record) {
        return Timer.builder("vigil_catalog_latency").tag("record", record)
                .description("from the capture of the latest frame a result describes to its write into the catalog")
                .register(metrics);
    }

    /** A result written: how long after the frame it describes was captured (a camera clock ahead counts as 0). */
    private static void capturedAt(Timer latency, Instant latest) {
        latency.record(Math.max(0, System.currentTimeMillis() - latest.toEpochMilli()), TimeUnit.MILLISECONDS);
    }

    void addClip(Clip clip) {
        submit(clip);
    }

    void putMotionEvent(MotionEventRecord event) {
        submit(event);
    }

    void addTrack(TrackRecord track) {
        submit(track);
    }

    /** Results not yet in the catalog: queued, spooled or held. */
    long pending() {
        return pending.get() + spool.records() + heldCount;
    }

    boolean spooling() {
        return spooling;
    }

    private void submit(Object record) {
        pending.incrementAndGet();
        thread.execute(() -> {
            try {
                if (!spooling) {
                    try {
                        writeOrSetAside(record);
                        return;
                    } catch (RuntimeException e) {
                        spooling = true;
                        log.error("catalog unreachable ({}); spooling results to {} until it answers", e.getMessage(), spool.file());
                        thread.schedule(this::replay, REPLAY_SECONDS, TimeUnit.SECONDS);
                    }
                }
                keep(record);
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    /** Into the spool, or (full, or a spool that cannot be written) into memory, behind what is already held. */
    private void keep(Object record) {
        if (held.isEmpty()) {
            try {
                if (spool.append(record)) return;
                if (!spoolFull) log.error("catalog spool {} is full ({} bytes); results wait in memory", spool.file(), spool.bytes());
            } catch (IOException e) {
                if (!spoolFull) log.error("catalog spool {} cannot be written ({}); results wait in memory", spool.file(), e.getMessage());
            }
            spoolFull = true;
        }
        if (held.size() >= maxHeld) {
            drop(record);
            return;
        }
        held.add(record);
        heldCount = held.size();
    }

    private void drop(Object record) {
        String kind;
        if (record instanceof Clip) {
            droppedClips.increment();
            kind = "clip (its segment file is catalogued at the node's next start)";
        } else if (record instanceof MotionEventRecord) {
            droppedMotion.increment();
            kind = "motion event";
        } else {
            droppedTracks.increment();
            kind = "track";
        }
        if (!dropping) {
            dropping = true;
            log.error("catalog unreachable, its spool {} full and {} result(s) waiting in memory: dropping new results until it "
                    + "answers (counted in vigil_catalog_dropped_total); the first a {} of camera {}", spool.file(), held.size(), kind,
                    cameraOf(record));
        }
    }

    /** Writes the spool, then what is held, in order; on success the catalog is written directly again. */
    private void replay() {
        long spooled = spool.records();
        try {
            spool.replay(this::writeOrSetAside);
            while (!held.isEmpty()) {
                writeOrSetAside(held.peek());
                held.poll();
                heldCount = held.size();
            }
        } catch (RuntimeException | IOException e) {
            thread.schedule(this::replay, REPLAY_SECONDS, TimeUnit.SECONDS);
            return;
        }
        spooling = false;
        spoolFull = false;
        if (dropping) {
            dropping = false;
            log.warn("catalog reachable again after dropping {} clip(s), {} motion event(s) and {} track(s) in all (the spool and memory were full)",
                    (long) droppedClips.count(), (long) droppedMotion.count(), (long) droppedTracks.count());
        }
        log.info("catalog reachable again: {} spooled result(s) written in order", spooled);
    }

    /** One result into the catalog; one it refuses for what it holds is set aside, so that it holds up none after it. */
    private void writeOrSetAside(Object record) {
        try {
            write(record);
        } catch (RuntimeException e) {
            if (!CatalogException.refusedForWhatItHolds(e)) throw e;
            rejected.increment();
            String kept;
            try {
                if (rejectedSpool == null) rejectedSpool = new CatalogSpool(rejectedFile, rejectedMaxBytes);
                kept = rejectedSpool.append(record) ? "kept in " + rejectedFile : "not kept (" + rejectedFile + " is full)";
            } catch (IOException io) {
                kept = "not kept (" + rejectedFile + ": " + io.getMessage() + ")";
            }
            log.error("the catalog refused a {} of camera {} for what it holds ({}); {}, the results after it are written",
                    record.getClass().getSimpleName(), cameraOf(record), CatalogException.rootCause(e), kept);
        }
    }

    private static String cameraOf(Object record) {
        if (record instanceof Clip c) return c.cameraId();
        if (record instanceof MotionEventRecord m) return m.cameraId();
        if (record instanceof TrackRecord t) return t.cameraId();
        return "?";
    }

    /** One result into the catalog, and what retention must know of it once it is there. */
    private void write(Object record) {
        if (record instanceof Clip clip) {
            store.addClip(clip);
            capturedAt(clipLatency, clip.end());
            retention.catalogued(clip);
        } else if (record instanceof MotionEventRecord event) {
            store.putMotionEvent(event);
            capturedAt(motionLatency, event.end());
        } else if (record instanceof TrackRecord track) {
            store.addTrack(track);
            capturedAt(trackLatency, track.end());
            if (track.thumbnailPath() != null) {
                try {
                    retention.thumbnailWritten(Files.size(Path.of(track.thumbnailPath())));
                } catch (IOException e) {
                    // the thumbnail was not written: nothing to count
                }
            }
        } else {
            throw new IllegalArgumentException("not a catalog record: " + record);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(15, TimeUnit.SECONDS)) {
                log.error("catalog writer: {} write(s) still queued at shutdown", pending.get());
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!spool.isEmpty()) log.warn("catalog spool {} keeps {} result(s) for the next start", spool.file(), spool.records());
        if (heldCount > 0) log.error("catalog writer: {} result(s) held in memory are lost at shutdown (the spool was full)", heldCount);
        try {
            if (rejectedSpool != null) rejectedSpool.close();
        } catch (IOException e) {
            log.warn("closing {}: {}", rejectedFile, e.getMessage());
        }
        try {
            spool.close();
        } catch (IOException e) {
            log.warn("closing the catalog spool: {}", e.getMessage());
        }
    }
}
