package vigil.analytics.motion;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link MotionDetector} saw in one frame. The detector fills the same result every frame (nothing is
 * allocated per frame): a result it answered is valid until its next frame; copy what is to be kept.
 */
public final class MotionResult {

    private long captureTimeMs;
    private final BoxList boxes = new BoxList();
    private double[] changedPixelFractions = new double[16];
    private double changedFraction;
    private boolean calibrating;
    private int ghostsCleared;

    /** An empty result, to be filled by a detector. */
    MotionResult() {
    }

    /**
     * A result of its own (tests, replays): {@code boxes} largest first, each with the fraction of its pixels that
     * changed.
     */
    public static MotionResult of(long captureTimeMs, List<NormalizedBox> boxes, List<Double> changedPixelFractions,
                                  double changedFraction, boolean calibrating) {
        if (boxes.size() != changedPixelFractions.size()) {
            throw new IllegalArgumentException(boxes.size() + " boxes but " + changedPixelFractions.size() + " changed fractions");
        }
        MotionResult r = new MotionResult();
        r.start(captureTimeMs, changedFraction, calibrating);
        for (int i = 0; i < boxes.size(); i++) r.add(boxes.get(i), changedPixelFractions.get(i));
        return r;
    }

    /** A copy of this result, to keep past the detector's next frame. */
    public MotionResult copy() {
        MotionResult c = new MotionResult();
        c.start(captureTimeMs, changedFraction, calibrating);
        for (int i = 0; i < boxes.size(); i++) {
            c.add(boxes.x(i), boxes.y(i), boxes.width(i), boxes.height(i), changedPixelFractions[i]);
        }
        c.ghostsCleared = ghostsCleared;
        return c;
    }

    void start(long timeMs, double changed, boolean stillCalibrating) {
        captureTimeMs = timeMs;
        changedFraction = changed;
        calibrating = stillCalibrating;
        ghostsCleared = 0;
        boxes.clear();
    }

    /** One more ghost found and cleared in this frame (not among its boxes). */
    void ghostCleared() {
        ghostsCleared++;
    }

    /**
     * How many ghosts were found in this frame and cleared: still blobs outlined in the background rather than in
     * the frame (someone who stood while the background was learned, then left), not reported among the boxes.
     */
    public int ghostsCleared() {
        return ghostsCleared;
    }

    void add(double x, double y, double width, double height, double changedPixelFraction) {
        if (boxes.size() == changedPixelFractions.length) {
            changedPixelFractions = Arrays.copyOf(changedPixelFractions, changedPixelFractions.length * 2);
        }
        changedPixelFractions[boxes.size()] = changedPixelFraction;
        boxes.add(x, y, width, height);
    }

    private void add(NormalizedBox b, double changedPixelFraction) {
        add(b.x(), b.y(), b.width(), b.height(), changedPixelFraction);
    }

    /** The frame's capture time, UTC epoch milliseconds. */
    public long captureTimeMs() {
        return captureTimeMs;
    }

    /** Moving regions, largest first (none while calibrating). */
    public BoxList boxes() {
        return boxes;
    }

    /** The fraction of the pixels inside box {@code i} that changed. */
    public double changedPixelFraction(int i) {
        if (i < 0 || i >= boxes.size()) throw new IndexOutOfBoundsException("box " + i + " of " + boxes.size());
        return changedPixelFractions[i];
    }

    /** Fraction of the frame's pixels that differ from the background. */
    public double changedFraction() {
        return changedFraction;
    }

    /** True while the background is being (re)learned; no boxes are reported then. */
    public boolean calibrating() {
        return calibrating;
    }

    public boolean hasMotion() {
        return !boxes.isEmpty();
    }

    /** Sum of the box areas as a fraction of the frame. */
    public double motionAreaFraction() {
        double sum = 0;
        for (int i = 0; i < boxes.size(); i++) sum += boxes.area(i);
        return Math.min(1.0, sum);
    }
}
