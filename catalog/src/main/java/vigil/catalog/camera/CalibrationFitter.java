package vigil.catalog.camera;

import java.util.List;

/** Fits a camera's ground homography to point pairs; the node provides it (the analytics owns the geometry). */
@FunctionalInterface
public interface CalibrationFitter {

    /** @throws IllegalArgumentException saying why the points do not determine a mapping */
    CameraCalibration fit(String cameraId, List<CameraCalibration.Point> points);

    CalibrationFitter UNAVAILABLE = (id, points) -> {
        throw new UnsupportedOperationException("this node cannot fit calibrations");
    };
}
