package vigil.analytics.motion;

import java.util.List;

/**
 * What {@link MotionDetector} saw in one frame.
 *
 * @param captureTimeMs   the frame's capture time, UTC epoch milliseconds
 * @param boxes           moving regions, largest first
 * @param changedFraction fraction of the frame's pixels that differ from the background
 * @param calibrating     true while the background is being (re)learned; no boxes are reported then
 */
public record MotionResult(long captureTimeMs, List<MotionBox> boxes, double changedFraction, boolean calibrating) {

    public boolean hasMotion() {
        return !boxes.isEmpty();
    }

    /** Sum of the box areas as a fraction of the frame. */
    public double motionAreaFraction() {
        double sum = 0;
        for (MotionBox b : boxes) sum += b.box().area();
        return Math.min(1.0, sum);
    }

    /** One moving region: its box and the fraction of the frame's pixels inside it that changed. */
    public record MotionBox(NormalizedBox box, double changedPixelFraction) {
    }
}
