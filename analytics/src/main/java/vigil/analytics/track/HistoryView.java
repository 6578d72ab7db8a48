package vigil.analytics.track;

import java.util.AbstractList;
import java.util.RandomAccess;
import vigil.analytics.motion.NormalizedBox;

/**
 * A track's boxes as its tracker keeps them ({@link TrackHistory}), read in place: what a tracker reports of a track
 * that ended, or of one still going, without a record per box. Valid until the tracker's next frame, when the history
 * may go to another track: reading it later throws rather than answering another track's boxes (copy what is kept,
 * {@link FinishedTrack#copy()}). A track's tracker points the same view at it each time it reports it. A person's
 * boxes may be read fitted to where people lie in the person model's boxes (each box's top moved by {@code top} of its
 * height, its height scaled by {@code height}): the boxes the tracker found itself, not those another tracker handed
 * it first (an object's motion boxes, a person's boxes fitted already).
 */
final class HistoryView extends AbstractList<TimedBox> implements RandomAccess {

    private TrackHistory history;
    private int generation;
    private int size;
    /** The first box a fit applies to: those before it were handed over, as they are to be read. */
    private int fitFrom;
    private double top;
    private double height = 1;

    /** One to be pointed at a history ({@link #over}) before it is read. */
    HistoryView() {
    }

    /** This view, now of the first {@code size} boxes of {@code history} as they are now, unfitted. */
    HistoryView over(TrackHistory boxes, int boxCount) {
        return over(boxes, boxCount, 0);
    }

    /**
     * As {@link #over(TrackHistory, int)}, the first {@code handedOver} boxes read as they are whatever the fit (another
     * tracker's, before this track took them over).
     */
    HistoryView over(TrackHistory boxes, int boxCount, int handedOver) {
        this.history = boxes;
        this.generation = boxes.generation();
        this.size = boxCount;
        this.fitFrom = handedOver;
        this.top = 0;
        this.height = 1;
        return this;
    }

    /**
     * This view, its boxes now read with each one's top moved by {@code top} of its height and its height scaled by
     * {@code height} (from the history's boxes, whatever fit it read them with before), but for those handed over.
     */
    HistoryView fit(double boxTop, double boxHeight) {
        this.top = boxTop;
        this.height = boxHeight;
        return this;
    }

    @Override
    public int size() {
        return size;
    }

    /** Box {@code i} as a record (the reader's: made for each call). */
    @Override
    public TimedBox get(int i) {
        return new TimedBox(timeMs(i), new NormalizedBox(x(i), y(i), width(i), height(i)));
    }

    long timeMs(int i) {
        check(i);
        return history.timeMs(i);
    }

    double x(int i) {
        check(i);
        return history.x(i);
    }

    double y(int i) {
        check(i);
        return i < fitFrom ? history.y(i) : history.y(i) + top * history.height(i);
    }

    double width(int i) {
        check(i);
        return history.width(i);
    }

    double height(int i) {
        check(i);
        return i < fitFrom ? history.height(i) : height * history.height(i);
    }

    private void check(int i) {
        if (history.generation() != generation) {
            throw new IllegalStateException("a track's boxes were read after its tracker's next frame: copy what is kept");
        }
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("box " + i + " of " + size);
    }
}
