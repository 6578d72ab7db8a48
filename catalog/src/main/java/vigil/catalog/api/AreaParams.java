package vigil.catalog.api;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import vigil.catalog.camera.CameraIds;
import vigil.catalog.search.MapArea;
import vigil.catalog.search.SearchArea;

/**
 * Reads where a search looks from its query parameters, failing with the parameter's name:
 * <table>
 *   <caption>Area parameters and their limits</caption>
 *   <tr><th>parameter</th><th>form</th><th>limits</th></tr>
 *   <tr><td>{@code cameras}, {@code camera}</td><td>id,id,...</td><td>500 ids</td></tr>
 *   <tr><td>{@code region}</td><td>civil-code prefix,...</td><td>2, 4, 6 or 8 digits of a real province; 100 prefixes</td></tr>
 *   <tr><td>{@code bbox}</td><td>minLon,minLat,maxLon,maxLat</td><td>min below max; no antimeridian crossing</td></tr>
 *   <tr><td>{@code polygon}</td><td>lon,lat,lon,lat,...</td><td>3–256 points, spanning under 180° of longitude</td></tr>
 *   <tr><td>{@code circle}</td><td>lon,lat,radiusMetres</td><td>radius 1 m – 100 km</td></tr>
 * </table>
 * At most one of {@code bbox}, {@code polygon}, {@code circle}.
 */
final class AreaParams {

    private static final int MAX_REGIONS = 100;
    private static final int MAX_POLYGON_POINTS = 256;
    private static final double MAX_RADIUS_M = 100_000;

    private AreaParams() {
    }

    /** The area a request names, narrowed to the asking token's scope. */
    static SearchArea area(RoutingContext ctx) {
        List<String> cameras = new ArrayList<>(Params.list(ctx, "cameras"));
        String camera = ctx.queryParams().get("camera");
        if (camera != null && !camera.isBlank()) cameras.add(camera.strip());
        for (String id : cameras) {
            if (!CameraIds.isValidId(id)) throw ApiException.badField(ctx.queryParams().contains("camera") ? "camera" : "cameras",
                    "holds '" + Params.clip(id) + "', not a camera id");
        }
        return ApiAccess.scoped(ctx, new SearchArea(cameras, regions(ctx), map(ctx)));
    }

    static List<String> regions(RoutingContext ctx) {
        List<String> regions = Params.list(ctx, "region");
        if (regions.size() > MAX_REGIONS) throw ApiException.badField("region", "lists more than " + MAX_REGIONS + " prefixes");
        for (String r : regions) {
            String problem = CameraIds.regionProblem(r);
            if (problem != null) throw ApiException.badField("region", "'" + Params.clip(r) + "' " + problem);
        }
        return regions;
    }

    static MapArea map(RoutingContext ctx) {
        String field = null;
        for (String name : List.of("bbox", "polygon", "circle")) {
            String v = ctx.queryParams().get(name);
            if (v == null || v.isBlank()) continue;
            if (field != null) throw ApiException.badField(name, "cannot be combined with " + field + ": give one map shape");
            field = name;
        }
        if (field == null) return null;
        double[] v = numbers(ctx.queryParams().get(field), field);
        switch (field) {
            case "bbox" -> {
                if (v.length != 4) throw ApiException.badField("bbox", "needs minLon,minLat,maxLon,maxLat");
                checkLonLat(v[0], v[1], "bbox");
                checkLonLat(v[2], v[3], "bbox");
                if (!(v[0] < v[2]) || !(v[1] < v[3])) {
                    throw ApiException.badField("bbox", "needs minLon < maxLon and minLat < maxLat (no antimeridian crossing)");
                }
                return new MapArea.Box(v[1], v[0], v[3], v[2]);
            }
            case "polygon" -> {
                if (v.length % 2 != 0 || v.length < 6) throw ApiException.badField("polygon", "needs at least 3 points as lon,lat,lon,lat,...");
                if (v.length / 2 > MAX_POLYGON_POINTS) throw ApiException.badField("polygon", "has more than " + MAX_POLYGON_POINTS + " points");
                List<double[]> points = new ArrayList<>();
                for (int i = 0; i < v.length; i += 2) {
                    checkLonLat(v[i], v[i + 1], "polygon");
                    points.add(new double[] {v[i + 1], v[i]});
                }
                MapArea.Polygon polygon = MapArea.Polygon.of(points);
                double[] b = polygon.bounds();
                if (b[3] - b[1] >= 180) throw ApiException.badField("polygon", "spans 180° of longitude or more");
                if (b[2] - b[0] <= 0 || b[3] - b[1] <= 0) throw ApiException.badField("polygon", "has no area");
                return polygon;
            }
            default -> {
                if (v.length != 3) throw ApiException.badField("circle", "needs lon,lat,radiusMetres");
                checkLonLat(v[0], v[1], "circle");
                if (!(v[2] >= 1 && v[2] <= MAX_RADIUS_M)) throw ApiException.badField("circle", "radius must be 1.." + (int) MAX_RADIUS_M + " metres");
                if (Math.abs(v[1]) > 85) throw ApiException.badField("circle", "centre must be within 85° of the equator");
                return new MapArea.Circle(v[1], v[0], v[2]);
            }
        }
    }

    private static void checkLonLat(double lon, double lat, String field) {
        if (!(lon >= -180 && lon <= 180)) throw ApiException.badField(field, "longitude must be within -180..180: " + lon);
        if (!(lat >= -90 && lat <= 90)) throw ApiException.badField(field, "latitude must be within -90..90: " + lat);
    }

    private static double[] numbers(String text, String field) {
        String[] parts = text.split(",", -1);
        if (parts.length > 2 * MAX_POLYGON_POINTS) throw ApiException.badField(field, "has too many numbers");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw ApiException.badField(field, "holds '" + Params.clip(parts[i]) + "', not a number");
            }
            if (!Double.isFinite(v[i])) throw ApiException.badField(field, "holds a number that is not finite");
        }
        return v;
    }
}
