package vigil.catalog.store;

import java.time.Instant;
import vigil.catalog.search.SearchArea;

/**
 * A footage search: a time window and an area (cameras, regions, map), newest first.
 *
 * @param after keyset position: only hits strictly older than it, or null for the first page
 */
public record SearchQuery(Instant from, Instant to, SearchArea area, int limit, Position after) {

    /** Where a page ended: the last hit's start and id. */
    public record Position(long startMs, String id) {
    }
}
