package vigil.ingest.node;

import java.nio.file.Path;
import vigil.analytics.motion.MotionEventSettings;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.SceneSettings;
import vigil.ingest.record.RetentionSettings;
import vigil.ingest.rtsp.RtspClientSettings;

/**
 * How a node runs.
 *
 * @param host              HTTP API bind address
 * @param port              HTTP API port (0 for any free port)
 * @param dataDir           segment files, thumbnails and (by default) the catalog live under it
 * @param catalog           which catalog: the embedded one in the data dir, or a shared PostgreSQL
 * @param segmentMs         target segment length; segments are cut at the first keyframe after it
 * @param maxBacklogFrames  frames a camera's analysis may fall behind before it degrades to keyframes only
 * @param workerThreads     decode and analysis threads shared by all cameras
 * @param scene             how people and other moving objects are followed
 * @param retention         how long footage is kept and how much disk it may use
 * @param access            HTTPS and how long the audit trail is kept
 * @param analysisDeblocking whether pictures decoded for analysis go through H.264's deblocking filter (exact
 *                          pictures) or skip it (about a sixth less decoding; see {@code FrameDecoder}); recordings are
 *                          the stream as received either way
 * @param analysisGatherMs  how long a camera's pictures may wait to be decoded and analysed together, one worker turn
 *                          for several (0: each on its own turn as it comes): a worker woken for every frame finds its
 *                          caches cold, and a node with few cameras is idle between frames (see {@code CameraWorkQueue});
 *                          what it costs is that much more time from capture to catalog
 */
public record NodeSettings(String host, int port, Path dataDir, CatalogSettings catalog, long segmentMs,
                           int maxBacklogFrames, int workerThreads, RtspClientSettings rtsp, MotionSettings motion,
                           MotionEventSettings motionEvents, SceneSettings scene, RetentionSettings retention,
                           AccessSettings access, boolean analysisDeblocking, long analysisGatherMs) {

    public NodeSettings {
        if (workerThreads < 1) throw new IllegalArgumentException("workerThreads must be at least 1, not " + workerThreads);
        if (maxBacklogFrames < 1) throw new IllegalArgumentException("maxBacklogFrames must be at least 1, not " + maxBacklogFrames);
        if (analysisGatherMs < 0 || analysisGatherMs > MAX_GATHER_MS) {
            throw new IllegalArgumentException("analysisGatherMs must be 0.." + MAX_GATHER_MS + ", not " + analysisGatherMs);
        }
    }

    /** Default {@link #analysisGatherMs()}: half a second (bench/RESULTS.md, session 16: a seventh less node CPU with few cameras). */
    public static final long DEFAULT_GATHER_MS = 500;
    /** Longest {@link #analysisGatherMs()}: motion should reach the catalog within a couple of seconds. */
    public static final long MAX_GATHER_MS = 2_000;

    public static NodeSettings defaults(Path dataDir, int port) {
        return new NodeSettings("0.0.0.0", port, dataDir, CatalogSettings.EMBEDDED, 10_000, 50,
                Runtime.getRuntime().availableProcessors(), RtspClientSettings.defaults(), MotionSettings.defaults(),
                MotionEventSettings.defaults(), SceneSettings.defaults(), RetentionSettings.defaults(), AccessSettings.DEFAULTS,
                false, DEFAULT_GATHER_MS);
    }

    public NodeSettings withHost(String h) {
        return new NodeSettings(h, port, dataDir, catalog, segmentMs, maxBacklogFrames, workerThreads, rtsp, motion,
                motionEvents, scene, retention, access, analysisDeblocking, analysisGatherMs);
    }

    public NodeSettings withCatalog(CatalogSettings c) {
        return new NodeSettings(host, port, dataDir, c, segmentMs, maxBacklogFrames, workerThreads, rtsp, motion,
                motionEvents, scene, retention, access, analysisDeblocking, analysisGatherMs);
    }

    public NodeSettings withSegmentMs(long ms) {
        return new NodeSettings(host, port, dataDir, catalog, ms, maxBacklogFrames, workerThreads, rtsp, motion,
                motionEvents, scene, retention, access, analysisDeblocking, analysisGatherMs);
    }

    /** {@code threads} decode and analysis threads for all cameras; each may fall {@code maxBacklog} frames behind. */
    public NodeSettings withWorkers(int threads, int maxBacklog) {
        return new NodeSettings(host, port, dataDir, catalog, segmentMs, maxBacklog, threads, rtsp, motion,
                motionEvents, scene, retention, access, analysisDeblocking, analysisGatherMs);
    }

    public NodeSettings withScene(SceneSettings s) {
        return new NodeSettings(host, port, dataDir, catalog, segmentMs, maxBacklogFrames, workerThreads, rtsp, motion,
                motionEvents, s, retention, access, analysisDeblocking, analysisGatherMs);
    }

    public NodeSettings withRtsp(RtspClientSettings r) {
        return new NodeSettings(host, port, dataDir, catalog, segmentMs, maxBacklogFrames, workerThreads, r, motion,
                motionEvents, scene, retention, access, analysisDeblocking, analysisGatherMs);
    }

    public NodeSettings withRetention(RetentionSettings r) {
        return new NodeSettings(host, port, dataDir, catalog, segmentMs, maxBacklogFrames, workerThreads, rtsp, motion,
                motionEvents, scene, r, access, analysisDeblocking, analysisGatherMs);
    }

    public NodeSettings withAccess(AccessSettings a) {
        return new NodeSettings(host, port, dataDir, catalog, segmentMs, maxBacklogFrames, workerThreads, rtsp, motion,
                motionEvents, scene, retention, a, analysisDeblocking, analysisGatherMs);
    }

    public NodeSettings withAnalysisDeblocking(boolean on) {
        return new NodeSettings(host, port, dataDir, catalog, segmentMs, maxBacklogFrames, workerThreads, rtsp, motion,
                motionEvents, scene, retention, access, on, analysisGatherMs);
    }

    public NodeSettings withAnalysisGatherMs(long ms) {
        return new NodeSettings(host, port, dataDir, catalog, segmentMs, maxBacklogFrames, workerThreads, rtsp, motion,
                motionEvents, scene, retention, access, analysisDeblocking, ms);
    }
}
