package vigil.catalog.search;

import java.util.List;

/**
 * Where a search looks: any of named cameras, civil-code region prefixes and a map shape; each given part
 * narrows the search, and an empty area is everywhere. A scope (the asking token's) narrows it further.
 *
 * @param cameraIds camera ids; empty for any camera
 * @param regions   civil-code prefixes (GB/T 2260, 2–12 digits); a camera is in when its code starts with one
 * @param map       a shape on the map, or null: cameras located inside it, and tracks whose ground path enters it
 * @param scope     the cameras the asker may see, or null for all
 */
public record SearchArea(List<String> cameraIds, List<String> regions, MapArea map, Scope scope) {

    public static final SearchArea EVERYWHERE = new SearchArea(List.of(), List.of(), null);

    /**
     * The cameras a token may see: those listed, and those whose civil code starts with one of the regions (a
     * camera is in when either says so).
     */
    public record Scope(List<String> regions, List<String> cameraIds) {
        public Scope {
            regions = List.copyOf(regions);
            cameraIds = List.copyOf(cameraIds);
        }
    }

    public SearchArea {
        cameraIds = List.copyOf(cameraIds);
        regions = List.copyOf(regions);
    }

    public SearchArea(List<String> cameraIds, List<String> regions, MapArea map) {
        this(cameraIds, regions, map, null);
    }

    public static SearchArea cameras(List<String> ids) {
        return new SearchArea(ids, List.of(), null);
    }

    public SearchArea within(Scope s) {
        return new SearchArea(cameraIds, regions, map, s);
    }

    /** True when a camera with this civil code (possibly null) is inside the regions, if any are given. */
    public boolean inRegions(String civilCode) {
        if (regions.isEmpty()) return true;
        if (civilCode == null) return false;
        for (String prefix : regions) if (civilCode.startsWith(prefix)) return true;
        return false;
    }
}
