package vigil.catalog.search;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The coarse map index of tracks: each track's street-level H3 cells (resolution 12, as analytics gives them)
 * are kept in the catalog as their parents at two coarser resolutions, and a map shape is covered by cells at
 * one of them. A track whose ground path enters the shape always has a cell in the cover (the cover is
 * conservative); exact geometry then decides. Thread-safe.
 *
 * <table>
 *   <caption>Index resolutions</caption>
 *   <tr><th>resolution</th><th>cell edge</th><th>used for</th></tr>
 *   <tr><td>{@value #STREET}</td><td>≈ 9.4 m</td><td>not kept: the cells a small shape is covered by first</td></tr>
 *   <tr><td>{@value #FINE}</td><td>≈ 174 m</td><td>street corners to townships</td></tr>
 *   <tr><td>{@value #COARSE}</td><td>≈ 3.2 km</td><td>counties</td></tr>
 * </table>
 * A shape needing more than {@value #MAX_COVER} cells even at the coarse resolution is not covered: the search
 * then tests every ground path in its time window.
 */
public final class MapCells {

    public static final int FINE = 9;
    public static final int COARSE = 6;
    public static final int MAX_COVER = 2_000;
    /** The tracks' own cells (as analytics gives them), of which the index keeps the parents. */
    static final int STREET = 12;
    /** Street cells a shape may need for its cover to be made from them (about 1.5 km² of ground). */
    static final int MAX_STREET_CELLS = 6_000;

    /** Cell edge lengths in metres (H3's average hexagon edge), for sampling a shape's outline. */
    private static final double STREET_EDGE_M = 9.4, FINE_EDGE_M = 174.4, COARSE_EDGE_M = 3_229.5;

    private final H3Core h3;

    public MapCells() {
        try {
            this.h3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("loading H3's native library", e);
        }
    }

    /** A track's index cells: the parents of its resolution-12 cells at {@link #FINE} and {@link #COARSE}. */
    public List<Cell> indexCells(List<String> streetCells) {
        Set<Cell> out = new HashSet<>();
        for (String address : streetCells) {
            long cell;
            try {
                cell = h3.stringToH3(address);
            } catch (IllegalArgumentException e) {
                continue; // not an H3 address: nothing to index
            }
            if (!h3.isValidCell(cell) || h3.getResolution(cell) < FINE) continue;
            out.add(new Cell(FINE, h3.cellToParent(cell, FINE)));
            out.add(new Cell(COARSE, h3.cellToParent(cell, COARSE)));
        }
        return new ArrayList<>(out);
    }

    /**
     * Cells at one resolution that together hold every point of the shape; empty when too many are needed. A
     * small shape (a street corner) is first covered by street cells, whose parents at {@link #FINE} are then
     * exactly the index cells a track entering it can have: one to a few cells, instead of the rings of
     * {@link #FINE} cells a cover made at that resolution needs.
     */
    public Optional<Cover> cover(MapArea area) {
        Set<Long> street = cover(area, STREET, STREET_EDGE_M, MAX_STREET_CELLS);
        if (street != null) {
            Set<Long> fine = new HashSet<>();
            for (long cell : street) fine.add(h3.cellToParent(cell, FINE));
            return Optional.of(new Cover(FINE, fine));
        }
        Set<Long> fine = cover(area, FINE, FINE_EDGE_M, MAX_COVER);
        if (fine != null) return Optional.of(new Cover(FINE, fine));
        Set<Long> coarse = cover(area, COARSE, COARSE_EDGE_M, MAX_COVER);
        return coarse == null ? Optional.empty() : Optional.of(new Cover(COARSE, coarse));
    }

    private Set<Long> cover(MapArea area, int res, double edgeMeters, int maxCells) {
        double[] b = area.bounds();
        double heightM = (b[2] - b[0]) * MapArea.METERS_PER_DEGREE;
        double widthM = (b[3] - b[1]) * MapArea.METERS_PER_DEGREE * Math.cos(Math.toRadians((b[0] + b[2]) / 2));
        double cellArea = 2.6 * edgeMeters * edgeMeters;
        if (heightM * widthM / cellArea > maxCells * 2) return null; // plainly too many: do not ask H3
        Set<Long> cells = new HashSet<>();
        // every cell that meets the outline: samples a quarter edge apart, each with two rings of neighbours, since
        // a street cell's parent may lie a cell away from the street cell itself (H3's hierarchy is approximate)
        List<double[]> outline = area.outline();
        for (int i = 0; i < outline.size(); i++) {
            double[] a = outline.get(i), c = outline.get((i + 1) % outline.size());
            double dy = (c[0] - a[0]) * MapArea.METERS_PER_DEGREE;
            double dx = (c[1] - a[1]) * MapArea.METERS_PER_DEGREE * Math.cos(Math.toRadians(a[0]));
            int steps = Math.max(1, (int) Math.ceil(Math.hypot(dx, dy) / (edgeMeters / 4)));
            for (int k = 0; k < steps; k++) {
                double t = k / (double) steps;
                cells.addAll(h3.gridDisk(h3.latLngToCell(a[0] + t * (c[0] - a[0]), a[1] + t * (c[1] - a[1]), res), 2));
                if (cells.size() > maxCells) return null;
            }
        }
        // and every cell whose centre is inside
        List<LatLng> ring = new ArrayList<>();
        for (double[] p : outline) ring.add(new LatLng(p[0], p[1]));
        cells.addAll(h3.polygonToCells(ring, List.of(), res));
        return cells.size() > maxCells ? null : cells;
    }

    /** One index cell: an H3 cell at {@link #FINE} or {@link #COARSE}. */
    public record Cell(int resolution, long cell) {
    }

    /** The cells covering a shape, all at one resolution. */
    public record Cover(int resolution, Set<Long> cells) {
    }
}
