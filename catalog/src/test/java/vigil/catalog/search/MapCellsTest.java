package vigil.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.h3core.H3Core;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MapCellsTest {

    private static final double LAT = 31.8206, LON = 117.2272;
    private final MapCells mapCells = new MapCells();
    private final H3Core h3 = H3Core.newInstance();

    MapCellsTest() throws IOException {
    }

    /** Street cells along a path as analytics' GroundCells makes them: a sample every 3 m. */
    private List<String> streetCells(List<double[]> path) {
        Set<String> cells = new LinkedHashSet<>();
        for (int i = 1; i < path.size(); i++) {
            double[] a = path.get(i - 1), b = path.get(i);
            double dy = (b[0] - a[0]) * MapArea.METERS_PER_DEGREE;
            double dx = (b[1] - a[1]) * MapArea.METERS_PER_DEGREE * Math.cos(Math.toRadians(a[0]));
            int steps = (int) Math.ceil(Math.hypot(dx, dy) / 3.0);
            for (int k = 0; k <= steps; k++) {
                double t = k / (double) Math.max(1, steps);
                cells.add(h3.latLngToCellAddress(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), 12));
            }
        }
        return List.copyOf(cells);
    }

    private static double[] offset(double[] at, double northM, double eastM) {
        return new double[] {at[0] + northM / MapArea.METERS_PER_DEGREE,
                at[1] + eastM / (MapArea.METERS_PER_DEGREE * Math.cos(Math.toRadians(at[0])))};
    }

    private static MapArea shape(SplittableRandom r, double[] centre) {
        double size = r.nextDouble(5, 400);
        switch (r.nextInt(3)) {
            case 0: {
                double[] lo = offset(centre, -size / 2, -size / 2), hi = offset(centre, size / 2, size * r.nextDouble(0.2, 1));
                return new MapArea.Box(lo[0], lo[1], hi[0], hi[1]);
            }
            case 1:
                return new MapArea.Circle(centre[0], centre[1], size / 2);
            default: {
                List<double[]> vertices = new ArrayList<>();
                for (int k = 0; k < 3 + r.nextInt(4); k++) {
                    double angle = 2 * Math.PI * k / 6 + r.nextDouble(0, 0.8), radius = r.nextDouble(0.2, 1) * size / 2;
                    vertices.add(offset(centre, radius * Math.cos(angle), radius * Math.sin(angle)));
                }
                return MapArea.Polygon.of(vertices);
            }
        }
    }

    @Test
    void everyPathThatEntersAShapeHasAnIndexCellInItsCover() {
        SplittableRandom r = new SplittableRandom(7);
        int entering = 0, streetCovers = 0;
        for (int i = 0; i < 3_000; i++) {
            double[] centre = offset(new double[] {LAT, LON}, r.nextDouble(-3000, 3000), r.nextDouble(-3000, 3000));
            MapArea area = shape(r, centre);
            // paths that pass near the shape's edge, grazing or crossing it
            double[] from = offset(centre, r.nextDouble(-300, 300), r.nextDouble(-300, 300));
            double[] to = offset(from, r.nextDouble(-150, 150), r.nextDouble(-150, 150));
            List<double[]> path = List.of(from, to);
            if (!area.entersPath(path)) continue;
            entering++;
            MapCells.Cover cover = mapCells.cover(area).orElseThrow();
            if (cover.cells().size() <= 12) streetCovers++;
            boolean found = false;
            for (MapCells.Cell c : mapCells.indexCells(streetCells(path))) {
                if (c.resolution() == cover.resolution() && cover.cells().contains(c.cell())) found = true;
            }
            assertThat(found).as("case %d: %s entered by %s..%s, cover of %d cells", i, area,
                    List.of(from[0], from[1]), List.of(to[0], to[1]), cover.cells().size()).isTrue();
        }
        assertThat(entering).isGreaterThan(300);
        assertThat(streetCovers).as("small shapes get a cover of few cells").isGreaterThan(entering / 2);
    }
}
