package vigil.analytics.track;

import java.util.Objects;
import vigil.analytics.motion.NormalizedBox;

/**
 * A confirmed track's box in one frame. A tracker hands out the same object for a track frame after frame (nothing
 * is allocated per frame): one it answered is valid until its next update; {@link #copy()} keeps one.
 */
public final class TrackedObject {

    private long trackId;
    private double x;
    private double y;
    private double width;
    private double height;
    private boolean observed;
    private ObjectKind kind;

    /**
     * @param trackId  stable id for the life of the track (unique per camera)
     * @param box      where the object is, normalised to the frame
     * @param observed true if a detection supported it this frame; false while it coasts on its prediction
     *                 (through a merge with another object, or held on its own motion while a detector misses it)
     * @param kind     a person or another moving object
     */
    public TrackedObject(long trackId, NormalizedBox box, boolean observed, ObjectKind kind) {
        set(trackId, box.x(), box.y(), box.width(), box.height(), observed, kind);
    }

    public TrackedObject(long trackId, NormalizedBox box, boolean observed) {
        this(trackId, box, observed, ObjectKind.OBJECT);
    }

    /** One to be filled by a tracker. */
    TrackedObject() {
    }

    void set(long id, double left, double top, double boxWidth, double boxHeight, boolean seen, ObjectKind what) {
        this.trackId = id;
        this.x = left;
        this.y = top;
        this.width = boxWidth;
        this.height = boxHeight;
        this.observed = seen;
        this.kind = Objects.requireNonNull(what, "kind");
    }

    /** A copy of its own, to keep past the tracker's next update. */
    public TrackedObject copy() {
        TrackedObject c = new TrackedObject();
        c.set(trackId, x, y, width, height, observed, kind);
        return c;
    }

    /** Stable id for the life of the track (unique per camera). */
    public long trackId() {
        return trackId;
    }

    /** Where the object is, normalised to the frame (a record made on each call; see {@link #x()} and the others). */
    public NormalizedBox box() {
        return new NormalizedBox(x, y, width, height);
    }

    public double x() {
        return x;
    }

    public double y() {
        return y;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    /**
     * True if a detection supported it this frame; false while it coasts on its prediction (through a merge with
     * another object, or held on its own motion while a detector misses it).
     */
    public boolean observed() {
        return observed;
    }

    /** A person or another moving object. */
    public ObjectKind kind() {
        return kind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackedObject t && t.trackId == trackId && t.observed == observed && t.kind == kind
                && Double.compare(t.x, x) == 0 && Double.compare(t.y, y) == 0
                && Double.compare(t.width, width) == 0 && Double.compare(t.height, height) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(trackId, x, y, width, height, observed, kind);
    }

    @Override
    public String toString() {
        return "TrackedObject[trackId=" + trackId + ", box=" + box() + ", observed=" + observed + ", kind=" + kind + "]";
    }
}
