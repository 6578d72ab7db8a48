package vigil.catalog.store;

import java.time.Instant;
import vigil.catalog.search.SearchArea;

/** Activity of cameras over [from, to) in buckets of {@code bucketMs}, the first starting at {@code from}. */
public record TimelineQuery(Instant from, Instant to, SearchArea area, long bucketMs) {

    public int buckets() {
        return (int) ((to.toEpochMilli() - from.toEpochMilli() + bucketMs - 1) / bucketMs);
    }
}
