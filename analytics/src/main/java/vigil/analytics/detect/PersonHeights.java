package vigil.analytics.detect;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * How tall a person standing at each row of one camera's picture is, learned online from the people the person
 * model has found in it. A static camera looks at a ground that is nearly a plane: a person's height in the picture
 * is then close to a straight line in the row of their feet (zero at the horizon, growing towards the bottom), so
 * the model is that line, fitted by least squares to the last {@link #CAPACITY} people seen, outliers (a detection of
 * legs alone, two people taken for one) dropped. Rows and heights are shares of the frame's height.
 *
 * <p>It predicts only what it has seen: rows within {@link #EXTRAPOLATION_ROWS} of the feet rows it learned from,
 * once it holds {@link #MIN_SAMPLES} people. With the prediction the person model looks for people at the one size
 * each place allows, not at every size a moving blob might hold. Not thread-safe: one per camera.
 */
public final class PersonHeights {

    /** People remembered: the last few minutes of a busy scene, so that a camera moved on its pole is relearned. */
    static final int CAPACITY = 256;
    static final int MIN_SAMPLES = 24;
    /** How far above and below the learned feet rows (share of the frame's height) a prediction is trusted. */
    static final double EXTRAPOLATION_ROWS = 0.1;
    /** Feet rows spread less than this (standard deviation) give no slope: one height is predicted for all. */
    private static final double MIN_ROW_SPREAD = 0.02;
    /** A person further than this many robust deviations from the first fit is left out of the second. */
    private static final double OUTLIER_DEVIATIONS = 3.0;
    /** Relative error of the prediction assumed at least (detections jitter by a window step or two). */
    private static final double MIN_RELATIVE_SPREAD = 0.06;

    private final double[] feetRows = new double[CAPACITY];
    private final double[] heights = new double[CAPACITY];
    private final double[] scratch = new double[CAPACITY];
    private final boolean[] keep = new boolean[CAPACITY];
    private int count;
    private int next;
    private boolean dirty;
    private boolean fitted;
    private double intercept;
    private double slope;
    private double relativeSpread;
    private double lowestRow;
    private double highestRow;

    /** A person found with their feet at {@code feetRow}, {@code height} tall (both shares of the frame's height). */
    public void observe(double feetRow, double height) {
        if (!(height > 0 && height <= 1 && feetRow > 0 && feetRow <= 1)) return;
        feetRows[next] = feetRow;
        heights[next] = height;
        next = (next + 1) % CAPACITY;
        count = Math.min(CAPACITY, count + 1);
        dirty = true;
    }

    /** People remembered. */
    public int samples() {
        return count;
    }

    /** The height of a person whose feet are at {@code feetRow}; empty until learned, or outside the rows learned. */
    public OptionalDouble heightAt(double feetRow) {
        double h = heightOrNaN(feetRow);
        return Double.isNaN(h) ? OptionalDouble.empty() : OptionalDouble.of(h);
    }

    /** As {@link #heightAt}, without an object: NaN where that is empty. */
    public double heightOrNaN(double feetRow) {
        if (!fit() || feetRow < lowestRow - EXTRAPOLATION_ROWS || feetRow > highestRow + EXTRAPOLATION_ROWS) {
            return Double.NaN;
        }
        double h = intercept + slope * feetRow;
        return h > 0 ? h : Double.NaN;
    }

    /**
     * Typical relative error of {@link #heightAt}: how far people stray from the line (a robust standard deviation of
     * height / predicted − 1, at least {@link #MIN_RELATIVE_SPREAD}). The line's own uncertainty far from the rows
     * learned was tried as well (a prediction interval): it cost TUD-Stadtmitte 0.07 MOTA (bench/RESULTS.md).
     */
    public double relativeSpread() {
        fit();
        return relativeSpread;
    }

    private boolean fit() {
        if (count < MIN_SAMPLES) return false;
        if (!dirty) return fitted;
        dirty = false;
        Arrays.fill(keep, 0, count, true);
        fitLine();
        // residuals of the first fit: drop who lies far off the line (parts of people, pairs taken for one)
        for (int i = 0; i < count; i++) scratch[i] = Math.abs(heights[i] - predict(feetRows[i]));
        double mad = median(scratch, count) * 1.4826;
        double limit = OUTLIER_DEVIATIONS * Math.max(mad, 1e-4);
        for (int i = 0; i < count; i++) keep[i] = Math.abs(heights[i] - predict(feetRows[i])) <= limit;
        fitLine();
        int kept = 0;
        lowestRow = Double.MAX_VALUE;
        highestRow = -Double.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            if (!keep[i]) continue;
            double p = predict(feetRows[i]);
            scratch[kept++] = p > 0 ? Math.abs(heights[i] / p - 1) : 1;
            lowestRow = Math.min(lowestRow, feetRows[i]);
            highestRow = Math.max(highestRow, feetRows[i]);
        }
        relativeSpread = Math.max(MIN_RELATIVE_SPREAD, median(scratch, kept) * 1.4826);
        fitted = kept >= MIN_SAMPLES / 2;
        return fitted;
    }

    private double predict(double feetRow) {
        return intercept + slope * feetRow;
    }

    /** Least squares of height on feet row over the samples {@link #keep} holds. */
    private void fitLine() {
        double n = 0, sx = 0, sy = 0;
        for (int i = 0; i < count; i++) {
            if (!keep[i]) continue;
            n++;
            sx += feetRows[i];
            sy += heights[i];
        }
        if (n == 0) return;
        double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
        for (int i = 0; i < count; i++) {
            if (!keep[i]) continue;
            sxx += (feetRows[i] - mx) * (feetRows[i] - mx);
            sxy += (feetRows[i] - mx) * (heights[i] - my);
        }
        boolean sloped = Math.sqrt(sxx / n) >= MIN_ROW_SPREAD;
        slope = sloped ? sxy / sxx : 0;
        intercept = my - slope * mx;
    }

    /** The median of the first {@code n} values, which it sorts. */
    private static double median(double[] values, int n) {
        if (n == 0) return 0;
        Arrays.sort(values, 0, n);
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
