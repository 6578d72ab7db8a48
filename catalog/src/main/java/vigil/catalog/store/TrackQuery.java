package vigil.catalog.store;

import java.time.Instant;
import vigil.catalog.search.SearchArea;
import vigil.catalog.search.TrackFilter;

/**
 * Tracks in a time window and an area, of one object kind ("person" or "object"; null for both), through a
 * zone of the image or across a tripwire; newest first.
 */
public record TrackQuery(Instant from, Instant to, SearchArea area, String objectKind, TrackFilter filter, int limit,
                         SearchQuery.Position after) {
}
