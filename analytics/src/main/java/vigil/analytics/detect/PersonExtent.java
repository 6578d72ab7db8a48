package vigil.analytics.detect;

import java.util.Arrays;
import vigil.analytics.motion.NormalizedBox;

/**
 * Where a person's head and feet lie in the person model's box of them, learned online from one camera's people
 * walking alone. The model's window holds a person with a margin whose size depends on their build, clothes and the
 * camera's angle (OpenCV's pedestrian model: about 0.8 of the window on INRIA's upright people); the moving pixels of
 * someone alone in their motion blob say where they really begin and end. The median top and bottom of those blobs,
 * relative to the model's box, over the last {@link #CAPACITY} such people, make the boxes a camera reports fit the
 * people in them.
 *
 * <p>Only what is reported changes: searches and the person heights stay in the model's own terms. Until
 * {@link #MIN_SAMPLES} people are seen, and for a fit outside {@link #MIN_HEIGHT_RATIO}..{@link #MAX_HEIGHT_RATIO},
 * boxes are reported as found. Not thread-safe: one per camera.
 */
public final class PersonExtent {

    static final int CAPACITY = 128;
    static final int MIN_SAMPLES = 24;
    /** The fitted box is at least this share of the model's box tall, and at most this: beyond, motion is not the person. */
    static final double MIN_HEIGHT_RATIO = 0.7;
    static final double MAX_HEIGHT_RATIO = 1.1;
    /** The fitted box's centre moves at most this share of the model's box's height. */
    static final double MAX_SHIFT = 0.1;

    private final double[] tops = new double[CAPACITY];
    private final double[] bottoms = new double[CAPACITY];
    private final double[] scratch = new double[CAPACITY];
    private int count;
    private int next;
    private boolean dirty;
    private double top;
    private double bottom = 1;

    /**
     * A person the model found at {@code person} whose motion blob, holding them alone, is {@code blob}: its top
     * and bottom teach where people's heads and feet lie in the model's boxes.
     */
    public void observe(NormalizedBox person, NormalizedBox blob) {
        observe(person.y(), person.height(), blob.y(), blob.height());
    }

    /** As {@link #observe(NormalizedBox, NormalizedBox)}, from the person's and the blob's top and height. */
    public void observe(double personTop, double personHeight, double blobTop, double blobHeight) {
        if (!(personHeight > 0 && blobHeight > 0)) return;
        tops[next] = (blobTop - personTop) / personHeight;
        bottoms[next] = (blobTop + blobHeight - personTop) / personHeight;
        next = (next + 1) % CAPACITY;
        count = Math.min(CAPACITY, count + 1);
        dirty = true;
    }

    /** People seen alone so far (at most {@link #CAPACITY} are kept). */
    public int samples() {
        return count;
    }

    /** Whether enough people were seen alone for boxes to be fitted. */
    public boolean learned() {
        return count >= MIN_SAMPLES;
    }

    /**
     * {@code person}, a box of the model, fitted to where people's heads and feet lie in such boxes; {@code person}
     * itself until {@link #learned()}, or while the fit is one motion cannot mean.
     */
    public NormalizedBox fit(NormalizedBox person) {
        if (!fitting()) return person;
        return new NormalizedBox(person.x(), fittedTop(person.y(), person.height()), person.width(), fittedHeight(person.height()));
    }

    /** Whether {@link #fit} moves boxes (learned, and a fit motion can mean). */
    public boolean fitting() {
        if (count < MIN_SAMPLES) return false;
        if (dirty) refit();
        return !(top == 0 && bottom == 1);
    }

    /** The top of a model's box at {@code y}, {@code height} tall, fitted (see {@link #fit}; while {@link #fitting()}). */
    public double fittedTop(double y, double height) {
        return y + top * height;
    }

    /** The height of a model's box {@code height} tall, fitted. */
    public double fittedHeight(double height) {
        return (bottom - top) * height;
    }

    private void refit() {
        dirty = false;
        double t = median(tops), b = median(bottoms);
        double ratio = b - t, shift = (t + b) / 2 - 0.5;
        if (ratio < MIN_HEIGHT_RATIO || ratio > MAX_HEIGHT_RATIO || Math.abs(shift) > MAX_SHIFT) {
            top = 0;
            bottom = 1;
        } else {
            top = t;
            bottom = b;
        }
    }

    private double median(double[] values) {
        System.arraycopy(values, 0, scratch, 0, count);
        Arrays.sort(scratch, 0, count);
        return count % 2 == 1 ? scratch[count / 2] : (scratch[count / 2 - 1] + scratch[count / 2]) / 2;
    }
}
