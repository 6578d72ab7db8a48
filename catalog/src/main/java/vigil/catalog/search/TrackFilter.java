package vigil.catalog.search;

import java.util.List;
import vigil.catalog.store.TrackRecord;

/**
 * The image-space part of a track search: a zone the path must enter and/or a tripwire it must cross in a
 * direction. Coordinates are normalised to the frame, x right, y down.
 *
 * <p>Direction of a tripwire from (x1,y1) to (x2,y2): {@code ltr} is crossing along its normal (y2−y1, x1−x2),
 * which for a line drawn top to bottom means moving left to right in the image, and for a line drawn left to
 * right means moving up; {@code rtl} is the opposite; {@code any} is either.
 */
public record TrackFilter(List<double[]> zone, double[] line, Direction direction) {

    public enum Direction { LTR, RTL, ANY }

    public static final TrackFilter NONE = new TrackFilter(null, null, Direction.ANY);

    public boolean isEmpty() {
        return zone == null && line == null;
    }

    /** The exact test, on the stored path. */
    public boolean matches(TrackRecord t) {
        List<TrackRecord.Point> p = t.path();
        if (zone != null && !entersZone(p)) return false;
        return line == null || crossesLine(p);
    }

    private boolean entersZone(List<TrackRecord.Point> path) {
        for (TrackRecord.Point q : path) if (inside(q.x(), q.y())) return true;
        for (int i = 1; i < path.size(); i++) {
            for (int k = 0; k < zone.size(); k++) {
                double[] a = zone.get(k), b = zone.get((k + 1) % zone.size());
                if (segmentsIntersect(path.get(i - 1).x(), path.get(i - 1).y(), path.get(i).x(), path.get(i).y(),
                        a[0], a[1], b[0], b[1])) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean inside(double x, double y) {
        boolean in = false;
        for (int i = 0, j = zone.size() - 1; i < zone.size(); j = i++) {
            double[] a = zone.get(i), b = zone.get(j);
            if ((a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) in = !in;
        }
        return in;
    }

    private boolean crossesLine(List<TrackRecord.Point> path) {
        double nx = line[3] - line[1], ny = line[0] - line[2];
        for (int i = 1; i < path.size(); i++) {
            TrackRecord.Point a = path.get(i - 1), b = path.get(i);
            if (!segmentsIntersect(a.x(), a.y(), b.x(), b.y(), line[0], line[1], line[2], line[3])) continue;
            double along = (b.x() - a.x()) * nx + (b.y() - a.y()) * ny;
            if (direction == Direction.ANY || (direction == Direction.LTR && along > 0)
                    || (direction == Direction.RTL && along < 0)) {
                return true;
            }
        }
        return false;
    }

    static boolean segmentsIntersect(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy) {
        double d1 = cross(cx, cy, dx, dy, ax, ay), d2 = cross(cx, cy, dx, dy, bx, by);
        double d3 = cross(ax, ay, bx, by, cx, cy), d4 = cross(ax, ay, bx, by, dx, dy);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
        return (d1 == 0 && onSegment(cx, cy, dx, dy, ax, ay)) || (d2 == 0 && onSegment(cx, cy, dx, dy, bx, by))
                || (d3 == 0 && onSegment(ax, ay, bx, by, cx, cy)) || (d4 == 0 && onSegment(ax, ay, bx, by, dx, dy));
    }

    private static double cross(double ax, double ay, double bx, double by, double px, double py) {
        return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
    }

    private static boolean onSegment(double ax, double ay, double bx, double by, double px, double py) {
        return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
    }

    /**
     * Coarse 8×8 cells that any matching track's footprint must touch (a conservative prefilter for SQL):
     * the zone's bounding box, and the tripwire's cells grown by one.
     */
    public long coarseMask() {
        long mask = -1L;
        if (zone != null) {
            double minX = 1, minY = 1, maxX = 0, maxY = 0;
            for (double[] p : zone) {
                minX = Math.min(minX, p[0]);
                minY = Math.min(minY, p[1]);
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
            mask &= cells(minX, minY, maxX, maxY, 0);
        }
        if (line != null) {
            long l = 0;
            int steps = 64;
            for (int i = 0; i <= steps; i++) {
                double x = line[0] + (line[2] - line[0]) * i / steps, y = line[1] + (line[3] - line[1]) * i / steps;
                l |= cells(x, y, x, y, 1);
            }
            mask &= l;
        }
        return mask;
    }

    private static long cells(double minX, double minY, double maxX, double maxY, int grow) {
        int x0 = cell(minX) - grow, y0 = cell(minY) - grow, x1 = cell(maxX) + grow, y1 = cell(maxY) + grow;
        long m = 0;
        for (int y = Math.max(0, y0); y <= Math.min(7, y1); y++) {
            for (int x = Math.max(0, x0); x <= Math.min(7, x1); x++) m |= 1L << (y * 8 + x);
        }
        return m;
    }

    private static int cell(double v) {
        return Math.max(0, Math.min(7, (int) (v * 8)));
    }

    /** The 8×8 coarse mask of a 32×32 footprint: a coarse cell is set if any of its 4×4 fine cells is. */
    public static long coarseOf(long[] footprint) {
        long m = 0;
        for (int bit = 0; bit < 1024; bit++) {
            if ((footprint[bit / 64] & (1L << (bit % 64))) != 0) {
                int cx = (bit % 32) / 4, cy = (bit / 32) / 4;
                m |= 1L << (cy * 8 + cx);
            }
        }
        return m;
    }
}
