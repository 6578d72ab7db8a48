package vigil.ingest.analyze;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import vigil.analytics.ground.GroundCells;
import vigil.analytics.ground.GroundPoint;
import vigil.analytics.ground.GroundProjection;
import vigil.analytics.ground.PointPair;
import vigil.analytics.track.FinishedTrack;
import vigil.analytics.track.TimedBox;
import vigil.analytics.track.TrajectorySummarizer;
import vigil.analytics.track.TrajectorySummary;
import vigil.catalog.store.TrackRecord;

/** Turns a finished track of the analytics into the catalog's record of it. */
public final class TrackRecords {

    private TrackRecords() {
    }

    public static TrackRecord of(String cameraId, FinishedTrack finished) {
        return of(UUID.randomUUID().toString(), cameraId, finished, null, null, null);
    }

    /**
     * @param ground the camera's ground projection, or null when it is not calibrated
     * @param cells  H3 cells of ground paths (used with {@code ground})
     */
    public static TrackRecord of(String id, String cameraId, FinishedTrack finished, GroundProjection ground,
                                 GroundCells cells, String thumbnailPath) {
        TrajectorySummary s = TrajectorySummarizer.summarize(finished);
        List<TrackRecord.Box> boxes = new ArrayList<>(s.boxes().size());
        for (TimedBox b : s.boxes()) {
            boxes.add(new TrackRecord.Box(b.timeMs(), b.box().x(), b.box().y(), b.box().width(), b.box().height()));
        }
        List<TrackRecord.Point> path = new ArrayList<>(s.path().size());
        for (TrajectorySummary.PathPoint p : s.path()) path.add(new TrackRecord.Point(p.timeMs(), p.x(), p.y()));
        List<TrackRecord.GroundFix> groundPath = new ArrayList<>();
        List<String> h3 = List.of();
        if (ground != null) {
            List<GroundPoint> points = new ArrayList<>();
            for (TrajectorySummary.PathPoint p : s.path()) {
                GroundPoint g = ground.project(p.x(), p.y()); // foot points: they stand on the ground plane
                if (g == null) continue;
                points.add(g);
                groundPath.add(new TrackRecord.GroundFix(p.timeMs(), g.lat(), g.lon()));
            }
            if (cells != null) h3 = cells.cellsAlong(points);
        }
        return new TrackRecord(id, cameraId, Instant.ofEpochMilli(s.startMs()),
                Instant.ofEpochMilli(s.endMs()), boxes, path, s.footprint(), s.minX(), s.minY(), s.maxX(), s.maxY(),
                s.directionDeg(), s.speedPerSecond(), groundPath, h3, thumbnailPath,
                finished.kind().label());
    }

    /** The analytics' projection of a stored calibration. */
    public static GroundProjection projectionOf(vigil.catalog.camera.CameraCalibration c) {
        return new GroundProjection(c.homography(), new GroundPoint(c.originLat(), c.originLon()), c.residualsMeters());
    }

    /** Fits a calibration with the analytics' ground projection; the API's {@code CalibrationFitter}. */
    public static vigil.catalog.camera.CameraCalibration fit(String cameraId, List<vigil.catalog.camera.CameraCalibration.Point> points) {
        List<PointPair> pairs = new ArrayList<>();
        for (vigil.catalog.camera.CameraCalibration.Point p : points) {
            pairs.add(new PointPair(p.imageX(), p.imageY(), new GroundPoint(p.lat(), p.lon())));
        }
        GroundProjection g = GroundProjection.fit(pairs);
        return new vigil.catalog.camera.CameraCalibration(cameraId, points, g.homography(), g.origin().lat(),
                g.origin().lon(), g.residualsMeters(), Instant.now());
    }
}
