package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A camera's work queue on real threads: tasks in order, one turn at a time; gathered frames wait for one turn
 * together, and what must not wait (a setting, closing) does not.
 */
class CameraWorkQueueTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** Worker turns handed to the pool. */
    private final AtomicInteger turns = new AtomicInteger();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    private CameraWorkQueue queue(long gatherMs) {
        return new CameraWorkQueue("cam", r -> {
            turns.incrementAndGet();
            pool.execute(r);
        }, timer, gatherMs);
    }

    private Runnable task(String name, CountDownLatch done) {
        return () -> {
            ran.add(name);
            done.countDown();
        };
    }

    @Test
    void gatheredFramesWaitTheirTimeAndRunInOneTurnInOrder() throws InterruptedException {
        CameraWorkQueue q = queue(300);
        CountDownLatch done = new CountDownLatch(3);
        long start = System.nanoTime();
        for (String name : List.of("f1", "f2", "f3")) q.enqueueGathered(task(name, done));

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(waitedMs).as("the first frame gathered waits the gathering time").isGreaterThanOrEqualTo(300);
        assertThat(ran).containsExactly("f1", "f2", "f3");
        assertThat(turns.get()).as("one worker turn for the three").isEqualTo(1);
    }

    @Test
    void aTaskThatMustNotWaitRunsAtOnceAndTakesTheGatheredFramesBeforeItAlong() throws InterruptedException {
        CameraWorkQueue q = queue(60_000);
        CountDownLatch done = new CountDownLatch(3);
        q.enqueueGathered(task("f1", done));
        q.enqueueGathered(task("f2", done));
        q.enqueue(task("close", done));

        // a minute's gathering would still be going on: the task not gathered ran them all, in order
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("f1", "f2", "close");
    }

    @Test
    void withoutGatheringEveryFrameRunsAsItComesAndNeedsNoTimer() throws InterruptedException {
        CameraWorkQueue q = new CameraWorkQueue("cam", pool);
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) q.enqueueGathered(task("f" + i, done));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("f0", "f1", "f2");
    }

    @Test
    void framesThatComeWhileATurnRunsAreTakenAlongAndTheirGatheringMakesNoEmptyTurn() throws InterruptedException {
        CameraWorkQueue q = queue(100);
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(3);
        q.enqueueGathered(() -> {
            firstRunning.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add("f1");
            done.countDown();
        });
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        // while f1's turn runs two more come (their gathering starts), and the turn takes them along when f1 is done
        q.enqueueGathered(task("f2", done));
        q.enqueueGathered(task("f3", done));
        release.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("f1", "f2", "f3");

        Thread.sleep(400); // the gathering of f2 and f3 ends with nothing left to run
        assertThat(turns.get()).as("one turn for the three, none for nothing").isEqualTo(1);
        CountDownLatch later = new CountDownLatch(1);
        q.enqueueGathered(task("f4", later));
        assertThat(later.await(10, TimeUnit.SECONDS)).as("the next frame still gets its turn").isTrue();
        assertThat(turns.get()).isEqualTo(2);
    }

    @Test
    void aGatheringAsStrongAsItMayGrowRunsWithoutWaitingOutItsTime() throws InterruptedException {
        CameraWorkQueue q = queue(60_000);
        q.gatherAtMost(3);
        CountDownLatch done = new CountDownLatch(3);
        for (String name : List.of("f1", "f2", "f3")) q.enqueueGathered(task(name, done));

        // a camera waiting for a worker piles up frames: a gathering's worth of them runs now, not in a minute
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("f1", "f2", "f3");
    }

    @Test
    void aCameraWhoseTurnWaitedForABusyWorkerGathersNothingUntilATurnStartsPromptlyAgain() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            // gathering 2 s: a turn waiting a tenth of that (200 ms) for a worker finds the node busy
            CameraWorkQueue q = new CameraWorkQueue("cam", one, timer, 2_000);
            assertThat(q.gathers()).isTrue();
            CountDownLatch other = new CountDownLatch(1);
            one.execute(() -> {
                try {
                    other.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CountDownLatch first = new CountDownLatch(1);
            q.enqueue(task("setting", first));
            Thread.sleep(400); // another camera holds the only worker
            other.countDown();
            assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50); // the turn's end
            assertThat(q.gathers()).as("the turn waited 400 ms for a worker").isFalse();

            CountDownLatch frame = new CountDownLatch(1);
            q.enqueueGathered(task("f1", frame));
            assertThat(frame.await(1, TimeUnit.SECONDS)).as("run at once, not gathered for 2 s").isTrue();
            Thread.sleep(50);
            assertThat(q.gathers()).as("that turn started at once").isTrue();
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void aTimerAlreadyStoppedWithTheNodeRunsTheFrameAtOnce() throws InterruptedException {
        timer.shutdownNow();
        CameraWorkQueue q = queue(60_000);
        CountDownLatch done = new CountDownLatch(1);
        q.enqueueGathered(task("f1", done));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
