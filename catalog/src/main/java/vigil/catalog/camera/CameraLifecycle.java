package vigil.catalog.camera;

/** Told by the API when cameras come and go, after the catalog has recorded it; ingest implements it. */
public interface CameraLifecycle {

    void added(Camera camera);

    /**
     * Why ingest would refuse to connect to this camera's source (a host outside the networks it may reach), or
     * null when it would not. Asked before a registration or a new URL is stored. Blocking (may look up a name).
     */
    default String refusal(Camera camera) {
        return null;
    }

    void removed(String cameraId);

    /** A camera's registration changed; a new source (URL or credentials) restarts its ingest. */
    default void changed(Camera before, Camera after) {
        if (!before.source().equals(after.source())) {
            removed(before.id());
            added(after);
        }
    }

    /** The camera's calibration changed; tracks from now on carry ground paths. */
    default void calibrated(CameraCalibration calibration) {
    }

    /** The camera's ignore masks changed: polygons of normalised {x, y} points. */
    default void masksChanged(String cameraId, java.util.List<java.util.List<double[]>> polygons) {
    }

    /** Whether people are looked for in the camera's view changed. */
    default void peopleChanged(String cameraId, CameraPeople people) {
    }

    /** The camera's analysis mode changed: {@code full} or {@code keyframes}. */
    default void analysisChanged(String cameraId, String mode) {
    }

    CameraLifecycle NONE = new CameraLifecycle() {
        @Override
        public void added(Camera camera) {
        }

        @Override
        public void removed(String cameraId) {
        }
    };
}
