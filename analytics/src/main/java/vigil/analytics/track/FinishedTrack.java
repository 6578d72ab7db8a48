package vigil.analytics.track;

import java.util.List;

/**
 * A track that ended (or a snapshot of one still going): its id and its boxes in time order, observed or, while
 * it was merged with other objects in one blob, estimated.
 *
 * <p>A tracker's own (from {@link MultiObjectTracker} and {@link SceneTracker}) reads its boxes where the tracker
 * keeps them, so that reporting a track makes no record per box: it is valid until the tracker's next frame, and
 * reading it after that throws. {@link #copy()} what is kept longer.
 *
 * @param moved whether the object ever moved away from where it appeared (what is reported as a moving object)
 * @param kind  a person or another moving object
 */
public record FinishedTrack(long trackId, List<TimedBox> boxes, boolean moved, ObjectKind kind) {

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
        return boxes instanceof HistoryView ? new FinishedTrack(trackId, List.copyOf(boxes), moved, kind) : this;
    }
}
