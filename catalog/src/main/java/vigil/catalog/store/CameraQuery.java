package vigil.catalog.store;

import vigil.catalog.search.SearchArea;

/** Cameras in an area (ids, regions, located inside a map shape), by id, at most {@code limit} after {@code afterId}. */
public record CameraQuery(SearchArea area, int limit, String afterId) {
}
