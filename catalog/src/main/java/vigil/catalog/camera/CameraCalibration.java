package vigil.catalog.camera;

import java.time.Instant;
import java.util.List;

/**
 * How a camera's image maps to the ground: the point pairs an integrator gave and the homography fitted to them.
 *
 * @param homography       row-major 3×3, normalised image coordinates → metres east/north of the origin
 * @param residualsMeters  per point pair, how far its projected image point lands from its ground point
 */
public record CameraCalibration(String cameraId, List<Point> points, double[] homography, double originLat,
                                double originLon, double[] residualsMeters, Instant updatedAt) {

    /** One correspondence: image point (0..1, x right, y down) and WGS-84 position. */
    public record Point(double imageX, double imageY, double lat, double lon) {
    }

    public CameraCalibration {
        points = List.copyOf(points);
    }

    public double rmsErrorMeters() {
        double sum = 0;
        for (double r : residualsMeters) sum += r * r;
        return residualsMeters.length == 0 ? 0 : Math.sqrt(sum / residualsMeters.length);
    }

    public double maxErrorMeters() {
        double max = 0;
        for (double r : residualsMeters) max = Math.max(max, r);
        return max;
    }
}
