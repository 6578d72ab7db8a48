package vigil.analytics.track;

import java.util.List;
import java.util.Objects;

/**
 * A track that ended (or a snapshot of one still going): its id and its boxes in time order, observed or, while
 * it was merged with other objects in one blob, estimated.
 *
 * <p>A tracker's own (from {@link MultiObjectTracker} and {@link SceneTracker}) is the same object each time the
 * tracker reports that track, filled again, and reads its boxes where the tracker keeps them, so that reporting a
 * track allocates nothing: it is valid until the tracker's next frame. After that, reading its boxes throws until
 * the tracker takes the object for another track, whose id and boxes it then answers (as a {@link TrackedObject}
 * does). {@link #copy()} what is kept longer.
 */
public final class FinishedTrack {

    private long trackId;
    private List<TimedBox> boxes;
    private boolean moved;
    private ObjectKind kind;

    /**
     * @param boxes its boxes in time order (kept as given)
     * @param moved whether the object ever moved away from where it appeared (what is reported as a moving object)
     * @param kind  a person or another moving object
     */
    public FinishedTrack(long trackId, List<TimedBox> boxes, boolean moved, ObjectKind kind) {
        set(trackId, boxes, moved, kind);
    }

    /** One to be filled by a tracker. */
    FinishedTrack() {
    }

    FinishedTrack set(long id, List<TimedBox> trackBoxes, boolean hasMoved, ObjectKind what) {
        this.trackId = id;
        this.boxes = Objects.requireNonNull(trackBoxes, "boxes");
        this.moved = hasMoved;
        this.kind = Objects.requireNonNull(what, "kind");
        return this;
    }

    public long trackId() {
        return trackId;
    }

    /** Its boxes in time order (read in place for a tracker's own: a record made for each box read). */
    public List<TimedBox> boxes() {
        return boxes;
    }

    /** Whether the object ever moved away from where it appeared (what is reported as a moving object). */
    public boolean moved() {
        return moved;
    }

    /** A person or another moving object. */
    public ObjectKind kind() {
        return kind;
    }

    public long startMs() {
        return timeMs(0);
    }

    public long endMs() {
        return timeMs(boxes.size() - 1);
    }

    /** The time of box {@code i} (without making a record of the box). */
    public long timeMs(int i) {
        return boxes instanceof HistoryView v ? v.timeMs(i) : boxes.get(i).timeMs();
    }

    public double x(int i) {
        return boxes instanceof HistoryView v ? v.x(i) : boxes.get(i).box().x();
    }

    public double y(int i) {
        return boxes instanceof HistoryView v ? v.y(i) : boxes.get(i).box().y();
    }

    public double width(int i) {
        return boxes instanceof HistoryView v ? v.width(i) : boxes.get(i).box().width();
    }

    public double height(int i) {
        return boxes instanceof HistoryView v ? v.height(i) : boxes.get(i).box().height();
    }

    /** This track with boxes of its own, valid for as long as it is kept. */
    public FinishedTrack copy() {
        return new FinishedTrack(trackId, List.copyOf(boxes), moved, kind);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FinishedTrack t && t.trackId == trackId && t.moved == moved && t.kind == kind && t.boxes.equals(boxes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(trackId, boxes, moved, kind);
    }

    @Override
    public String toString() {
        return "FinishedTrack[trackId=" + trackId + ", boxes=" + boxes.size() + ", moved=" + moved + ", kind=" + kind + "]";
    }
}
