package vigil.ingest.record;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.catalog.camera.Camera;
import vigil.catalog.media.FootageLeases;
import vigil.catalog.store.CatalogStore;
import vigil.catalog.store.Clip;
import vigil.catalog.store.SearchQuery;
import vigil.catalog.store.TrackPage;
import vigil.catalog.store.TrackQuery;
import vigil.catalog.store.TrackRecord;
import vigil.catalog.search.SearchArea;
import vigil.catalog.search.TrackFilter;
import vigil.catalog.camera.CameraIds;

/**
 * Deletes old footage so a node recording around the clock never fills its disk: each camera's footage older than
 * its {@code retentionDays} (else the node's default), and, oldest first across cameras, whatever keeps footage
 * over the disk limit. Catalog rows go first (clips, motion events and tracks that start before the cut), then
 * the files, so no search returns a hit whose footage is gone; files being exported or served
 * ({@link FootageLeases}) are left until their reader is done. Runs on a thread of its own, a bounded batch at
 * a time, on a timer and whenever a new segment takes footage over the limit.
 *
 * <p>Footage bytes are counted once at start (segment and thumbnail files under the data dir), then kept by
 * adding what is catalogued and subtracting what is deleted; a segment being written is allowed for by keeping
 * room for one more segment per camera.
 */
