package vigil.ingest.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.analytics.FrameAnalysis;
import vigil.analytics.LumaFrame;
import vigil.analytics.ground.GroundCells;
import vigil.analytics.ground.GroundProjection;
import vigil.analytics.motion.MotionEvent;
import vigil.analytics.motion.MotionResult;
import vigil.analytics.track.FinishedTrack;
import vigil.analytics.track.ThumbnailPicker;
import vigil.analytics.track.TrackedObject;
import vigil.catalog.camera.CameraIds;
import vigil.catalog.store.MotionEventRecord;
import vigil.ingest.analyze.TrackRecords;

/**
 * Turns one camera's analysis into catalog records: gives motion events and tracks their catalog ids (a long
 * track written while it lasts keeps its id at its end), keeps each track's best thumbnail and writes it next to
 * the footage, adds the ground path when the camera is calibrated, and hands the records to the catalog writer.
 *
 * <p>Owns the thumbnail crops of live tracks; {@link #close()} frees them. Worker turns only.
 */
final class ResultPublisher implements FrameAnalysis.Listener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);

    private final String cameraId;
    private final Path thumbnailRoot;
    private final CatalogWriter writer;
    private final IngestMetrics metrics;
    private final GroundCells cells;
    private final ThumbnailPicker thumbnails = new ThumbnailPicker();
    /** Catalog ids of tracks already written while they last (tracker id → catalog id). */
    private final Map<Long, String> catalogIds = new HashMap<>();
    private volatile GroundProjection ground;
    private String openEventId;

    ResultPublisher(String cameraId, Path dataDir, CatalogWriter writer, IngestMetrics metrics, GroundCells cells) {
        this.cameraId = cameraId;
        this.thumbnailRoot = dataDir.resolve("thumbnails");
        this.writer = writer;
        this.metrics = metrics;
        this.cells = cells;
    }

    /** A new calibration applies to tracks written from now on; null: none. Any thread. */
    void calibrated(GroundProjection projection) {
        this.ground = projection;
    }

    @Override
    public void frame(LumaFrame frame, MotionResult motion, List<TrackedObject> objects) {
        if (motion.ghostsCleared() > 0) metrics.ghostsCleared.increment(motion.ghostsCleared());
        for (TrackedObject o : objects) thumbnails.offer(o, frame);
    }

    @Override
    public void motionEvent(MotionEvent e) {
        if (openEventId == null) {
            openEventId = UUID.randomUUID().toString();
            metrics.motionEvents.increment();
        }
        writer.putMotionEvent(new MotionEventRecord(openEventId, cameraId, Instant.ofEpochMilli(e.startMs()),
                Instant.ofEpochMilli(Math.max(e.endMs(), e.startMs())), e.peakAreaFraction(), e.unionBox().x(),
                e.unionBox().y(), e.unionBox().width(), e.unionBox().height(), e.open()));
        if (!e.open()) openEventId = null;
    }

    @Override
    public void trackOngoing(FinishedTrack ongoing) {
        String id = catalogIds.computeIfAbsent(ongoing.trackId(), k -> UUID.randomUUID().toString());
        writer.addTrack(TrackRecords.of(id, cameraId, ongoing, ground, cells, null));
    }

    @Override
    public void trackFinished(FinishedTrack finished) {
        if (!finished.moved()) { // never went anywhere: a ghost of the background or flicker, not an object
            thumbnails.discard(finished.trackId());
            catalogIds.remove(finished.trackId());
            return;
        }
        metrics.tracksFinished.increment();
        String known = catalogIds.remove(finished.trackId());
        String id = known != null ? known : UUID.randomUUID().toString();
        String thumbnail = thumbnails.take(finished.trackId()).map(jpeg -> saveThumbnail(id, finished.startMs(), jpeg)).orElse(null);
        writer.addTrack(TrackRecords.of(id, cameraId, finished, ground, cells, thumbnail));
    }

    private String saveThumbnail(String trackId, long startMs, byte[] jpeg) {
        Path dir = CameraIds.folderOf(thumbnailRoot, cameraId)
                .resolve(DateTimeFormatter.ISO_LOCAL_DATE.format(Instant.ofEpochMilli(startMs).atZone(ZoneOffset.UTC)));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(trackId + ".jpg");
            Files.write(file, jpeg);
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            log.warn("camera {}: cannot write thumbnail of track {} ({}); the track is kept without it", cameraId, trackId, e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        thumbnails.close();
    }
}
