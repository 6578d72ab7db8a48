package vigil.analytics.motion;

import java.util.Objects;

/**
 * A span of motion in one camera's view. A {@link MotionEventDetector} reports its events in one object of its own,
 * filled again at each report (nothing is allocated per frame): one it answered is valid until it is fed again;
 * {@link #copy()} keeps one.
 */
public final class MotionEvent {

    private long startMs;
    private long endMs;
    private double peakAreaFraction;
    private double x;
    private double y;
    private double width;
    private double height;
    private boolean open;

    /**
     * @param startMs          capture time of the first frame with motion, UTC epoch ms
     * @param endMs            capture time of the last frame with motion so far
     * @param peakAreaFraction largest motion area of one frame, as a fraction of the frame
     * @param unionBox         union of every motion box in the span
     * @param open             true while the span may still grow; the same {@code startMs} is reported again
     */
    public MotionEvent(long startMs, long endMs, double peakAreaFraction, NormalizedBox unionBox, boolean open) {
        set(startMs, endMs, peakAreaFraction, unionBox.x(), unionBox.y(), unionBox.width(), unionBox.height(), open);
    }

    /** One to be filled by a detector. */
    MotionEvent() {
    }

    void set(long start, long end, double peak, double left, double top, double boxWidth, double boxHeight, boolean stillOpen) {
        this.startMs = start;
        this.endMs = end;
        this.peakAreaFraction = peak;
        this.x = left;
        this.y = top;
        this.width = boxWidth;
        this.height = boxHeight;
        this.open = stillOpen;
    }

    /** A copy of its own, to keep past the detector's next frame. */
    public MotionEvent copy() {
        MotionEvent c = new MotionEvent();
        c.set(startMs, endMs, peakAreaFraction, x, y, width, height, open);
        return c;
    }

    /** Capture time of the first frame with motion, UTC epoch ms. */
    public long startMs() {
        return startMs;
    }

    /** Capture time of the last frame with motion so far. */
    public long endMs() {
        return endMs;
    }

    /** Largest motion area of one frame, as a fraction of the frame. */
    public double peakAreaFraction() {
        return peakAreaFraction;
    }

    /** Union of every motion box in the span (a record made on each call). */
    public NormalizedBox unionBox() {
        return new NormalizedBox(x, y, width, height);
    }

    /** True while the span may still grow; the same {@link #startMs()} is reported again. */
    public boolean open() {
        return open;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MotionEvent e && e.startMs == startMs && e.endMs == endMs && e.open == open
                && Double.compare(e.peakAreaFraction, peakAreaFraction) == 0
                && Double.compare(e.x, x) == 0 && Double.compare(e.y, y) == 0
                && Double.compare(e.width, width) == 0 && Double.compare(e.height, height) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(startMs, endMs, peakAreaFraction, x, y, width, height, open);
    }

    @Override
    public String toString() {
        return "MotionEvent[startMs=" + startMs + ", endMs=" + endMs + ", peakAreaFraction=" + peakAreaFraction
                + ", unionBox=" + unionBox() + ", open=" + open + "]";
    }
}
