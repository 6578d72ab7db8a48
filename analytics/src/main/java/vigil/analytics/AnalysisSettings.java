package vigil.analytics;

import vigil.analytics.motion.MotionEventSettings;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.SceneSettings;

/**
 * How {@link FrameAnalysis} analyses a camera.
 *
 * @param motion              motion detection
 * @param motionEvents        how motion becomes motion events
 * @param scene               how moving objects and people are followed
 * @param longTrackSnapshotMs a track in view this long is reported while it lasts (and again so often); 0: only
 *                            when it ends
 */
public record AnalysisSettings(MotionSettings motion, MotionEventSettings motionEvents, SceneSettings scene,
                               long longTrackSnapshotMs) {

    public AnalysisSettings {
        if (longTrackSnapshotMs < 0) throw new IllegalArgumentException("longTrackSnapshotMs < 0: " + longTrackSnapshotMs);
    }

    /** Offline analysis of a file: tracks are reported when they end. */
    public static AnalysisSettings offline(MotionSettings motion, SceneSettings scene) {
        return new AnalysisSettings(motion, MotionEventSettings.defaults(), scene, 0);
    }
}
