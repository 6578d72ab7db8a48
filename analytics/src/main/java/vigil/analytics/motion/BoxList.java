package vigil.analytics.motion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Boxes of one frame, normalised to it as {@link NormalizedBox} is, kept in arrays that are reused frame after frame:
 * the per-frame path fills and reads one of these instead of allocating a record per box. A list handed out by
 * analytics (the motion of a frame) is valid until the next frame; {@link #get} makes a record of a box to keep.
 * Not thread-safe.
 */
public final class BoxList {

    private static final BoxList EMPTY = new BoxList(0);

    private double[] x;
    private double[] y;
    private double[] width;
    private double[] height;
    private int size;

    public BoxList() {
        this(16);
    }

    private BoxList(int capacity) {
        x = new double[capacity];
        y = new double[capacity];
        width = new double[capacity];
        height = new double[capacity];
    }

    /** A list that is always empty (adding to it is refused). */
    public static BoxList empty() {
        return EMPTY;
    }

    /** A new list of {@code boxes}. */
    public static BoxList of(List<NormalizedBox> boxes) {
        BoxList list = new BoxList(Math.max(1, boxes.size()));
        for (NormalizedBox b : boxes) list.add(b);
        return list;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void clear() {
        if (this == EMPTY) return;
        size = 0;
    }

    public void add(double left, double top, double boxWidth, double boxHeight) {
        if (this == EMPTY) throw new UnsupportedOperationException("the empty box list takes no boxes");
        if (size == x.length) {
            int n = Math.max(4, size * 2);
            x = Arrays.copyOf(x, n);
            y = Arrays.copyOf(y, n);
            width = Arrays.copyOf(width, n);
            height = Arrays.copyOf(height, n);
        }
        x[size] = left;
        y[size] = top;
        width[size] = boxWidth;
        height[size] = boxHeight;
        size++;
    }

    public void add(NormalizedBox box) {
        add(box.x(), box.y(), box.width(), box.height());
    }

    /** Box {@code i} of {@code other} added to this list. */
    public void add(BoxList other, int i) {
        add(other.x(i), other.y[i], other.width[i], other.height[i]);
    }

    public double x(int i) {
        return x[Objects.checkIndex(i, size)];
    }

    public double y(int i) {
        return y[Objects.checkIndex(i, size)];
    }

    public double width(int i) {
        return width[Objects.checkIndex(i, size)];
    }

    public double height(int i) {
        return height[Objects.checkIndex(i, size)];
    }

    public double right(int i) {
        return x(i) + width[i];
    }

    public double bottom(int i) {
        return y(i) + height[i];
    }

    public double area(int i) {
        return width(i) * height[i];
    }

    /** The area box {@code i} shares with box {@code j} of {@code other}. */
    public double intersection(int i, BoxList other, int j) {
        double w = Math.min(x(i) + width[i], other.x(j) + other.width[j]) - Math.max(x[i], other.x[j]);
        double h = Math.min(y[i] + height[i], other.y[j] + other.height[j]) - Math.max(y[i], other.y[j]);
        return w > 0 && h > 0 ? w * h : 0;
    }

    /** Intersection over union of box {@code i} and box {@code j} of {@code other}. */
    public double iou(int i, BoxList other, int j) {
        double shared = intersection(i, other, j);
        return shared > 0 ? shared / (area(i) + other.area(j) - shared) : 0;
    }

    /** Box {@code i} as a record (allocated: for what is kept, or read off the per-frame path). */
    public NormalizedBox get(int i) {
        return new NormalizedBox(x(i), y[i], width[i], height[i]);
    }

    /** The boxes as records (allocated). */
    public List<NormalizedBox> toList() {
        List<NormalizedBox> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(get(i));
        return out;
    }

    @Override
    public String toString() {
        return toList().toString();
    }
}
