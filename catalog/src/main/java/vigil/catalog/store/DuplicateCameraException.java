package vigil.catalog.store;

/** A camera with this id is already registered. */
public final class DuplicateCameraException extends RuntimeException {
    public DuplicateCameraException(String id) {
        super("camera " + id + " is already registered");
    }
}
