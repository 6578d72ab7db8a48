package vigil.catalog.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import vigil.catalog.access.TokenRecord;
import vigil.catalog.audit.AuditEntry;
import vigil.catalog.audit.AuditEvent;
import vigil.catalog.audit.AuditHead;
import vigil.catalog.audit.AuditQuery;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.CameraCalibration;
import vigil.catalog.camera.CameraPeople;

/**
 * Where cameras, clips, motion events and tracks are kept: embedded SQLite or a shared PostgreSQL, one contract
 * ({@link JdbcCatalogStore}). Every method blocks (JDBC): call it from a worker, never from an event loop.
 * Implementations are thread-safe.
 */
public interface CatalogStore extends AutoCloseable {

    /** @throws DuplicateCameraException if the id is taken */
    void addCamera(Camera camera);

    /**
     * Registers many cameras in one transaction.
     *
     * @return per camera, in order: true if stored, false if its id was already taken (nothing else fails alone)
     */
    boolean[] addCameras(List<Camera> cameras);

    /** Replaces a camera's registration (name, URL and credentials, position, civil code, tags, retention). */
    boolean updateCamera(Camera camera);

    Optional<Camera> camera(String id);

    /** Every camera, by id. */
    List<Camera> cameras();

    /** Cameras in an area, by id, a page at a time. */
    List<Camera> cameras(CameraQuery query);

    /** @return false if there was no such camera. Its clips and events stay. */
    boolean removeCamera(String id);

    void addClip(Clip clip);

    void addClips(List<Clip> clips);

    Optional<Clip> clip(String id);

    /** Clips of one camera (or all, when null) overlapping [from, to), oldest first. */
    List<Clip> clips(String cameraId, Instant from, Instant to, int limit);

    /** Most clip ids {@link #clipIds} gives for one span. */
    int MAX_CLIPS_PER_SPAN = 100;

    /**
     * The ids of the clips overlapping each span (oldest first, at most {@value #MAX_CLIPS_PER_SPAN} each), in the
     * order of the spans: the footage of a page of search hits in one round trip.
     */
    List<List<String>> clipIds(List<CameraSpan> spans);

    /** The oldest clips whose files lie under {@code pathPrefix} (one node's segments), oldest first. */
    List<Clip> oldestClips(String pathPrefix, int limit);

    /** Inserts the event or, if its id is known, replaces it (an open event grows). */
    void putMotionEvent(MotionEventRecord event);

    void putMotionEvents(List<MotionEventRecord> events);

    /**
     * Closes the motion events of these cameras still marked open (a node that stopped without closing them, as a
     * crash leaves them), at the end they were last written with. @return events closed
     */
    int closeOpenMotionEvents(List<String> cameraIds);

    /** Motion events in a window and an area, newest first, with the clips that hold them. */
    SearchPage search(SearchQuery query);

    /** Inserts a track, or replaces it when its id is known (a long track is written while it lasts, then at its end). */
    void addTrack(TrackRecord track);

    /** Inserts or replaces tracks in one transaction. */
    void addTracks(List<TrackRecord> tracks);

    /** One track with every box. */
    Optional<TrackRecord> track(String id);

    /**
     * Tracks matching the query, without their box lists: time, area and the coarse footprint and map cells in
     * SQL, then the exact image and map geometry.
     */
    TrackPage tracks(TrackQuery query);

    /** Per camera and bucket: time recorded, time with motion, tracks started by kind. Buckets with nothing are left out. */
    List<TimelineBucket> timeline(TimelineQuery query);

    /**
     * Removes the catalog rows of footage before {@code before}: clips that start before it, motion events and
     * tracks that end before it (one going on past it keeps the footage after it), of one camera, or of all when
     * {@code cameraId} is null (where the database keeps days in partitions of their own, whole days before the
     * day of {@code before} go at once). The caller deletes the clips' files afterwards.
     *
     * @return the rows removed
     */
    long removeFootage(String cameraId, Instant before);

    /** Inserts or replaces a camera's ground calibration. */
    void putCalibration(CameraCalibration calibration);

    Optional<CameraCalibration> calibration(String cameraId);

    /** Replaces a camera's ignore masks: polygons of normalised {x, y} points. */
    void putMasks(String cameraId, List<List<double[]>> polygons);

    /** A camera's ignore masks; empty when none are set. */
    List<List<double[]>> masks(String cameraId);

    /** Sets whether people are looked for in a camera's view (overriding the node's default). */
    void putPeople(String cameraId, CameraPeople people);

    /** A camera's own person detection setting; empty when it follows the node's. */
    Optional<CameraPeople> people(String cameraId);

    /** Sets a camera's analysis mode ({@code full} or {@code keyframes}), overriding the node's. */
    void putAnalysisMode(String cameraId, String mode);

    /** A camera's own analysis mode; empty when it follows the node's. */
    Optional<String> analysisMode(String cameraId);

    // ---- access: tokens (kept as hashes only) and the audit trail

    void addToken(TokenRecord token);

    Optional<TokenRecord> tokenByHash(String secretHash);

    Optional<TokenRecord> token(String id);

    /** Every token, revoked and expired ones too, oldest first. */
    List<TokenRecord> tokens();

    /** @return false when there is no such token or it was already revoked */
    boolean revokeToken(String id, Instant at);

    /** Appends an event to the audit trail, chained to the entry before it. */
    AuditEntry appendAudit(AuditEvent event);

    AuditHead auditHead();

    /** Entries after {@code afterSeq}, in order: for verifying the chain. */
    List<AuditEntry> auditEntries(long afterSeq, int limit);

    /** Entries matching the query, newest first. */
    List<AuditEntry> audit(AuditQuery query);

    /** Removes audit entries older than {@code before} (retention), keeping the chain verifiable. @return entries removed */
    long pruneAudit(Instant before);

    /**
     * A key for {@code purpose} derived from the catalog's credential key: the same on every node that shares the
     * catalog (and its key file), different for every purpose.
     */
    byte[] derivedKey(String purpose);

    @Override
    void close();
}
