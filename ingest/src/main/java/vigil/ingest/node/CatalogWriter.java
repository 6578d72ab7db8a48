package vigil.ingest.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.catalog.store.CatalogStore;
import vigil.catalog.store.Clip;
import vigil.catalog.store.MotionEventRecord;
import vigil.catalog.store.TrackRecord;
import vigil.ingest.record.FootageRetention;

/**
 * Writes ingest results to the catalog on a thread of its own, in the order they were produced. A failed write
 * is retried with backoff until it succeeds or the node stops: nothing is dropped silently; what is still
 * queued at shutdown is logged with its count.
 */
final class CatalogWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogWriter.class);

    private final CatalogStore store;
    private final FootageRetention retention;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "catalog-writer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean closing;

    /** @param retention told of each clip and thumbnail once it is in the catalog (footage it may count and delete) */
    CatalogWriter(CatalogStore store, FootageRetention retention) {
        this.store = store;
        this.retention = retention;
    }

    void addClip(Clip clip) {
        submit("clip " + clip.id() + " of camera " + clip.cameraId(), () -> {
            store.addClip(clip);
            retention.catalogued(clip);
        });
    }

    void putMotionEvent(MotionEventRecord event) {
        submit("motion event " + event.id() + " of camera " + event.cameraId(), () -> store.putMotionEvent(event));
    }

    void addTrack(TrackRecord track) {
        submit("track " + track.id() + " of camera " + track.cameraId(), () -> {
            store.addTrack(track);
            if (track.thumbnailPath() != null) {
                try {
                    retention.thumbnailWritten(Files.size(Path.of(track.thumbnailPath())));
                } catch (IOException e) {
                    // the thumbnail was not written: nothing to count
                }
            }
        });
    }

    long pending() {
        return pending.get();
    }

    private void submit(String what, Runnable write) {
        pending.incrementAndGet();
        thread.execute(() -> {
            long delayMs = 100;
            boolean logged = false;
            while (true) {
                try {
                    write.run();
                    if (logged) log.info("catalog write of {} succeeded after retrying", what);
                    break;
                } catch (RuntimeException e) {
                    if (!logged) {
                        log.error("catalog write of {} failed; retrying until it succeeds", what, e);
                        logged = true;
                    }
                    if (closing) {
                        log.error("node stopping: {} was not catalogued", what);
                        break;
                    }
                    sleep(delayMs);
                    delayMs = Math.min(delayMs * 2, 5_000);
                }
            }
            pending.decrementAndGet();
        });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                closing = true;
                log.error("catalog writer: {} writes still pending at shutdown", pending.get());
                thread.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
