package vigil.catalog.store;

import com.uber.h3core.H3Core;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Street-level (resolution 12) H3 cells along a path, as analytics computes them for a calibrated camera's track. */
final class GroundCellsForTest {

    private static final H3Core H3;

    static {
        try {
            H3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private GroundCellsForTest() {
    }

    static List<String> along(List<double[]> latLon) {
        Set<String> cells = new LinkedHashSet<>();
        for (int i = 1; i < latLon.size(); i++) {
            double[] a = latLon.get(i - 1), b = latLon.get(i);
            for (int k = 0; k <= 200; k++) {
                double t = k / 200.0;
                cells.add(H3.latLngToCellAddress(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), 12));
            }
        }
        return List.copyOf(cells);
    }
}
