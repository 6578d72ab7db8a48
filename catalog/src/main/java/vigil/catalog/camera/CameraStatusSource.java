package vigil.catalog.camera;

/** Answers a camera's live status; ingest implements it. */
@FunctionalInterface
public interface CameraStatusSource {
    CameraStatus statusOf(String cameraId);
}
