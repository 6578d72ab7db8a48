package vigil.catalog.store;

import java.time.Instant;
import java.util.List;
import vigil.catalog.search.TrackFilter;

/**
 * Tracks in a time window, optionally of some cameras, of one object kind ("person" or "object"; null for
 * both) and through a zone or across a line; newest first.
 */
public record TrackQuery(Instant from, Instant to, List<String> cameraIds, String objectKind, TrackFilter filter, int limit,
                         SearchQuery.Position after) {
    public TrackQuery {
        cameraIds = List.copyOf(cameraIds);
    }
}
