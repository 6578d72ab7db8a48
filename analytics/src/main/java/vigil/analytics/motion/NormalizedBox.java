package vigil.analytics.motion;

/** An axis-aligned box in frame coordinates normalised to 0..1 (x right, y down). */
public record NormalizedBox(double x, double y, double width, double height) {

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }

    public double centreX() {
        return x + width / 2;
    }

    public double centreY() {
        return y + height / 2;
    }

    /** The same box moved by ({@code dx}, {@code dy}). */
    public NormalizedBox shifted(double dx, double dy) {
        return new NormalizedBox(x + dx, y + dy, width, height);
    }

    public double area() {
        return width * height;
    }

    /** The smallest box holding both. */
    public NormalizedBox union(NormalizedBox other) {
        double left = Math.min(x, other.x);
        double top = Math.min(y, other.y);
        return new NormalizedBox(left, top,
                Math.max(right(), other.right()) - left, Math.max(bottom(), other.bottom()) - top);
    }
}
