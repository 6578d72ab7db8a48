package vigil.catalog.store;

import java.util.List;

/** One page of hits and where the next page starts, if any. */
public record SearchPage(List<SearchHit> hits, SearchQuery.Position next) {
}
