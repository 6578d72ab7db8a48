package vigil.ingest.node;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.analytics.AnalysisSettings;
import vigil.analytics.FrameAnalysis;
import vigil.analytics.LumaFrame;
import vigil.analytics.detect.PersonSettings;
import vigil.analytics.ground.GroundCells;
import vigil.analytics.ground.GroundProjection;
import vigil.analytics.track.SceneSettings;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.CameraPeople;
import vigil.catalog.store.Clip;
import vigil.ingest.decode.FrameDecoder;
import vigil.ingest.h264.AccessUnit;
import vigil.ingest.record.ClosedSegment;
import vigil.ingest.record.SegmentRecorder;
import vigil.ingest.rtsp.RtspClient;
import vigil.ingest.rtsp.RtspListener;

/**
 * One camera's path through the node, wiring its parts: the RTSP client (on an event loop) hands access units to
 * the camera's {@link CameraWorkQueue}; on its turns every unit is recorded, and, as the {@link DegradePolicy}
 * and the camera's analysis mode allow, decoded and analysed by a {@link FrameAnalysis} whose results the
 * {@link ResultPublisher} turns into catalog records. Clips go to the catalog writer as segments close.
 *
 * <p>Owns the RTSP client, the recorder, the decoder and the analysis; {@link #close()} stops the client and
 * then, on the camera's worker turn, finishes the open segment, motion event and tracks and frees native memory.
 */
