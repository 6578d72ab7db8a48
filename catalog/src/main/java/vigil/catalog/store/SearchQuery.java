package vigil.catalog.store;

import java.time.Instant;
import java.util.List;

/**
 * A footage search: a time window, optionally narrowed to cameras, newest first.
 *
 * @param cameraIds empty for every camera
 * @param after     keyset position: only hits strictly older than it, or null for the first page
 */
public record SearchQuery(Instant from, Instant to, List<String> cameraIds, int limit, Position after) {

    public SearchQuery {
        cameraIds = List.copyOf(cameraIds);
    }

    /** Where a page ended: the last hit's start and id. */
    public record Position(long startMs, String id) {
    }
}
