package vigil.analytics.track;

import java.util.List;

/**
 * A track that ended (or a snapshot of one still going): its id and its boxes in time order, observed or, while
 * it was merged with other objects in one blob, estimated.
 *
 * @param moved whether the object ever moved away from where it appeared (what is reported as a moving object)
 * @param kind  a person or another moving object
 */
public record FinishedTrack(long trackId, List<TimedBox> boxes, boolean moved, ObjectKind kind) {

    public long startMs() {
        return boxes.get(0).timeMs();
    }

    public long endMs() {
        return boxes.get(boxes.size() - 1).timeMs();
    }
}
