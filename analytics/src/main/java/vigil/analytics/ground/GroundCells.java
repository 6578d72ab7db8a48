package vigil.analytics.ground;

import com.uber.h3core.H3Core;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The H3 cells (Uber's hexagonal grid) a ground path passes, for map search: consecutive points are joined by
 * samples no further apart than a third of a cell's edge, so a path does not skip a cell it crosses.
 * Thread-safe.
 */
public final class GroundCells {

    /** Resolution 12: cells of about 9 m edge, street scale. */
    public static final int RESOLUTION = 12;
    private static final double SAMPLE_METERS = 3.0;
    /** Most cells kept for one path (about 9 km of street): the rest of a longer path is left out of the map index. */
    public static final int MAX_CELLS = 1_000;

    private final H3Core h3;

    public GroundCells() {
        try {
            this.h3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("loading H3's native library", e);
        }
    }

    public List<String> cellsAlong(List<GroundPoint> path) {
        Set<String> cells = new LinkedHashSet<>();
        for (int i = 0; i < path.size() && cells.size() < MAX_CELLS; i++) {
            GroundPoint p = path.get(i);
            if (i > 0) {
                GroundPoint q = path.get(i - 1);
                int steps = (int) Math.min(MAX_CELLS * 4L, (long) Math.ceil(GroundProjection.distanceMeters(q, p) / SAMPLE_METERS));
                for (int k = 1; k < steps && cells.size() < MAX_CELLS; k++) {
                    double t = k / (double) steps;
                    cells.add(h3.latLngToCellAddress(q.lat() + t * (p.lat() - q.lat()), q.lon() + t * (p.lon() - q.lon()), RESOLUTION));
                }
            }
            cells.add(h3.latLngToCellAddress(p.lat(), p.lon(), RESOLUTION));
        }
        return List.copyOf(cells);
    }
}
