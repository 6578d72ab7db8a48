package vigil.ingest.node;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vigil.catalog.camera.CameraStatus;
import vigil.catalog.camera.CameraStatusSource;
import vigil.ingest.rtsp.RtspListener;

/** The live status of every camera this node ingests: state, frame rate, last frame, last error. Thread-safe. */
public final class CameraStatusBoard implements CameraStatusSource {

    private static final int RATE_WINDOW = 32;
    private static final long STALE_NANOS = 3_000_000_000L;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Why recording may fail for lack of disk space, said of every camera; null when all is well. */
    private volatile String storageProblem;

    @Override
    public CameraStatus statusOf(String cameraId) {
        Entry e = entries.get(cameraId);
        CameraStatus s = e == null ? CameraStatus.unknown() : e.snapshot();
        return storageProblem == null ? s : s.withStorageProblem(storageProblem);
    }

    /** Retention cannot keep footage under the disk limit (a sentence saying so), or can again (null). */
    void storageProblem(String problem) {
        this.storageProblem = problem;
    }

    void track(String cameraId) {
        entries.put(cameraId, new Entry());
    }

    void forget(String cameraId) {
        entries.remove(cameraId);
    }

    void stateChanged(String cameraId, RtspListener.State state, String detail) {
        Entry e = entries.get(cameraId);
        if (e != null) e.stateChanged(state, detail);
    }

    void frameArrived(String cameraId) {
        Entry e = entries.get(cameraId);
        if (e != null) e.frameArrived();
    }

    void problem(String cameraId, String detail) {
        Entry e = entries.get(cameraId);
        if (e != null) e.problem(detail);
    }

    /** Why the camera's analysis is reduced now (it fell behind); null once it analyses every frame again. */
    void analysisReduced(String cameraId, String why) {
        Entry e = entries.get(cameraId);
        if (e != null) e.analysisReduced(why);
    }

    private static final class Entry {
        private CameraStatus.State state = CameraStatus.State.CONNECTING;
        private String lastError;
        private String analysisReduced;
        private Instant lastFrameAt;
        private final long[] arrivals = new long[RATE_WINDOW];
        private int count;

        synchronized void stateChanged(RtspListener.State s, String detail) {
            switch (s) {
                // Reconnect attempts of a camera that was seen failing keep it offline until it plays again.
                case CONNECTING -> {
                    if (state == CameraStatus.State.CONNECTING) lastError = null;
                }
                case PLAYING -> state = CameraStatus.State.ONLINE;
                case DISCONNECTED -> {
                    state = CameraStatus.State.OFFLINE;
                    lastError = detail;
                }
                case REFUSED -> {
                    state = CameraStatus.State.ERROR;
                    lastError = detail;
                }
            }
        }

        synchronized void problem(String detail) {
            lastError = detail;
        }

        synchronized void analysisReduced(String why) {
            analysisReduced = why;
        }

        synchronized void frameArrived() {
            arrivals[count % RATE_WINDOW] = System.nanoTime();
            count++;
            lastFrameAt = Instant.now();
        }

        synchronized CameraStatus snapshot() {
            double fps = 0;
            if (count >= 2) {
                int n = Math.min(count, RATE_WINDOW);
                long newest = arrivals[(count - 1) % RATE_WINDOW];
                long oldest = arrivals[(count - n) % RATE_WINDOW];
                if (System.nanoTime() - newest < STALE_NANOS && newest > oldest) {
                    fps = (n - 1) * 1e9 / (newest - oldest);
                }
            }
            return new CameraStatus(state, state == CameraStatus.State.ONLINE ? fps : 0, lastFrameAt, lastError)
                    .withAnalysisReduced(analysisReduced);
        }
    }
}
