package vigil.ingest.node;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.analytics.LumaFrame;
import vigil.analytics.ground.GroundProjection;
import vigil.analytics.motion.MotionDetector;
import vigil.analytics.motion.MotionEvent;
import vigil.analytics.motion.MotionEventDetector;
import vigil.analytics.motion.MotionResult;
import vigil.analytics.track.FinishedTrack;
import vigil.analytics.track.SceneTracker;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.CameraIds;
import vigil.catalog.camera.CameraPeople;
import vigil.catalog.store.Clip;
import vigil.catalog.store.MotionEventRecord;
import vigil.ingest.analyze.TrackRecords;
import vigil.ingest.decode.FrameDecoder;
import vigil.ingest.h264.AccessUnit;
import vigil.ingest.record.ClosedSegment;
import vigil.ingest.record.SegmentRecorder;
import vigil.ingest.rtsp.RtspClient;
import vigil.ingest.rtsp.RtspListener;

/**
 * One camera's path through the node: RTSP client (on an event loop) → per-camera serial work on the worker
 * pool: record every access unit, decode and analyse (motion, motion events, tracking; every frame, or keyframes
 * only while the camera is behind), and hand clips, motion events and tracks to the catalog writer.
 *
 * <p>Owns the RTSP client, the recorder, the decoder and the detectors; {@link #close()} stops the client
 * and then, on the camera's worker turn, finishes the open segment and motion event and frees native memory.
 */
