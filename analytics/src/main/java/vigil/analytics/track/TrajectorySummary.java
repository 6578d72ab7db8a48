package vigil.analytics.track;

import java.util.List;

/**
 * What is kept of a finished track. Coordinates are normalised to the frame (x right, y down); the path follows
 * the object's foot point (bottom centre of its box), where it touches the ground.
 *
 * @param boxes          boxes at most {@link TrajectorySummarizer#BOX_INTERVAL_MS} apart, time ordered
 * @param path           foot points simplified by Ramer-Douglas-Peucker
 * @param footprint      32×32 cells of the frame the foot point passed through, row-major bits: cell (cx, cy) is
 *                       bit {@code cy*32+cx} of {@code footprint[(cy*32+cx)/64]}, cx = floor(x·32)
 * @param directionDeg   heading from first to last foot point, degrees, 0 = right, 90 = down the image
 * @param speedPerSecond path length per second, in frame widths (x) and heights (y) as normalised units
 */
public record TrajectorySummary(long trackId, long startMs, long endMs, List<TimedBox> boxes, List<PathPoint> path,
                                long[] footprint, double minX, double minY, double maxX, double maxY,
                                double directionDeg, double speedPerSecond) {

    /** A foot point at a time. */
    public record PathPoint(long timeMs, double x, double y) {
    }
}
