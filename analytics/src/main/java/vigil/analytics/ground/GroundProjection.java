package vigil.analytics.ground;

import static org.bytedeco.opencv.global.opencv_calib3d.findHomography;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Maps image points of one camera to the ground: a homography from normalised image coordinates to a local
 * east/north plane in metres around the calibration points' centroid, then to WGS-84. A plane is a fair model
 * of the ground a street camera sees within a few hundred metres; the fit reports how well it explains the
 * points it was given.
 *
 * @param homography row-major 3×3, image → local metres
 * @param origin     where the local plane's (0, 0) is
 * @param residualsMeters for every calibration point, the distance between its projection and its ground point
 */
public record GroundProjection(double[] homography, GroundPoint origin, double[] residualsMeters) {

    private static final double EARTH_RADIUS_M = 6_371_008.8;
    /**
     * Farthest a projected point may lie from the calibration's centre: beyond it the point is near the horizon
     * (or the calibration implausible), its position meaningless, and it is left out like one above the horizon.
     */
    public static final double MAX_RANGE_METERS = 3_000;

    /**
     * Fits a homography (OpenCV, least squares over all points) to at least four pairs.
     *
     * @throws IllegalArgumentException if there are fewer than four pairs or they do not determine a homography
     *                                  (three or more of them on one line, repeated points)
     */
    public static GroundProjection fit(List<PointPair> pairs) {
        if (pairs.size() < 4) throw new IllegalArgumentException("needs at least 4 point pairs, got " + pairs.size());
        double lat0 = 0, lon0 = 0;
        for (PointPair p : pairs) {
            lat0 += p.ground().lat() / pairs.size();
            lon0 += p.ground().lon() / pairs.size();
        }
        GroundPoint origin = new GroundPoint(lat0, lon0);
        double[] h;
        try (Mat src = new Mat(pairs.size(), 1, org.bytedeco.opencv.global.opencv_core.CV_64FC2);
             Mat dst = new Mat(pairs.size(), 1, org.bytedeco.opencv.global.opencv_core.CV_64FC2)) {
            DoubleIndexer s = src.createIndexer(), d = dst.createIndexer();
            for (int i = 0; i < pairs.size(); i++) {
                PointPair p = pairs.get(i);
                double[] en = toLocal(origin, p.ground());
                s.put(i, 0, 0, p.imageX());
                s.put(i, 0, 1, p.imageY());
                d.put(i, 0, 0, en[0]);
                d.put(i, 0, 1, en[1]);
            }
            s.close();
            d.close();
            try (Mat hm = findHomography(src, dst)) {
                if (hm.empty() || hm.type() != CV_64F) {
                    throw new IllegalArgumentException("the points do not determine a homography (are three on one line?)");
                }
                h = new double[9];
                try (DoubleIndexer hi = hm.createIndexer()) {
                    for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) h[r * 3 + c] = hi.get(r, c);
                }
            }
        }
        // Scale so that w > 0 on the calibrated ground: then w ≤ 0 marks the horizon and above.
        PointPair first = pairs.get(0);
        if (h[6] * first.imageX() + h[7] * first.imageY() + h[8] < 0) {
            for (int i = 0; i < 9; i++) h[i] = -h[i];
        }
        GroundProjection unchecked = new GroundProjection(h, origin, new double[0]);
        double[] residuals = new double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            PointPair p = pairs.get(i);
            double[] projected = unchecked.toLocal(p.imageX(), p.imageY());
            double[] truth = toLocal(origin, p.ground());
            residuals[i] = projected == null ? Double.POSITIVE_INFINITY : Math.hypot(projected[0] - truth[0], projected[1] - truth[1]);
            if (!Double.isFinite(residuals[i])) {
                throw new IllegalArgumentException("the fitted homography sends calibration point " + (i + 1) + " to infinity");
            }
        }
        return new GroundProjection(h, origin, residuals);
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

    /**
     * Where an image point is on the ground, or null when it lies on or above the horizon or more than
     * {@link #MAX_RANGE_METERS} from the calibration's centre.
     */
    public GroundPoint project(double imageX, double imageY) {
        double[] en = toLocal(imageX, imageY);
        return en == null ? null : fromLocal(origin, en[0], en[1]);
    }

    /** Projects a path, dropping points above the horizon. */
    public List<GroundPoint> project(List<double[]> imagePoints) {
        List<GroundPoint> out = new ArrayList<>(imagePoints.size());
        for (double[] p : imagePoints) {
            GroundPoint g = project(p[0], p[1]);
            if (g != null) out.add(g);
        }
        return out;
    }

    private double[] toLocal(double x, double y) {
        double w = homography[6] * x + homography[7] * y + homography[8];
        if (w < 1e-12) return null; // on or above the horizon
        double e = (homography[0] * x + homography[1] * y + homography[2]) / w;
        double n = (homography[3] * x + homography[4] * y + homography[5]) / w;
        if (!(Math.hypot(e, n) <= MAX_RANGE_METERS)) return null; // near the horizon, or not a number
        return new double[] {e, n};
    }

    /** Equirectangular east/north metres around {@code origin}: exact enough within a few kilometres. */
    static double[] toLocal(GroundPoint origin, GroundPoint p) {
        double east = Math.toRadians(p.lon() - origin.lon()) * EARTH_RADIUS_M * Math.cos(Math.toRadians(origin.lat()));
        double north = Math.toRadians(p.lat() - origin.lat()) * EARTH_RADIUS_M;
        return new double[] {east, north};
    }

    static GroundPoint fromLocal(GroundPoint origin, double east, double north) {
        double lat = origin.lat() + Math.toDegrees(north / EARTH_RADIUS_M);
        double lon = origin.lon() + Math.toDegrees(east / (EARTH_RADIUS_M * Math.cos(Math.toRadians(origin.lat()))));
        return new GroundPoint(lat, lon);
    }

    /** Distance between two ground points in metres (small distances). */
    public static double distanceMeters(GroundPoint a, GroundPoint b) {
        double[] en = toLocal(a, b);
        return Math.hypot(en[0], en[1]);
    }
}