final class CameraPipeline implements RtspListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CameraPipeline.class);

    private final Camera camera;
    private final NodeSettings settings;
    private final CameraStatusBoard board;
    private final CatalogWriter writer;
    private final IngestMetrics metrics;
    private final RtspClient client;
    private final SegmentRecorder recorder;
    private final FrameDecoder decoder;
    private final MotionDetector detector;
    private final MotionEventDetector events;
    /** Replaced (on the worker turn) when the camera's person detection setting changes. */
    private SceneTracker tracker;
    /** Catalog ids of tracks already written while they last (tracker id → catalog id). */
    private final java.util.Map<Long, String> catalogIds = new java.util.HashMap<>();
    /** A track in view this long is written to the catalog while it lasts, and again at its end. */
    static final long LONG_TRACK_SNAPSHOT_MS = 30_000;
    private final vigil.analytics.track.ThumbnailPicker thumbnails = new vigil.analytics.track.ThumbnailPicker();

    private final Executor workers;
    private final Queue<Runnable> work = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    private volatile GroundProjection ground;
    private final vigil.analytics.ground.GroundCells cells;
    private final Supplier<GroundProjection> calibration;
    private final Supplier<List<List<double[]>>> masks;
    private final Supplier<Optional<CameraPeople>> people;
    private final Supplier<Optional<String>> analysisMode;
    /** Keyframe patrol, set per camera ({@code PUT .../analysis}): only keyframes are analysed. Worker turns only. */
    private boolean patrol;
    private boolean keyframesOnly;
    private boolean peoplePaused;
    private boolean everPlayed;
    private String openEventId;
    private long lastRecordErrorLogMs;
    private long analyseNanos;
    private long corruptSeen;
    /** Whether a frame decoded since the stream last (re)connected: only then is its reconnect backoff reset. */
    private volatile boolean mediaConfirmed;
    /** Set on the final worker turn, when the native decoder, detector and tracker are released. Worker turns only. */
    private boolean released;

    CameraPipeline(Camera camera, NodeSettings settings, EventLoopGroup loops, Executor workers,
                   CameraStatusBoard board, CatalogWriter writer, IngestMetrics metrics,
                   Supplier<GroundProjection> calibration,
                   Supplier<List<List<double[]>>> masks,
                   Supplier<Optional<CameraPeople>> people,
                   Supplier<Optional<String>> analysisMode,
                   vigil.analytics.ground.GroundCells cells) {
        this.analysisMode = analysisMode;
        this.calibration = calibration;
        this.masks = masks;
        this.people = people;
        this.cells = cells;
        this.camera = camera;
        this.settings = settings;
        this.workers = workers;
        this.board = board;
        this.writer = writer;
        this.metrics = metrics;
        Path segments = settings.dataDir().resolve("segments");
        this.recorder = new SegmentRecorder(camera.id(), segments, settings.segmentMs(), this::segmentClosed);
        this.decoder = FrameDecoder.h264();
        this.detector = new MotionDetector(settings.motion());
        this.events = new MotionEventDetector(settings.motionEvents());
        this.tracker = new SceneTracker(settings.scene());
        this.client = new RtspClient(camera.id(), camera.source().withCredentials(), loops, settings.rtsp(), this);
    }

    void start() {
        enqueue(() -> {
            try {
                if (ground == null) ground = calibration.get();
            } catch (RuntimeException e) {
                log.error("camera {}: reading its calibration failed; tracks get no ground paths until it is set again", camera.id(), e);
            }
            try {
                detector.setIgnoreAreas(masks.get());
            } catch (RuntimeException e) {
                log.error("camera {}: reading its ignore masks failed; motion is detected everywhere until they are set again", camera.id(), e);
            }
            try {
                analysisMode.get().ifPresent(this::useAnalysisMode);
            } catch (RuntimeException e) {
                log.error("camera {}: reading its analysis mode failed; every frame is analysed until it is set again", camera.id(), e);
            }
            try {
                people.get().ifPresent(this::usePeople);
            } catch (RuntimeException e) {
                log.error("camera {}: reading its person detection setting failed; the node's applies until it is set again", camera.id(), e);
            }
        });
        client.start();
    }

    // --- RtspListener: event loop ---

    @Override
    public void stateChanged(State state, String detail) {
        if (state != State.PLAYING) mediaConfirmed = false;
        board.stateChanged(camera.id(), state, detail);
        if (state == State.PLAYING) {
            if (everPlayed) metrics.reconnects.increment();
            everPlayed = true;
        }
    }

    @Override
    public void accessUnit(AccessUnit unit) {
        if (closed) return;
        metrics.framesReceived.increment();
        board.frameArrived(camera.id());
        backlog.incrementAndGet();
        enqueue(() -> process(unit));
    }

    // --- worker turn ---

    private void process(AccessUnit unit) {
        int behind = backlog.decrementAndGet();
        // units the RTSP client delivered while closing come after the final turn: the decoder is gone
        if (released) return;
        record(unit);
        // falling behind, the costliest step goes first: the person detector, at half the backlog allowed
        if (!peoplePaused && behind > settings.maxBacklogFrames() / 2) {
            peoplePaused = true;
            tracker.pausePeople(true);
            log.warn("camera {}: analysis is {} frames behind; person detection paused until it catches up", camera.id(), behind);
            board.problem(camera.id(), "analysis fell behind: person detection paused");
        } else if (peoplePaused && behind == 0) {
            peoplePaused = false;
            tracker.pausePeople(false);
            log.info("camera {}: analysis caught up; looking for people again", camera.id());
        }
        if (!keyframesOnly && behind > settings.maxBacklogFrames()) {
            keyframesOnly = true;
            log.warn("camera {}: analysis is {} frames behind; analysing keyframes only until it catches up", camera.id(), behind);
            board.problem(camera.id(), "analysis fell behind: keyframes only");
        } else if (keyframesOnly && behind == 0 && unit.keyframe()) {
            keyframesOnly = false;
            log.info("camera {}: analysis caught up; analysing every frame again", camera.id());
        }
        if ((keyframesOnly || patrol) && !unit.keyframe()) {
            // tracks cannot follow objects across one-second gaps: they end, and start again when caught up
            if (keyframesOnly) tracker.finishAll().forEach(this::trackFinished);
            metrics.framesSkipped.increment();
            return;
        }
        long t0 = System.nanoTime();
        analyseNanos = 0;
        decoder.decode(unit.annexB(), unit.annexB().length, unit.captureTimeMs(), this::analyse);
        metrics.decodeTime.record(System.nanoTime() - t0 - analyseNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        long corrupt = decoder.corruptPackets();
        if (corrupt > corruptSeen) {
            metrics.corruptFrames.increment(corrupt - corruptSeen);
            corruptSeen = corrupt;
        }
    }

    private void record(AccessUnit unit) {
        try {
            recorder.write(unit);
        } catch (IOException | RuntimeException e) {
            metrics.recordErrors.increment();
            long now = System.currentTimeMillis();
            if (now - lastRecordErrorLogMs > 60_000) {
                lastRecordErrorLogMs = now;
                log.error("camera {}: recording failed", camera.id(), e);
            }
            board.problem(camera.id(), "recording failed: " + e.getMessage());
        }
    }

    private void analyse(LumaFrame frame) {
        if (!mediaConfirmed) {
            mediaConfirmed = true;
            client.mediaDecoded();
        }
        long t0 = System.nanoTime();
        MotionResult result = detector.detect(frame);
        events.accept(result).ifPresent(this::motionEvent);
        for (vigil.analytics.track.TrackedObject o : tracker.update(frame, result)) thumbnails.offer(o, frame);
        if (tracker.lastPersonDetectNanos() >= 0) {
            metrics.personDetectTime.record(tracker.lastPersonDetectNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        tracker.drainFinished().forEach(this::trackFinished);
        for (FinishedTrack ongoing : tracker.snapshots(LONG_TRACK_SNAPSHOT_MS, frame.captureTimeMs())) {
            if (!ongoing.moved()) continue;
            String id = catalogIds.computeIfAbsent(ongoing.trackId(), k -> UUID.randomUUID().toString());
            writer.addTrack(TrackRecords.of(id, camera.id(), ongoing, ground, cells, null));
        }
        long spent = System.nanoTime() - t0;
        analyseNanos += spent;
        metrics.analyseTime.record(spent, java.util.concurrent.TimeUnit.NANOSECONDS);
        metrics.framesAnalysed.increment();
    }

    private void motionEvent(MotionEvent e) {
        if (openEventId == null) {
            openEventId = UUID.randomUUID().toString();
            metrics.motionEvents.increment();
        }
        writer.putMotionEvent(new MotionEventRecord(openEventId, camera.id(), Instant.ofEpochMilli(e.startMs()),
                Instant.ofEpochMilli(Math.max(e.endMs(), e.startMs())), e.peakAreaFraction(), e.unionBox().x(),
                e.unionBox().y(), e.unionBox().width(), e.unionBox().height(), e.open()));
        if (!e.open()) openEventId = null;
    }

    private void trackFinished(FinishedTrack finished) {
        if (!finished.moved()) { // never went anywhere: a ghost of the background or flicker, not an object
            thumbnails.discard(finished.trackId());
            catalogIds.remove(finished.trackId());
            return;
        }
        metrics.tracksFinished.increment();
        String known = catalogIds.remove(finished.trackId());
        String id = known != null ? known : UUID.randomUUID().toString();
        String thumbnail = thumbnails.take(finished.trackId()).map(jpeg -> saveThumbnail(id, finished.startMs(), jpeg)).orElse(null);
        writer.addTrack(TrackRecords.of(id, camera.id(), finished, ground, cells, thumbnail));
    }

    private String saveThumbnail(String trackId, long startMs, byte[] jpeg) {
        java.nio.file.Path dir = CameraIds.folderOf(settings.dataDir().resolve("thumbnails"), camera.id())
                .resolve(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.format(
                        java.time.Instant.ofEpochMilli(startMs).atZone(java.time.ZoneOffset.UTC)));
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Path file = dir.resolve(trackId + ".jpg");
            java.nio.file.Files.write(file, jpeg);
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            log.warn("camera {}: cannot write thumbnail of track {} ({}); the track is kept without it", camera.id(), trackId, e.getMessage());
            return null;
        }
    }

    /** New ignore masks apply from the next frame analysed (the detector is only touched on the worker turn). */
    void masksChanged(List<List<double[]>> polygons) {
        enqueue(() -> detector.setIgnoreAreas(polygons));
    }

    /**
     * A new person detection setting applies from the next frame analysed: the tracks going on end (and are
     * catalogued) and tracking starts again with the new setting.
     */
    void analysisModeChanged(String mode) {
        enqueue(() -> useAnalysisMode(mode));
    }

    private void useAnalysisMode(String mode) {
        boolean keyframes = mode.equals("keyframes");
        if (keyframes == patrol) return;
        patrol = keyframes;
        if (patrol) tracker.finishAll().forEach(this::trackFinished); // objects cannot be followed across keyframes
        log.info("camera {}: analysing {}", camera.id(), patrol ? "keyframes only (keyframe patrol)" : "every frame");
    }

    void peopleChanged(CameraPeople setting) {
        enqueue(() -> usePeople(setting));
    }

    private void usePeople(CameraPeople setting) {
        vigil.analytics.track.SceneSettings node = settings.scene();
        vigil.analytics.detect.PersonSettings base = node.personDetection().enabled() ? node.personDetection()
                : vigil.analytics.detect.PersonSettings.defaults();
        vigil.analytics.detect.PersonSettings chosen = setting.enabled()
                ? base.withMinPersonHeightFraction(setting.minPersonHeight()) : vigil.analytics.detect.PersonSettings.off();
        tracker.finishAll().forEach(this::trackFinished);
        tracker.close();
        tracker = new SceneTracker(node.withPersonDetection(chosen));
        tracker.pausePeople(peoplePaused);
        log.info("camera {}: people {}", camera.id(), setting.enabled()
                ? "looked for from " + setting.minPersonHeight() + " of the frame's height" : "not looked for");
    }

    /** A new calibration applies to tracks that end from now on. */
    void calibrated(GroundProjection projection) {
        this.ground = projection;
    }

    private void segmentClosed(ClosedSegment s) {
        metrics.bytesRecorded.increment(s.bytes());
        metrics.segmentsClosed.increment();
        writer.addClip(new Clip(UUID.randomUUID().toString(), s.cameraId(), Instant.ofEpochMilli(s.startMs()),
                Instant.ofEpochMilli(s.endMs()), s.path().toAbsolutePath().toString(), s.bytes(), s.codec(), s.width(),
                s.height()));
    }

    // --- serial execution of one camera's work on the shared pool ---

    private void enqueue(Runnable r) {
        work.add(r);
        if (scheduled.compareAndSet(false, true)) workers.execute(this::drain);
    }

    private void drain() {
        int budget = 64; // yield the worker to other cameras now and then
        Runnable r;
        while (budget-- > 0 && (r = work.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("camera {}: frame processing failed", camera.id(), e);
            }
        }
        scheduled.set(false);
        if (!work.isEmpty() && scheduled.compareAndSet(false, true)) workers.execute(this::drain);
    }

    /** Stops ingest; the open segment and event are finished and catalogued on the camera's worker turn. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        client.close();
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        enqueue(() -> {
            try {
                recorder.close();
                events.finish().ifPresent(this::motionEvent);
                tracker.finishAll().forEach(this::trackFinished);
            } finally {
                released = true;
                decoder.close();
                detector.close();
                tracker.close();
                thumbnails.close();
                done.complete(null);
            }
        });
        done.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> {
            log.error("camera {}: pipeline did not finish within 30 s", camera.id());
            return null;
        }).join();
    }
}
