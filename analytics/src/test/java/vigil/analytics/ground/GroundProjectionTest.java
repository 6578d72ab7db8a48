package vigil.analytics.ground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GroundProjectionTest {

    private static final GroundPoint CROSSROADS = new GroundPoint(30.5928, 114.3055);

    /** A camera looking down a street: image (x, y) of a ground point east/north metres from the crossroads. */
    private static double[] image(double east, double north) {
        // perspective: far points (large north) converge to the horizon at y = 0.1
        double depth = north + 20;
        return new double[] {0.5 + 8 * east / depth, 0.1 + 18 / depth};
    }

    private static GroundPoint ground(double east, double north) {
        return GroundProjection.fromLocal(CROSSROADS, east, north);
    }

    @Test
    void fitsAPerspectiveViewAndProjectsNewPointsWithinCentimetres() {
        List<PointPair> pairs = new ArrayList<>();
        double[][] marks = {{-6, 2}, {6, 2}, {-6, 40}, {6, 40}, {0, 15}};
        for (double[] m : marks) {
            double[] im = image(m[0], m[1]);
            pairs.add(new PointPair(im[0], im[1], ground(m[0], m[1])));
        }
        GroundProjection g = GroundProjection.fit(pairs);
        assertThat(g.rmsErrorMeters()).isLessThan(0.01);
        assertThat(g.residualsMeters()).hasSize(5);
        double[] im = image(3, 25);
        assertThat(GroundProjection.distanceMeters(g.project(im[0], im[1]), ground(3, 25))).isLessThan(0.05);
        assertThat(g.project(0.5, 0.05)).as("above the horizon").isNull();
    }

    @Test
    void reportsTheErrorOfNoisyPoints() {
        SplittableRandom random = new SplittableRandom(1);
        List<PointPair> pairs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            double e = random.nextDouble(-8, 8), n = random.nextDouble(1, 50);
            double[] im = image(e, n);
            pairs.add(new PointPair(im[0], im[1], ground(e + random.nextDouble(-0.5, 0.5), n + random.nextDouble(-0.5, 0.5))));
        }
        GroundProjection g = GroundProjection.fit(pairs);
        assertThat(g.rmsErrorMeters()).isBetween(0.05, 1.0);
        assertThat(g.maxErrorMeters()).isGreaterThanOrEqualTo(g.rmsErrorMeters());
    }

    @Test
    void refusesTooFewOrDegeneratePoints() {
        double[] a = image(0, 5);
        PointPair p = new PointPair(a[0], a[1], ground(0, 5));
        assertThatThrownBy(() -> GroundProjection.fit(List.of(p, p, p))).hasMessageContaining("at least 4");
        List<PointPair> collinear = new ArrayList<>();
        for (int i = 0; i < 5; i++) collinear.add(new PointPair(0.1 * i, 0.5, ground(i, 10)));
        assertThatThrownBy(() -> GroundProjection.fit(collinear)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void h3CellsFollowTheGroundPath() {
        GroundCells cells = new GroundCells();
        List<String> along = cells.cellsAlong(List.of(ground(0, 0), ground(0, 100)));
        assertThat(along.size()).isBetween(6, 16); // 100 m across ~9 m cells
        assertThat(along).doesNotHaveDuplicates();
        assertThat(along.get(0)).startsWith("8c"); // resolution 12 addresses
    }
}