final class CameraPipeline implements RtspListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CameraPipeline.class);
    /** A track in view this long is written to the catalog while it lasts, and again at its end. */
    static final long LONG_TRACK_SNAPSHOT_MS = 30_000;
    /** Capture times further apart than this are a gap in the stream, not its frame interval. */
    private static final long MAX_FRAME_INTERVAL_MS = 2_000;
    private static final double INTERVAL_SMOOTHING = 0.05;

    private final Camera camera;
    private final NodeSettings settings;
    private final CameraStatusBoard board;
    private final CatalogWriter writer;
    private final IngestMetrics metrics;
    private final StoredCameraSettings stored;
    private final RtspClient client;
    private final SegmentRecorder recorder;
    private final FrameDecoder decoder;
    private final ResultPublisher results;
    private final FrameAnalysis analysis;
    private final DegradePolicy degrade;
    private final CameraWorkQueue work;
    private final AtomicInteger backlog = new AtomicInteger();
    /** Frames a gathering holds back at this camera's pace ({@link #gatheredFrames}); its capture clock. */
    private volatile int gatherAllowance;
    private double frameIntervalMs;
    private long lastCaptureMs;
    private volatile boolean closed;
    /** Keyframe patrol, set per camera ({@code PUT .../analysis}): only keyframes are analysed. Worker turns only. */
    private boolean patrol;
    private boolean everPlayed;
    private long lastRecordErrorLogMs;
    private long analyseNanos;
    private long corruptSeen;
    /** Whether a frame decoded since the stream last (re)connected: only then is its reconnect backoff reset. */
    private volatile boolean mediaConfirmed;
    /** Set on the final worker turn, when the native decoder and analysis are released. Worker turns only. */
    private boolean released;

    CameraPipeline(Camera camera, NodeSettings settings, EventLoopGroup loops, Executor workers,
                   CameraStatusBoard board, CatalogWriter writer, IngestMetrics metrics, StoredCameraSettings stored,
                   GroundCells cells) {
        this.camera = camera;
        this.settings = settings;
        this.board = board;
        this.writer = writer;
        this.metrics = metrics;
        this.stored = stored;
        this.work = new CameraWorkQueue(camera.id(), workers, loops, settings.analysisGatherMs());
        this.recorder = new SegmentRecorder(camera.id(), settings.dataDir().resolve("segments"), settings.segmentMs(),
                this::segmentClosed);
        this.decoder = FrameDecoder.h264(settings.analysisDeblocking());
        this.results = new ResultPublisher(camera.id(), settings.dataDir(), writer, metrics, cells);
        this.analysis = new FrameAnalysis(new AnalysisSettings(settings.motion(), settings.motionEvents(), settings.scene(),
                LONG_TRACK_SNAPSHOT_MS), results);
        this.degrade = new DegradePolicy(camera.id(), settings.maxBacklogFrames(), board, analysis::pausePeople,
                level -> metrics.analysisReduction.set(level.ordinal()));
        this.client = new RtspClient(camera.id(), camera.source().withCredentials(), loops, settings.rtsp(), this);
        metrics.watch(client, camera.id());
    }

    void start() {
        work.enqueue(() -> {
            try {
                results.calibrated(stored.calibration());
            } catch (RuntimeException e) {
                log.error("camera {}: reading its calibration failed; tracks get no ground paths until it is set again", camera.id(), e);
            }
            try {
                analysis.setIgnoreAreas(stored.masks());
            } catch (RuntimeException e) {
                log.error("camera {}: reading its ignore masks failed; motion is detected everywhere until they are set again", camera.id(), e);
            }
            try {
                stored.analysisMode().ifPresent(this::useAnalysisMode);
            } catch (RuntimeException e) {
                log.error("camera {}: reading its analysis mode failed; every frame is analysed until it is set again", camera.id(), e);
            }
            try {
                stored.people().ifPresent(this::usePeople);
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
    public void timestampsUnusable(String detail) {
        log.warn("camera {}: {}", camera.id(), detail);
        metrics.timestampsReplaced.increment();
        board.problem(camera.id(), detail);
    }

    @Override
    public void accessUnit(AccessUnit unit) {
        if (closed) return;
        metrics.framesReceived.increment();
        board.frameArrived(camera.id());
        backlog.incrementAndGet();
        gatheredFrames(unit.captureTimeMs());
        // a keyframe ends the gathering: writing it completes the recording's fragment in memory (the picture group
        // before it), which then reaches the disk at once, as without gathering, instead of up to a gathering later
        if (unit.keyframe()) {
            work.enqueue(() -> process(unit));
        } else {
            work.enqueueGathered(() -> process(unit));
        }
    }

    /**
     * How many frames of this camera a gathering holds back (its time over the camera's frame interval, from the
     * capture times: units that come in bursts over TCP still have their camera's pace), so that frames waiting to be
     * gathered are not taken for analysis falling behind. Event loop.
     */
    private void gatheredFrames(long captureTimeMs) {
        long gatherMs = settings.analysisGatherMs();
        if (gatherMs == 0) return;
        long interval = captureTimeMs - lastCaptureMs;
        lastCaptureMs = captureTimeMs;
        if (interval <= 0 || interval > MAX_FRAME_INTERVAL_MS) return;
        frameIntervalMs = frameIntervalMs == 0 ? interval : frameIntervalMs + (interval - frameIntervalMs) * INTERVAL_SMOOTHING;
        int frames = (int) Math.min(settings.maxBacklogFrames() / 2, Math.ceil(gatherMs / frameIntervalMs));
        if (frames != gatherAllowance) {
            gatherAllowance = frames;
            work.gatherAtMost(frames);
        }
    }

    // --- worker turn ---

    private void process(AccessUnit unit) {
        // the frames gathered with this one are not a backlog
        int behind = Math.max(0, backlog.decrementAndGet() - (work.gathers() ? gatherAllowance : 0));
        // units the RTSP client delivered while closing come after the final turn: the decoder is gone
        if (released) return;
        record(unit);
        switch (degrade.next(behind, unit.keyframe(), patrol)) {
            case ANALYSE -> decodeAndAnalyse(unit);
            case SKIP -> metrics.framesSkipped.increment();
            case SKIP_ENDING_TRACKS -> {
                analysis.endTracks(); // tracks cannot follow objects across one-second gaps: they start again
                metrics.framesSkipped.increment();
            }
        }
    }

    private void decodeAndAnalyse(AccessUnit unit) {
        long t0 = System.nanoTime();
        analyseNanos = 0;
        decoder.decode(unit.annexB(), unit.annexB().length, unit.captureTimeMs(), this::analyse);
        metrics.decodeTime.record(System.nanoTime() - t0 - analyseNanos, TimeUnit.NANOSECONDS);
        long corrupt = decoder.corruptPackets();
        if (corrupt > corruptSeen) {
            metrics.corruptFrames.increment(corrupt - corruptSeen);
            corruptSeen = corrupt;
        }
    }

    private void record(AccessUnit unit) {
        long skippedBefore = recorder.unitsSkipped();
        try {
            recorder.write(unit);
            if (recorder.unitsSkipped() == skippedBefore) {
                metrics.framesRecorded.increment();
            } else {
                metrics.framesUnrecorded.increment();
            }
        } catch (IOException | RuntimeException e) {
            metrics.framesUnrecorded.increment();
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
        // keyframes alone (patrol, or far behind) are two seconds apart: motion only, as nothing can be followed
        if (patrol || degrade.level() == DegradePolicy.Level.KEYFRAMES_ONLY) {
            analysis.analyseAlone(frame);
        } else {
            analysis.analyse(frame);
        }
        if (analysis.lastPersonDetectNanos() >= 0) {
            metrics.personDetectTime.record(analysis.lastPersonDetectNanos(), TimeUnit.NANOSECONDS);
        }
        long spent = System.nanoTime() - t0;
        analyseNanos += spent;
        metrics.analyseTime.record(spent, TimeUnit.NANOSECONDS);
        metrics.framesAnalysed.increment();
    }

    /** New ignore masks apply from the next frame analysed (the analysis is only touched on the worker turn). */
    void masksChanged(List<List<double[]>> polygons) {
        work.enqueue(() -> analysis.setIgnoreAreas(polygons));
    }

    /** A new analysis mode ("full" or "keyframes") applies from the next unit. */
    void analysisModeChanged(String mode) {
        work.enqueue(() -> useAnalysisMode(mode));
    }

    private void useAnalysisMode(String mode) {
        boolean keyframes = mode.equals("keyframes");
        if (keyframes == patrol) return;
        patrol = keyframes;
        if (patrol) analysis.endTracks(); // objects cannot be followed across keyframes
        log.info("camera {}: analysing {}", camera.id(), patrol ? "keyframes only (keyframe patrol)" : "every frame");
    }

    /**
     * A new person detection setting applies from the next frame analysed: the tracks going on end (and are
     * catalogued) and tracking starts again with the new setting.
     */
    void peopleChanged(CameraPeople setting) {
        work.enqueue(() -> usePeople(setting));
    }

    private void usePeople(CameraPeople setting) {
        SceneSettings node = settings.scene();
        PersonSettings base = node.personDetection().enabled() ? node.personDetection() : PersonSettings.defaults();
        PersonSettings chosen = setting.enabled() ? base.withMinPersonHeightFraction(setting.minPersonHeight()) : PersonSettings.off();
        analysis.usePeople(chosen);
        log.info("camera {}: people {}", camera.id(), setting.enabled()
                ? "looked for from " + setting.minPersonHeight() + " of the frame's height" : "not looked for");
    }

    /** A new calibration applies to tracks that end from now on. */
    void calibrated(GroundProjection projection) {
        results.calibrated(projection);
    }

    private void segmentClosed(ClosedSegment s) {
        metrics.bytesRecorded.increment(s.bytes());
        metrics.segmentsClosed.increment();
        writer.addClip(new Clip(UUID.randomUUID().toString(), s.cameraId(), Instant.ofEpochMilli(s.startMs()),
                Instant.ofEpochMilli(s.endMs()), s.path().toAbsolutePath().toString(), s.bytes(), s.codec(), s.width(),
                s.height()));
    }

    /** Stops ingest; the open segment, event and tracks are finished and catalogued on the camera's worker turn. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        client.close();
        CompletableFuture<Void> done = new CompletableFuture<>();
        work.enqueue(() -> {
            try {
                recorder.close();
                analysis.finish();
            } finally {
                released = true;
                decoder.close();
                analysis.close();
                results.close();
                done.complete(null);
            }
        });
        done.orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> {
            log.error("camera {}: pipeline did not finish within 30 s", camera.id());
            return null;
        }).join();
    }
}
