package vigil.analytics.motion;

/**
 * Hysteresis of {@link MotionEventDetector}.
 *
 * @param startFrames       consecutive frames with motion that open an event
 * @param endQuietMs        time without motion that closes an event
 * @param minPeakAreaFraction smallest peak motion area for an event to be reported at all
 * @param updateIntervalMs  how often an open event is reported again, so it is searchable while it lasts
 */
public record MotionEventSettings(int startFrames, long endQuietMs, double minPeakAreaFraction, long updateIntervalMs) {

    public MotionEventSettings {
        if (startFrames < 1) throw new IllegalArgumentException("startFrames < 1: " + startFrames);
        if (endQuietMs < 0) throw new IllegalArgumentException("endQuietMs < 0: " + endQuietMs);
    }

    public static MotionEventSettings defaults() {
        return new MotionEventSettings(2, 2_000, 0.0, 1_000);
    }
}
