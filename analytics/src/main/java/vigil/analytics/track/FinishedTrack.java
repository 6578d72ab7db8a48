package vigil.analytics.track;

import java.util.List;

/** A track that ended: its id and every observed box in time order. */
public record FinishedTrack(long trackId, List<TimedBox> boxes) {

    public long startMs() {
        return boxes.get(0).timeMs();
    }

    public long endMs() {
        return boxes.get(boxes.size() - 1).timeMs();
    }
}
