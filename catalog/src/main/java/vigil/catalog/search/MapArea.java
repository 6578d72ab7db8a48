package vigil.catalog.search;

import java.util.List;

/**
 * A shape on the map (WGS-84) that a search asks about: a box, a polygon or a circle. It answers the exact
 * questions a search needs: is a camera inside, does a ground path enter the shape.
 *
 * <p>Geometry is planar in an equirectangular frame around the shape (longitude scaled by the cosine of its
 * latitude), exact enough for the county-sized shapes operators draw; shapes crossing the antimeridian or a pole
 * are refused when parsed ({@link MapAreas}).
 */
public sealed interface MapArea permits MapArea.Box, MapArea.Polygon, MapArea.Circle {

    /** Metres per degree of latitude (mean Earth radius 6 371 km). */
    double METERS_PER_DEGREE = 6_371_000.0 * Math.PI / 180;

    boolean contains(double lat, double lon);

    /** The bounding box, {minLat, minLon, maxLat, maxLon}. */
    double[] bounds();

    /** The outline as lat/lon points (a circle as a 64-gon just outside it), for covering with cells. */
    List<double[]> outline();

    /** True when the segment from a to b (lat, lon) meets the shape's boundary or lies inside it. */
    boolean meetsSegment(double aLat, double aLon, double bLat, double bLon);

    /** A path enters the shape when one of its points is inside or one of its legs crosses the boundary. */
    default boolean entersPath(List<double[]> latLonPath) {
        for (double[] p : latLonPath) if (contains(p[0], p[1])) return true;
        for (int i = 1; i < latLonPath.size(); i++) {
            double[] a = latLonPath.get(i - 1), b = latLonPath.get(i);
            if (meetsSegment(a[0], a[1], b[0], b[1])) return true;
        }
        return false;
    }

    /** An axis-aligned box. */
    record Box(double minLat, double minLon, double maxLat, double maxLon) implements MapArea {
        @Override
        public boolean contains(double lat, double lon) {
            return lat >= minLat && lat <= maxLat && lon >= minLon && lon <= maxLon;
        }

        @Override
        public double[] bounds() {
            return new double[] {minLat, minLon, maxLat, maxLon};
        }

        @Override
        public List<double[]> outline() {
            return List.of(new double[] {minLat, minLon}, new double[] {minLat, maxLon}, new double[] {maxLat, maxLon},
                    new double[] {maxLat, minLon});
        }

        @Override
        public boolean meetsSegment(double aLat, double aLon, double bLat, double bLon) {
            return Polygon.of(outline()).meetsSegment(aLat, aLon, bLat, bLon);
        }
    }

    /** A simple polygon of lat/lon vertices (not closed: the last joins the first). */
    record Polygon(List<double[]> vertices, double[] bounds) implements MapArea {

        public static Polygon of(List<double[]> vertices) {
            double minLat = 90, minLon = 180, maxLat = -90, maxLon = -180;
            for (double[] v : vertices) {
                minLat = Math.min(minLat, v[0]);
                maxLat = Math.max(maxLat, v[0]);
                minLon = Math.min(minLon, v[1]);
                maxLon = Math.max(maxLon, v[1]);
            }
            return new Polygon(List.copyOf(vertices), new double[] {minLat, minLon, maxLat, maxLon});
        }

        @Override
        public boolean contains(double lat, double lon) {
            if (lat < bounds[0] || lat > bounds[2] || lon < bounds[1] || lon > bounds[3]) return false;
            boolean in = false;
            for (int i = 0, j = vertices.size() - 1; i < vertices.size(); j = i++) {
                double[] a = vertices.get(i), b = vertices.get(j);
                if ((a[0] > lat) != (b[0] > lat) && lon < (b[1] - a[1]) * (lat - a[0]) / (b[0] - a[0]) + a[1]) in = !in;
            }
            return in;
        }

        @Override
        public double[] bounds() {
            return bounds.clone();
        }

        @Override
        public List<double[]> outline() {
            return vertices;
        }

        @Override
        public boolean meetsSegment(double aLat, double aLon, double bLat, double bLon) {
            if (contains(aLat, aLon) || contains(bLat, bLon)) return true;
            for (int i = 0, j = vertices.size() - 1; i < vertices.size(); j = i++) {
                double[] c = vertices.get(j), d = vertices.get(i);
                if (TrackFilter.segmentsIntersect(aLon, aLat, bLon, bLat, c[1], c[0], d[1], d[0])) return true;
            }
            return false;
        }
    }

    /** A circle: a centre and a radius in metres. */
    record Circle(double lat, double lon, double radiusMeters) implements MapArea {

        private double metersPerDegreeLon() {
            return METERS_PER_DEGREE * Math.cos(Math.toRadians(lat));
        }

        @Override
        public boolean contains(double pLat, double pLon) {
            double dy = (pLat - lat) * METERS_PER_DEGREE, dx = (pLon - lon) * metersPerDegreeLon();
            return dx * dx + dy * dy <= radiusMeters * radiusMeters;
        }

        @Override
        public double[] bounds() {
            double dLat = radiusMeters / METERS_PER_DEGREE, dLon = radiusMeters / metersPerDegreeLon();
            return new double[] {lat - dLat, lon - dLon, lat + dLat, lon + dLon};
        }

        @Override
        public List<double[]> outline() {
            int n = 64;
            // the polygon's edges touch the circle from outside, so it covers the whole disc
            double r = radiusMeters / Math.cos(Math.PI / n);
            double[][] out = new double[n][];
            for (int i = 0; i < n; i++) {
                double a = 2 * Math.PI * i / n;
                out[i] = new double[] {lat + r * Math.sin(a) / METERS_PER_DEGREE, lon + r * Math.cos(a) / metersPerDegreeLon()};
            }
            return List.of(out);
        }

        @Override
        public boolean meetsSegment(double aLat, double aLon, double bLat, double bLon) {
            double mx = metersPerDegreeLon();
            double ax = (aLon - lon) * mx, ay = (aLat - lat) * METERS_PER_DEGREE;
            double bx = (bLon - lon) * mx, by = (bLat - lat) * METERS_PER_DEGREE;
            double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
            double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
            double cx = ax + t * dx, cy = ay + t * dy;
            return cx * cx + cy * cy <= radiusMeters * radiusMeters;
        }
    }
}
