package vigil.ingest.node;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's work, run in order on the node's shared worker pool: at most one task of the camera runs at a
 * time, and a camera with much queued yields its worker to the others now and then. A task that throws is
 * logged and the next one runs.
 */
final class CameraWorkQueue {

    private static final Logger log = LoggerFactory.getLogger(CameraWorkQueue.class);
    /** Tasks run in one go before the worker goes back to the pool. */
    private static final int TASKS_PER_TURN = 64;

    private final String cameraId;
    private final Executor workers;
    private final Queue<Runnable> work = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    CameraWorkQueue(String cameraId, Executor workers) {
        this.cameraId = cameraId;
        this.workers = workers;
    }

    /** Runs {@code task} after every task enqueued before it; callable from any thread. */
    void enqueue(Runnable task) {
        work.add(task);
        if (scheduled.compareAndSet(false, true)) workers.execute(this::drain);
    }

    private void drain() {
        int budget = TASKS_PER_TURN;
        Runnable r;
        while (budget-- > 0 && (r = work.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("camera {}: frame processing failed", cameraId, e);
            }
        }
        scheduled.set(false);
        if (!work.isEmpty() && scheduled.compareAndSet(false, true)) workers.execute(this::drain);
    }
}
