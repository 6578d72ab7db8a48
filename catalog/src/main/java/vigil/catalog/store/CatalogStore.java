package vigil.catalog.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import vigil.catalog.camera.Camera;

/**
 * Where cameras, clips and motion events are kept. Every method blocks (JDBC): call it from a worker, never from
 * an event loop. Implementations are thread-safe.
 */
public interface CatalogStore extends AutoCloseable {

    /** @throws DuplicateCameraException if the id is taken */
    void addCamera(Camera camera);

    Optional<Camera> camera(String id);

    List<Camera> cameras();

    /** @return false if there was no such camera. Its clips and events stay. */
    boolean removeCamera(String id);

    void addClip(Clip clip);

    Optional<Clip> clip(String id);

    /** Clips of one camera (or all, when null) overlapping [from, to), oldest first. */
    List<Clip> clips(String cameraId, Instant from, Instant to, int limit);

    /** Inserts the event or, if its id is known, replaces it (an open event grows). */
    void putMotionEvent(MotionEventRecord event);

    SearchPage search(SearchQuery query);

    /** Inserts a track, or replaces it when its id is known (a long track is written while it lasts, then at its end). */
    void addTrack(TrackRecord track);

    Optional<TrackRecord> track(String id);

    /** Tracks matching the query: time and cameras in SQL with the coarse footprint, then the exact geometry. */
    TrackPage tracks(TrackQuery query);

    /** Inserts or replaces a camera's ground calibration. */
    void putCalibration(vigil.catalog.camera.CameraCalibration calibration);

    Optional<vigil.catalog.camera.CameraCalibration> calibration(String cameraId);

    /** Replaces a camera's ignore masks: polygons of normalised {x, y} points. */
    void putMasks(String cameraId, List<List<double[]>> polygons);

    /** A camera's ignore masks; empty when none are set. */
    List<List<double[]>> masks(String cameraId);

    /** Sets whether people are looked for in a camera's view (overriding the node's default). */
    void putPeople(String cameraId, vigil.catalog.camera.CameraPeople people);

    /** A camera's own person detection setting; empty when it follows the node's. */
    Optional<vigil.catalog.camera.CameraPeople> people(String cameraId);

    @Override
    void close();
}
