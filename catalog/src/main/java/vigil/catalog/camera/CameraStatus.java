package vigil.catalog.camera;

import java.time.Instant;

/**
 * What ingest says of a camera right now.
 *
 * @param state       connecting, online, offline or error
 * @param fps         frames per second received over the last few seconds
 * @param lastFrameAt when the last frame arrived, or null
 * @param lastError   the last problem seen (never containing credentials), or null
 * @param storageProblem why recording may stop for lack of disk space (retention cannot free any), or null
 */
public record CameraStatus(State state, double fps, Instant lastFrameAt, String lastError, String storageProblem,
                           String analysisReduced) {

    public CameraStatus(State state, double fps, Instant lastFrameAt, String lastError) {
        this(state, fps, lastFrameAt, lastError, null, null);
    }

    public CameraStatus withStorageProblem(String problem) {
        return new CameraStatus(state, fps, lastFrameAt, lastError, problem, analysisReduced);
    }

    /** The same status, saying why the camera's analysis is reduced now (null: it is not). */
    public CameraStatus withAnalysisReduced(String why) {
        return new CameraStatus(state, fps, lastFrameAt, lastError, storageProblem, why);
    }

    public enum State {
        CONNECTING, ONLINE, OFFLINE, ERROR;

        public String wireName() {
            return name().toLowerCase();
        }
    }

    public static CameraStatus unknown() {
        return new CameraStatus(State.OFFLINE, 0, null, "not ingested by this node");
    }
}
