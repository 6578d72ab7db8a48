package vigil.analytics.track;

import java.util.ArrayList;
import java.util.List;

/** Turns a finished track into its {@link TrajectorySummary}. */
public final class TrajectorySummarizer {

    /** Kept boxes are at least this far apart in time (5 per second), plus the last one. */
    public static final long BOX_INTERVAL_MS = 200;
    /** Ramer-Douglas-Peucker tolerance, in normalised frame units. */
    public static final double PATH_TOLERANCE = 0.004;
    public static final int FOOTPRINT_CELLS = 32;

    private TrajectorySummarizer() {
    }

    public static TrajectorySummary summarize(FinishedTrack track) {
        List<TimedBox> all = track.boxes();
        List<TimedBox> kept = new ArrayList<>();
        for (TimedBox b : all) {
            if (kept.isEmpty() || b.timeMs() - kept.get(kept.size() - 1).timeMs() >= BOX_INTERVAL_MS) kept.add(b);
        }
        // the last box too, once (a track's boxes are one per frame: told apart by their times)
        if (kept.get(kept.size() - 1).timeMs() != track.endMs()) kept.add(all.get(all.size() - 1));

        List<TrajectorySummary.PathPoint> feet = new ArrayList<>(all.size());
        for (TimedBox b : all) {
            feet.add(new TrajectorySummary.PathPoint(b.timeMs(), clamp(b.box().x() + b.box().width() / 2),
                    clamp(b.box().bottom())));
        }
        double minX = 1, minY = 1, maxX = 0, maxY = 0, length = 0;
        long[] footprint = new long[FOOTPRINT_CELLS * FOOTPRINT_CELLS / 64];
        for (int i = 0; i < feet.size(); i++) {
            TrajectorySummary.PathPoint p = feet.get(i);
            minX = Math.min(minX, p.x());
            minY = Math.min(minY, p.y());
            maxX = Math.max(maxX, p.x());
            maxY = Math.max(maxY, p.y());
            if (i > 0) {
                TrajectorySummary.PathPoint q = feet.get(i - 1);
                length += Math.hypot(p.x() - q.x(), p.y() - q.y());
                rasterize(footprint, q.x(), q.y(), p.x(), p.y());
            } else {
                mark(footprint, p.x(), p.y());
            }
        }
        TrajectorySummary.PathPoint first = feet.get(0), last = feet.get(feet.size() - 1);
        double direction = Math.toDegrees(Math.atan2(last.y() - first.y(), last.x() - first.x()));
        if (direction < 0) direction += 360;
        long durationMs = Math.max(1, last.timeMs() - first.timeMs());
        return new TrajectorySummary(track.trackId(), track.startMs(), track.endMs(), List.copyOf(kept),
                simplify(feet, PATH_TOLERANCE), footprint, minX, minY, maxX, maxY, direction, length * 1000 / durationMs);
    }

    /** Ramer-Douglas-Peucker: the fewest points within {@code tolerance} of the full path. */
    static List<TrajectorySummary.PathPoint> simplify(List<TrajectorySummary.PathPoint> points, double tolerance) {
        if (points.size() <= 2) return List.copyOf(points);
        boolean[] keep = new boolean[points.size()];
        keep[0] = keep[points.size() - 1] = true;
        ArrayList<int[]> stack = new ArrayList<>();
        stack.add(new int[] {0, points.size() - 1});
        while (!stack.isEmpty()) {
            int[] span = stack.remove(stack.size() - 1);
            int farthest = -1;
            double max = tolerance;
            for (int i = span[0] + 1; i < span[1]; i++) {
                double d = distanceToSegment(points.get(i), points.get(span[0]), points.get(span[1]));
                if (d > max) {
                    max = d;
                    farthest = i;
                }
            }
            if (farthest >= 0) {
                keep[farthest] = true;
                stack.add(new int[] {span[0], farthest});
                stack.add(new int[] {farthest, span[1]});
            }
        }
        List<TrajectorySummary.PathPoint> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) if (keep[i]) out.add(points.get(i));
        return List.copyOf(out);
    }

    private static double distanceToSegment(TrajectorySummary.PathPoint p, TrajectorySummary.PathPoint a,
                                            TrajectorySummary.PathPoint b) {
        double dx = b.x() - a.x(), dy = b.y() - a.y();
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / len2));
        return Math.hypot(p.x() - (a.x() + t * dx), p.y() - (a.y() + t * dy));
    }

    private static void rasterize(long[] bits, double x0, double y0, double x1, double y1) {
        double steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)) * FOOTPRINT_CELLS * 2));
        for (int i = 0; i <= steps; i++) {
            double t = i / steps;
            mark(bits, x0 + t * (x1 - x0), y0 + t * (y1 - y0));
        }
    }

    private static void mark(long[] bits, double x, double y) {
        int cx = Math.min(FOOTPRINT_CELLS - 1, (int) (x * FOOTPRINT_CELLS));
        int cy = Math.min(FOOTPRINT_CELLS - 1, (int) (y * FOOTPRINT_CELLS));
        int bit = cy * FOOTPRINT_CELLS + cx;
        bits[bit / 64] |= 1L << (bit % 64);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
