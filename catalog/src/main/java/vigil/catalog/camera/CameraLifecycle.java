package vigil.catalog.camera;

/** Told by the API when cameras come and go, after the catalog has recorded it; ingest implements it. */
public interface CameraLifecycle {

    void added(Camera camera);

    void removed(String cameraId);

    CameraLifecycle NONE = new CameraLifecycle() {
        @Override
        public void added(Camera camera) {
        }

        @Override
        public void removed(String cameraId) {
        }
    };
}
