package vigil.ingest.analyze;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
        TrajectorySummary s = TrajectorySummarizer.summarize(finished);
        List<TrackRecord.Box> boxes = new ArrayList<>(s.boxes().size());
        for (TimedBox b : s.boxes()) {
            boxes.add(new TrackRecord.Box(b.timeMs(), b.box().x(), b.box().y(), b.box().width(), b.box().height()));
        }
        List<TrackRecord.Point> path = new ArrayList<>(s.path().size());
        for (TrajectorySummary.PathPoint p : s.path()) path.add(new TrackRecord.Point(p.timeMs(), p.x(), p.y()));
        return new TrackRecord(UUID.randomUUID().toString(), cameraId, Instant.ofEpochMilli(s.startMs()),
                Instant.ofEpochMilli(s.endMs()), boxes, path, s.footprint(), s.minX(), s.minY(), s.maxX(), s.maxY(),
                s.directionDeg(), s.speedPerSecond());
    }
}
