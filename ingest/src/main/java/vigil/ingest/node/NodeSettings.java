package vigil.ingest.node;

import java.nio.file.Path;
import vigil.analytics.motion.MotionEventSettings;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.SceneSettings;
import vigil.ingest.rtsp.RtspClientSettings;

/**
 * How a node runs.
 *
 * @param host              HTTP API bind address
 * @param port              HTTP API port (0 for any free port)
 * @param dataDir           catalog and segment files live under it
 * @param segmentMs         target segment length; segments are cut at the first keyframe after it
 * @param maxBacklogFrames  frames a camera's analysis may fall behind before it degrades to keyframes only
 * @param workerThreads     decode and analysis threads shared by all cameras
 * @param scene             how people and other moving objects are followed
 */
public record NodeSettings(String host, int port, Path dataDir, long segmentMs, int maxBacklogFrames, int workerThreads,
                           RtspClientSettings rtsp, MotionSettings motion, MotionEventSettings motionEvents,
                           SceneSettings scene) {

    public static NodeSettings defaults(Path dataDir, int port) {
        return new NodeSettings("0.0.0.0", port, dataDir, 10_000, 50, Runtime.getRuntime().availableProcessors(),
                RtspClientSettings.defaults(), MotionSettings.defaults(), MotionEventSettings.defaults(),
                SceneSettings.defaults());
    }

    public NodeSettings withHost(String h) {
        return new NodeSettings(h, port, dataDir, segmentMs, maxBacklogFrames, workerThreads, rtsp, motion, motionEvents, scene);
    }

    public NodeSettings withSegmentMs(long ms) {
        return new NodeSettings(host, port, dataDir, ms, maxBacklogFrames, workerThreads, rtsp, motion, motionEvents, scene);
    }

    public NodeSettings withScene(SceneSettings s) {
        return new NodeSettings(host, port, dataDir, segmentMs, maxBacklogFrames, workerThreads, rtsp, motion, motionEvents, s);
    }

    public NodeSettings withRtsp(RtspClientSettings r) {
        return new NodeSettings(host, port, dataDir, segmentMs, maxBacklogFrames, workerThreads, r, motion, motionEvents, scene);
    }
}
