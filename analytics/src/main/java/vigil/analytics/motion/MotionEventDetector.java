package vigil.analytics.motion;

import java.util.Optional;

/**
 * Turns per-frame motion into motion events with hysteresis: an event opens after
 * {@code startFrames} consecutive frames with motion and closes after {@code endQuietMs} without.
 * While open it is reported every {@code updateIntervalMs}, so a long event is visible before it ends.
 * One per camera, fed in frame order.
 */
public final class MotionEventDetector {

    private final MotionEventSettings settings;
    private int consecutiveMotionFrames;
    private long pendingStartMs;
    private NormalizedBox pendingUnion;
    private double pendingPeak;

    private boolean open;
    private long startMs;
    private long lastMotionMs;
    private long lastReportMs;
    private double peakArea;
    private NormalizedBox union;

    public MotionEventDetector(MotionEventSettings settings) {
        this.settings = settings;
    }

    /** Feeds one frame's result; answers an event to report (opened, still open, or closed), if any. */
    public Optional<MotionEvent> accept(MotionResult frame) {
        long t = frame.captureTimeMs();
        if (frame.hasMotion()) {
            NormalizedBox frameUnion = null;
            for (MotionResult.MotionBox b : frame.boxes()) {
                frameUnion = frameUnion == null ? b.box() : frameUnion.union(b.box());
            }
            double area = frame.motionAreaFraction();
            if (open) {
                lastMotionMs = t;
                peakArea = Math.max(peakArea, area);
                union = union.union(frameUnion);
                if (t - lastReportMs >= settings.updateIntervalMs()) {
                    lastReportMs = t;
                    return Optional.of(current(true));
                }
                return Optional.empty();
            }
            if (consecutiveMotionFrames == 0) {
                pendingStartMs = t;
                pendingUnion = frameUnion;
                pendingPeak = area;
            } else {
                pendingUnion = pendingUnion.union(frameUnion);
                pendingPeak = Math.max(pendingPeak, area);
            }
            consecutiveMotionFrames++;
            if (consecutiveMotionFrames >= settings.startFrames() && pendingPeak >= settings.minPeakAreaFraction()) {
                open = true;
                startMs = pendingStartMs;
                lastMotionMs = t;
                lastReportMs = t;
                peakArea = pendingPeak;
                union = pendingUnion;
                return Optional.of(current(true));
            }
            return Optional.empty();
        }
        consecutiveMotionFrames = 0;
        if (open && t - lastMotionMs >= settings.endQuietMs()) {
            open = false;
            return Optional.of(current(false));
        }
        return Optional.empty();
    }

    /** Closes the open event, if any (the stream ended or the camera was removed). */
    public Optional<MotionEvent> finish() {
        if (!open) return Optional.empty();
        open = false;
        consecutiveMotionFrames = 0;
        return Optional.of(current(false));
    }

    private MotionEvent current(boolean stillOpen) {
        return new MotionEvent(startMs, lastMotionMs, peakArea, union, stillOpen);
    }
}
