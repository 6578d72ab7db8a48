package vigil.catalog.search;

import java.util.List;

/**
 * Where a search looks: any of named cameras, civil-code region prefixes and a map shape; each given part
 * narrows the search, and an empty area is everywhere.
 *
 * @param cameraIds camera ids; empty for any camera
 * @param regions   civil-code prefixes (GB/T 2260, 2–12 digits); a camera is in when its code starts with one
 * @param map       a shape on the map, or null: cameras located inside it, and tracks whose ground path enters it
 */
public record SearchArea(List<String> cameraIds, List<String> regions, MapArea map) {

    public static final SearchArea EVERYWHERE = new SearchArea(List.of(), List.of(), null);

    public SearchArea {
        cameraIds = List.copyOf(cameraIds);
        regions = List.copyOf(regions);
    }

    public static SearchArea cameras(List<String> ids) {
        return new SearchArea(ids, List.of(), null);
    }

    /** True when a camera with this civil code (possibly null) is inside the regions, if any are given. */
    public boolean inRegions(String civilCode) {
        if (regions.isEmpty()) return true;
        if (civilCode == null) return false;
        for (String prefix : regions) if (civilCode.startsWith(prefix)) return true;
        return false;
    }
}
