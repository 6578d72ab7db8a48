package vigil.analytics.motion;

/**
 * Turns per-frame motion into motion events with hysteresis: an event opens after
 * {@code startFrames} consecutive frames with motion and closes after {@code endQuietMs} without.
 * While open it is reported every {@code updateIntervalMs}, so a long event is visible before it ends.
 * One per camera, fed in frame order; it reports in one {@link MotionEvent} of its own, filled again.
 */
public final class MotionEventDetector {

    private final MotionEventSettings settings;
    private int consecutiveMotionFrames;
    private long pendingStartMs;
    /** Unions of boxes as {x, y, width, height}, as {@link NormalizedBox#union} makes them: of this frame, ... */
    private final double[] frameUnion = new double[4];
    /** ...of the frames before an event opens... */
    private final double[] pendingUnion = new double[4];
    private double pendingPeak;

    private boolean open;
    private long startMs;
    private long lastMotionMs;
    private long lastReportMs;
    private double peakArea;
    /** ...and of the open event. */
    private final double[] union = new double[4];
    /** What is reported. */
    private final MotionEvent event = new MotionEvent();

    public MotionEventDetector(MotionEventSettings settings) {
        this.settings = settings;
    }

    /**
     * Feeds one frame's result; answers whether there is an event to report (opened, still open, or closed): then
     * {@link #event()}.
     */
    public boolean accept(MotionResult frame) {
        long t = frame.captureTimeMs();
        if (frame.hasMotion()) {
            BoxList boxes = frame.boxes();
            set(frameUnion, boxes.x(0), boxes.y(0), boxes.width(0), boxes.height(0));
            for (int i = 1; i < boxes.size(); i++) grow(frameUnion, boxes.x(i), boxes.y(i), boxes.width(i), boxes.height(i));
            double area = frame.motionAreaFraction();
            if (open) {
                lastMotionMs = t;
                peakArea = Math.max(peakArea, area);
                grow(union, frameUnion);
                if (t - lastReportMs >= settings.updateIntervalMs()) {
                    lastReportMs = t;
                    return reported(true);
                }
                return false;
            }
            if (consecutiveMotionFrames == 0) {
                pendingStartMs = t;
                System.arraycopy(frameUnion, 0, pendingUnion, 0, 4);
                pendingPeak = area;
            } else {
                grow(pendingUnion, frameUnion);
                pendingPeak = Math.max(pendingPeak, area);
            }
            consecutiveMotionFrames++;
            if (consecutiveMotionFrames >= settings.startFrames() && pendingPeak >= settings.minPeakAreaFraction()) {
                open = true;
                startMs = pendingStartMs;
                lastMotionMs = t;
                lastReportMs = t;
                peakArea = pendingPeak;
                System.arraycopy(pendingUnion, 0, union, 0, 4);
                return reported(true);
            }
            return false;
        }
        consecutiveMotionFrames = 0;
        if (open && t - lastMotionMs >= settings.endQuietMs()) {
            open = false;
            return reported(false);
        }
        return false;
    }

    private static void set(double[] box, double x, double y, double width, double height) {
        box[0] = x;
        box[1] = y;
        box[2] = width;
        box[3] = height;
    }

    private static void grow(double[] box, double[] other) {
        grow(box, other[0], other[1], other[2], other[3]);
    }

    /** {@code box} becomes the smallest box holding it and the other, as {@link NormalizedBox#union} computes it. */
    private static void grow(double[] box, double x, double y, double width, double height) {
        double left = Math.min(box[0], x);
        double top = Math.min(box[1], y);
        set(box, left, top, Math.max(box[0] + box[2], x + width) - left, Math.max(box[1] + box[3], y + height) - top);
    }

    /**
     * Closes the open event, if any (the stream ended or the camera was removed); answers whether there is one to
     * report, closed: then {@link #event()}.
     */
    public boolean finish() {
        if (!open) return false;
        open = false;
        consecutiveMotionFrames = 0;
        return reported(false);
    }

    /**
     * The event the last {@link #accept} or {@link #finish} that answered true reported: this detector's own, filled
     * again at its next report.
     */
    public MotionEvent event() {
        return event;
    }

    private boolean reported(boolean stillOpen) {
        event.set(startMs, lastMotionMs, peakArea, union[0], union[1], union[2], union[3], stillOpen);
        return true;
    }
}