public final class FootageRetention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FootageRetention.class);
    /** Clips deleted per catalog round trip. */
    private static final int BATCH = 200;

    private final CatalogStore store;
    private final Path segments;
    private final Path thumbnails;
    private final RetentionSettings limits;
    private final FootageLeases leases;
    private final Consumer<String> storageProblem;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final AtomicLong footageBytes = new AtomicLong();
    private final AtomicBoolean passQueued = new AtomicBoolean();
    /** Per camera, the sizes of its last few segments: the room a segment being written may need. */
    private final Map<String, long[]> recentSegmentBytes = new ConcurrentHashMap<>();
    private static final int RECENT = 8;
    private final Map<String, Long> oldestPerCamera = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;
    private final Counter deletedBytes;
    private volatile boolean counted;
    private volatile String blocked;

    /**
     * @param storageProblem told a sentence when footage cannot be kept under the limit, and null once it can again
     */
    public FootageRetention(CatalogStore store, Path dataDir, RetentionSettings limits, FootageLeases leases, MeterRegistry metrics,
                            Consumer<String> storageProblem, Clock clock) {
        this.store = store;
        this.segments = dataDir.resolve("segments").toAbsolutePath().normalize();
        this.thumbnails = dataDir.resolve("thumbnails").toAbsolutePath().normalize();
        this.limits = limits;
        this.leases = leases;
        this.storageProblem = storageProblem;
        this.clock = clock;
        this.metrics = metrics;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-retention");
            t.setDaemon(true);
            return t;
        });
        Gauge.builder("vigil.footage.bytes", footageBytes, AtomicLong::get)
                .description("bytes of recorded segments and thumbnails on this node").register(metrics);
        Gauge.builder("vigil.footage.limit.bytes", this, r -> r.limitBytes())
                .description("bytes footage may use under --max-disk (a share of the disk counts what else is on it)").register(metrics);
        Gauge.builder("vigil.retention.blocked", this, r -> r.blocked == null ? 0 : 1)
                .description("1 when footage is over the limit and nothing more can be deleted").register(metrics);
        deletedBytes = Counter.builder("vigil.footage.deleted.bytes").description("bytes of footage deleted by retention")
                .register(metrics);
    }

    /** Counts what is on disk, then runs a pass every interval. */
    public void start() {
        thread.execute(this::countFootage);
        thread.scheduleWithFixedDelay(this::pass, 0, limits.intervalMs(), TimeUnit.MILLISECONDS);
    }

    /** Counts the footage on disk; until then nothing is deleted for space. */
    void countFootage() {
        footageBytes.addAndGet(sizeOf(segments) + sizeOf(thumbnails));
        counted = true;
        log.info("retention: {} MB of footage on disk; keeping {} days by default{}", footageBytes.get() >> 20,
                    limits.defaultDays(), limits.maxDiskBytes() > 0 ? ", at most " + (limits.maxDiskBytes() >> 20) + " MB"
                            : " and the disk at most " + Math.round(limits.maxDiskFraction() * 100) + "% full");
    }

    /** A segment is in the catalog: count it, and make room at once when footage is now over the limit. */
    public void catalogued(Clip clip) {
        if (counted) footageBytes.addAndGet(clip.bytes()); // before, the count on disk finds it
        long[] recent = recentSegmentBytes.computeIfAbsent(clip.cameraId(), k -> new long[RECENT + 1]);
        synchronized (recent) {
            recent[(int) (recent[RECENT]++ % RECENT)] = clip.bytes();
        }
        if (oldestPerCamera.putIfAbsent(clip.cameraId(), clip.start().toEpochMilli()) == null) registerOldestGauge(clip.cameraId());
        if (counted && overBy() > 0 && passQueued.compareAndSet(false, true)) thread.execute(this::pass);
    }

    /** A thumbnail file was written. */
    public void thumbnailWritten(long bytes) {
        if (counted) footageBytes.addAndGet(bytes);
    }

    public long footageBytes() {
        return footageBytes.get();
    }

    /** One round: ages first, then the disk limit. Never throws: a failure is logged and the next round tries again. */
    void pass() {
        passQueued.set(false);
        if (!counted) return;
        try {
            expireByAge();
            String problem = keepUnderLimit();
            if (problem == null && blocked != null) {
                log.info("retention: footage is back under the limit");
                storageProblem.accept(null);
            } else if (problem != null && !problem.equals(blocked)) {
                log.error("retention: {}", problem);
                storageProblem.accept(problem);
            }
            blocked = problem;
        } catch (RuntimeException e) {
            log.error("retention pass failed; the next one tries again", e);
        }
    }

    // ---- by age

    private void expireByAge() {
        Map<String, Integer> days = new HashMap<>();
        for (Camera c : store.cameras()) if (c.retentionDays() != null) days.put(c.id(), c.retentionDays());
        Instant now = clock.instant();
        for (String cameraId : camerasOnDisk()) {
            Instant cutoff = now.minus(Duration.ofDays(days.getOrDefault(cameraId, limits.defaultDays())));
            boolean complete;
            while (true) {
                List<Clip> old = store.clips(cameraId, Instant.EPOCH, cutoff, BATCH).stream()
                        .filter(c -> c.start().isBefore(cutoff)).toList();
                int deleted = old.isEmpty() ? 0 : deleteOldest(cameraId, old);
                complete = deleted == old.size();
                if (!complete || old.size() < BATCH) break;
            }
            if (complete) {
                // no clip starts before the cutoff now: motion and tracks of that time go too (even where
                // nothing was recorded), and what is left on disk of those days is not in the catalog
                store.removeFootage(cameraId, cutoff);
                removeOldDays(CameraIds.folderOf(segments, cameraId), cutoff);
                removeOldDays(CameraIds.folderOf(thumbnails, cameraId), cutoff);
            }
            noteOldest(cameraId);
        }
    }

    // ---- by disk

    /** @return why footage could not be brought under the limit, or null */
    private String keepUnderLimit() {
        Set<String> stuck = new HashSet<>();
        while (overBy() > 0) {
            List<Clip> oldest = store.oldestClips(segments.toString() + "/", BATCH);
            Map<String, List<Clip>> byCamera = new HashMap<>();
            for (Clip c : oldest) if (!stuck.contains(c.cameraId())) byCamera.computeIfAbsent(c.cameraId(), k -> new ArrayList<>()).add(c);
            if (byCamera.isEmpty()) {
                return "footage uses " + (footageBytes.get() >> 20) + " MB, over the limit of " + (limitBytes() >> 20)
                        + " MB, and nothing more can be deleted" + (oldest.isEmpty() ? "" : " (the oldest is being exported or served)");
            }
            // oldest first, a clip at a time, until under the limit
            List<Clip> queue = new ArrayList<>();
            byCamera.values().forEach(queue::addAll);
            queue.sort(Comparator.comparing(Clip::start));
            for (Clip c : queue) {
                if (overBy() <= 0) break;
                if (stuck.contains(c.cameraId())) continue;
                if (deleteOldest(c.cameraId(), List.of(c)) == 0) stuck.add(c.cameraId());
            }
        }
        return null;
    }

    /**
     * Bytes footage must shrink by: over the limit, with room for the segment each camera is writing (twice its
     * largest recent segment: segments vary with what the camera sees, and one closes before retention runs).
     */
    private long overBy() {
        long room = 0;
        for (long[] recent : recentSegmentBytes.values()) {
            long max = 0;
            synchronized (recent) {
                for (int i = 0; i < RECENT; i++) max = Math.max(max, recent[i]);
            }
            room += 2 * max;
        }
        long limit = limitBytes();
        return limit == Long.MAX_VALUE ? 0 : footageBytes.get() + room - limit;
    }

    /** What footage may use: the size given, or what the disk share leaves after everything else on it. */
    private long limitBytes() {
        if (limits.maxDiskBytes() > 0) return limits.maxDiskBytes();
        try {
            FileStore fs = Files.getFileStore(Files.exists(segments) ? segments : segments.getParent());
            long total = fs.getTotalSpace(), used = total - fs.getUsableSpace();
            long others = Math.max(0, used - footageBytes.get());
            return (long) (limits.maxDiskFraction() * total) - others;
        } catch (IOException e) {
            return Long.MAX_VALUE; // cannot tell: do not delete for space
        }
    }

    // ---- deleting

    /**
     * Deletes the given oldest clips of one camera (oldest first), stopping before the first one being read.
     * Rows first (everything of the camera that starts before the last deleted clip ends), then files.
     *
     * @return how many were deleted
     */
    private int deleteOldest(String cameraId, List<Clip> oldestFirst) {
        List<Clip> take = new ArrayList<>();
        for (Clip c : oldestFirst) {
            if (leases.isHeld(c.path())) break;
            take.add(c);
        }
        if (take.isEmpty()) return 0;
        Instant cut = take.get(take.size() - 1).end();
        List<String> thumbs = thumbnailsBefore(cameraId, cut);
        // rows of footage that starts before the cut; a later clip never starts before an earlier one ends
        store.removeFootage(cameraId, cut);
        long freed = 0;
        for (String t : thumbs) {
            try {
                Path f = Path.of(t);
                long size = Files.size(f);
                if (Files.deleteIfExists(f)) freed += size;
            } catch (IOException e) {
                // gone already, or never written
            }
        }
        for (Clip c : take) {
            Path file = Path.of(c.path());
            try {
                if (Files.deleteIfExists(file)) freed += c.bytes();
            } catch (IOException e) {
                log.warn("retention: cannot delete {} ({}); its catalog entry is gone already", file, e.getMessage());
            }
            deleteIfEmpty(file.getParent());
        }
        footageBytes.addAndGet(-freed);
        deletedBytes.increment(freed);
        noteOldest(cameraId);
        return take.size();
    }

    /** Thumbnail files of the camera's tracks that end before {@code cut}: they go with their tracks. */
    private List<String> thumbnailsBefore(String cameraId, Instant cut) {
        List<String> out = new ArrayList<>();
        SearchQuery.Position after = null;
        do {
            TrackPage page = store.tracks(new TrackQuery(Instant.EPOCH, cut, SearchArea.cameras(List.of(cameraId)), null,
                    TrackFilter.NONE, 500, after));
            for (TrackRecord t : page.tracks()) if (t.thumbnailPath() != null && t.end().isBefore(cut)) out.add(t.thumbnailPath());
            after = page.next();
        } while (after != null);
        return out;
    }

    private void noteOldest(String cameraId) {
        store.clips(cameraId, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), 1).stream().findFirst()
                .ifPresentOrElse(c -> oldestPerCamera.put(cameraId, c.start().toEpochMilli()), () -> oldestPerCamera.remove(cameraId));
        registerOldestGauge(cameraId);
    }

    /** Deletes day folders (segments or thumbnails of one camera) that end before the cutoff, unless a file in one is being read. */
    private void removeOldDays(Path cameraDir, Instant cutoff) {
        if (!Files.isDirectory(cameraDir)) return;
        LocalDate firstKept = cutoff.atZone(ZoneOffset.UTC).toLocalDate();
        try (Stream<Path> days = Files.list(cameraDir)) {
            for (Path day : days.filter(Files::isDirectory).toList()) {
                Optional<LocalDate> date = dayOf(day);
                if (date.isEmpty() || !date.get().isBefore(firstKept)) continue;
                long freed = 0;
                try (Stream<Path> files = Files.list(day)) {
                    for (Path f : files.toList()) {
                        if (leases.isHeld(f.toString())) continue;
                        long size = Files.size(f);
                        if (Files.deleteIfExists(f)) freed += size;
                    }
                }
                footageBytes.addAndGet(-freed);
                deletedBytes.increment(freed);
                deleteIfEmpty(day);
            }
        } catch (IOException e) {
            log.warn("retention: cannot clear old days of {} ({})", cameraDir, e.getMessage());
        }
    }

    private static Optional<LocalDate> dayOf(Path dir) {
        try {
            return Optional.of(LocalDate.parse(dir.getFileName().toString()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isEmpty()) Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a folder that is not empty, or gone already: nothing to do
        }
    }

    private List<String> camerasOnDisk() {
        if (!Files.isDirectory(segments)) return List.of();
        try (Stream<Path> dirs = Files.list(segments)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            log.warn("retention: cannot list {} ({})", segments, e.getMessage());
            return List.of();
        }
    }

    private final Set<String> oldestGauges = ConcurrentHashMap.newKeySet();

    private void registerOldestGauge(String cameraId) {
        if (!oldestGauges.add(cameraId)) return;
        Gauge.builder("vigil.footage.oldest.timestamp.seconds", oldestPerCamera, m -> m.getOrDefault(cameraId, 0L) / 1000.0)
                .description("capture time of the oldest footage kept of a camera, UTC epoch seconds")
                .tag("camera", cameraId).register(metrics);
    }

    private static long sizeOf(Path root) {
        if (!Files.isDirectory(root)) return 0;
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            log.warn("retention: cannot measure {} ({})", root, e.getMessage());
            return 0;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
