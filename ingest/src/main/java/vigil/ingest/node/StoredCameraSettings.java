package vigil.ingest.node;

import java.util.List;
import java.util.Optional;
import vigil.analytics.ground.GroundProjection;
import vigil.catalog.camera.CameraPeople;

/**
 * A camera's settings as the catalog holds them, read when its pipeline starts (on the camera's worker, since
 * each read may block); later changes reach the pipeline through its own methods.
 */
interface StoredCameraSettings {

    /** The camera's ground calibration, or null when it has none. */
    GroundProjection calibration();

    /** Polygons of normalised points {x, y} where motion is ignored. */
    List<List<double[]>> masks();

    Optional<CameraPeople> people();

    /** "full" or "keyframes", when set for the camera. */
    Optional<String> analysisMode();
}
