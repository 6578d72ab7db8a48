package vigil.catalog.store;

import java.util.List;

/** One page of tracks and where the next page starts, if any. */
public record TrackPage(List<TrackRecord> tracks, SearchQuery.Position next) {
}
