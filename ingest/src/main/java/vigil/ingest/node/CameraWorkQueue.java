package vigil.ingest.node;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's work, run in order on the node's shared worker pool: at most one task of the camera runs at a
 * time, and a camera with much queued yields its worker to the others now and then. A task that throws is
 * logged and the next one runs.
 *
 * <p>Media may be gathered ({@link #enqueueGathered}): the camera's pictures then wait up to {@code gatherMs} and
 * are decoded and analysed together, one worker turn for several frames instead of one each. A worker that wakes
 * for every frame finds its caches cold: decoding 1080p H.264 one frame every 40 ms costs about a third more CPU per
 * frame than decoding it back to back, and a node with few cameras is idle between frames (bench/RESULTS.md,
 * session 16). Other tasks (settings, closing) are run at once, after what is queued. A busy node gathers nothing: a
 * camera whose turn waited for a worker, or that has a gathering's worth of frames queued, is run as soon as it can.
 */
final class CameraWorkQueue {

    private static final Logger log = LoggerFactory.getLogger(CameraWorkQueue.class);
    /** Tasks run in one go before the worker goes back to the pool. */
    private static final int TASKS_PER_TURN = 64;
    /** A turn that waits a tenth of the gathering time for a worker finds the node busy. */
    private static final long BUSY_WAIT_PER_GATHER = 10;

    private final String cameraId;
    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final long gatherMs;
    private final Queue<Runnable> work = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** A wait for more to gather is on (its timer set). */
    private final AtomicBoolean gathering = new AtomicBoolean();
    /** A task that is not to wait was enqueued since the last turn began. */
    private volatile boolean due;
    /**
     * The last turn waited this long or longer for a worker: the node is busy and gathers nothing (its workers run
     * frames back to back anyway, and waiting to gather would only put the camera further behind).
     */
    private final long busyWaitNanos;
    private volatile long scheduledAtNanos;
    private volatile boolean busy;
    /** Tasks queued and not yet taken by a turn. */
    private final AtomicInteger queued = new AtomicInteger();
    /** A gathering this many tasks strong is run without waiting out its time ({@link #gatherAtMost}). */
    private volatile int gatherLimit = Integer.MAX_VALUE;

    /** Every task run as soon as a worker is free. */
    CameraWorkQueue(String cameraId, Executor workers) {
        this(cameraId, workers, null, 0);
    }

    /** Gathered tasks wait up to {@code gatherMs} on {@code timer} (0: none waits, and no timer is needed). */
    CameraWorkQueue(String cameraId, Executor workers, ScheduledExecutorService timer, long gatherMs) {
        if (gatherMs < 0) throw new IllegalArgumentException("gatherMs must not be negative: " + gatherMs);
        if (gatherMs > 0 && timer == null) throw new IllegalArgumentException("gathering needs a timer");
        this.cameraId = cameraId;
        this.workers = workers;
        this.timer = timer;
        this.gatherMs = gatherMs;
        this.busyWaitNanos = TimeUnit.MILLISECONDS.toNanos(gatherMs) / BUSY_WAIT_PER_GATHER;
    }

    /** Whether frames are being gathered now (a gathering time is set and the node is not busy). */
    boolean gathers() {
        return gatherMs > 0 && !busy;
    }

    /** Runs {@code task} after every task enqueued before it, as soon as a worker is free; callable from any thread. */
    void enqueue(Runnable task) {
        queued.incrementAndGet();
        work.add(task);
        due = true;
        schedule();
    }

    /**
     * As {@link #enqueue}, but {@code task} may wait for more to run with it: until {@code gatherMs} after the oldest
     * task waiting was gathered (a turn due or running before then takes it along).
     */
    void enqueueGathered(Runnable task) {
        int waiting = queued.incrementAndGet();
        work.add(task);
        if (!gathers() || waiting >= gatherLimit) {
            schedule();
        } else if (gathering.compareAndSet(false, true)) {
            try {
                timer.schedule(this::gathered, gatherMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                gathering.set(false); // the timer is shutting down with the node: run it now
                schedule();
            }
        }
    }

    /**
     * A gathering that holds {@code tasks} (a gathering time's worth of the camera's frames) runs at once: more are
     * queued only when the camera waits for a worker, and waiting out the time then would only put it further behind.
     */
    void gatherAtMost(int tasks) {
        gatherLimit = Math.max(1, tasks);
    }

    private void gathered() {
        gathering.set(false);
        // a turn may have taken what was gathered along already: no turn for nothing
        if (!work.isEmpty()) schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            scheduledAtNanos = System.nanoTime();
            workers.execute(this::drain);
        }
    }

    private void drain() {
        busy = gatherMs > 0 && System.nanoTime() - scheduledAtNanos >= busyWaitNanos;
        due = false;
        int budget = TASKS_PER_TURN;
        Runnable r;
        while (budget-- > 0 && (r = work.poll()) != null) {
            queued.decrementAndGet();
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("camera {}: frame processing failed", cameraId, e);
            }
        }
        scheduled.set(false);
        // what came while this turn ran runs now if it is due (a task not gathered, the wait over, a gathering's worth
        // or a full turn: the camera is behind); else when its gathering ends
        if (!work.isEmpty() && (due || budget < 0 || !gathering.get() || queued.get() >= gatherLimit)) schedule();
    }
}
