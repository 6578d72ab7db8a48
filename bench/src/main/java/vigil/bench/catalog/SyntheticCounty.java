package vigil.bench.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import vigil.analytics.ground.GroundCells;
import vigil.analytics.ground.GroundProjection;
import vigil.analytics.motion.NormalizedBox;
import vigil.analytics.track.FinishedTrack;
import vigil.analytics.track.ObjectKind;
import vigil.analytics.track.TimedBox;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.CameraCalibration;
import vigil.catalog.camera.SourceUrl;
import vigil.catalog.store.Clip;
import vigil.catalog.store.MotionEventRecord;
import vigil.catalog.store.TrackRecord;
import vigil.ingest.analyze.TrackRecords;

/**
 * A seeded synthetic county network: cameras with GB/T 28181 ids spread over county civil codes of several
 * provinces, placed around each county's seat; a third of them calibrated to the ground; and what they saw —
 * tracks of people and vehicles crossing their view (5 Hz boxes, summarised by the analytics' own code, with
 * ground paths and H3 cells where calibrated), motion events, recorded clips. The same seed gives the same county.
 */
final class SyntheticCounty {

    /** Province seats (civil-code prefix, latitude, longitude) the counties are spread around. */
    private static final Object[][] PROVINCES = {
            {"34", 31.82, 117.23}, {"35", 26.07, 119.30}, {"42", 30.59, 114.31}, {"44", 23.13, 113.26},
            {"32", 32.06, 118.80}, {"33", 30.27, 120.16}, {"37", 36.65, 117.12}, {"41", 34.75, 113.63}};

    record County(String civilCode, double lat, double lon) {
    }

    record Site(Camera camera, CameraCalibration calibration) {
    }

    private final long seed;
    private final List<County> counties = new ArrayList<>();
    private final List<Site> sites = new ArrayList<>();

    SyntheticCounty(int cameras, int counties, long seed) {
        this.seed = seed;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < counties; i++) {
            Object[] p = PROVINCES[i % PROVINCES.length];
            int city = 1 + (i / PROVINCES.length) % 9, county = 2 + (i / PROVINCES.length / 9) % 20;
            this.counties.add(new County(String.format("%s%02d%02d00", p[0], city, county),
                    (double) p[1] + r.nextDouble(-0.6, 0.6), (double) p[2] + r.nextDouble(-0.6, 0.6)));
        }
        for (int i = 0; i < cameras; i++) {
            County c = this.counties.get(i % counties);
            String id = c.civilCode() + "00" + "132" + "0" + String.format("%06d", i);
            double lat = c.lat() + r.nextDouble(-0.05, 0.05), lon = c.lon() + r.nextDouble(-0.05, 0.05);
            Camera camera = new Camera(id, "Camera " + i, SourceUrl.parse("rtsp://10." + (i >> 16 & 255) + "." + (i >> 8 & 255)
                    + "." + (i & 255) + "/Streaming/Channels/101"), c.civilCode(), lat, lon, List.of("bench"),
                    Instant.parse("2026-01-01T00:00:00Z"));
            sites.add(new Site(camera, i % 3 == 0 ? calibrate(id, lat, lon, r.nextDouble(0, 2 * Math.PI)) : null));
        }
    }

    /** A pole camera looking along a heading: the bottom of the image 10 m away and 16 m wide, the top 60 m and 50 m. */
    private static CameraCalibration calibrate(String id, double lat, double lon, double heading) {
        double[][] image = {{0, 1}, {1, 1}, {1, 0.35}, {0, 0.35}};
        double[][] ground = {{-8, 10}, {8, 10}, {25, 60}, {-25, 60}}; // metres right of and along the heading
        List<CameraCalibration.Point> points = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            double right = ground[k][0], ahead = ground[k][1];
            double east = ahead * Math.sin(heading) + right * Math.cos(heading);
            double north = ahead * Math.cos(heading) - right * Math.sin(heading);
            points.add(new CameraCalibration.Point(image[k][0], image[k][1], lat + north / 111_195.0,
                    lon + east / (111_195.0 * Math.cos(Math.toRadians(lat)))));
        }
        return TrackRecords.fit(id, points);
    }

    List<County> counties() {
        return counties;
    }

    List<Site> sites() {
        return sites;
    }

    /**
     * The {@code index}-th of {@code total} tracks: its camera, start within [from, to), path, kind. Deterministic in
     * (seed, index, total). Tracks come in the order of their start, as a county's nodes write them: the
     * {@code index}-th starts in the {@code index}-th of {@code total} equal slices of the span.
     */
    TrackRecord track(long index, long total, Instant from, Instant to, GroundCells cells, List<GroundProjection> projections) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        int siteIndex = r.nextInt(sites.size());
        Site site = sites.get(siteIndex);
        long startMs = from.toEpochMilli()
                + (long) ((index + r.nextDouble()) / total * (to.toEpochMilli() - from.toEpochMilli() - 120_000));
        boolean person = r.nextDouble() < 0.6;
        long durationMs = person ? 4_000 + r.nextInt(26_000) : 2_000 + r.nextInt(8_000);
        // enter at one edge, leave at another; people lower and smaller further up the image
        boolean leftToRight = r.nextBoolean();
        double y0 = r.nextDouble(0.45, 0.95), y1 = Math.max(0.4, Math.min(1, y0 + r.nextDouble(-0.3, 0.3)));
        double x0 = leftToRight ? 0 : 1, x1 = leftToRight ? 1 : 0;
        List<TimedBox> boxes = new ArrayList<>();
        int n = (int) (durationMs / 200) + 1;
        for (int k = 0; k < n; k++) {
            double t = k / (double) (n - 1);
            double foot = y0 + (y1 - y0) * t;
            double h = person ? 0.06 + 0.2 * foot : 0.05 + 0.12 * foot, w = person ? h * 0.4 : h * 1.8;
            double cx = x0 + (x1 - x0) * t + r.nextDouble(-0.004, 0.004);
            double x = Math.max(0, Math.min(1 - w, cx - w / 2)), y = Math.max(0, Math.min(1 - h, foot - h));
            boxes.add(new TimedBox(startMs + k * 200L, new NormalizedBox(x, y, w, h)));
        }
        FinishedTrack finished = new FinishedTrack(index, boxes, true, person ? ObjectKind.PERSON : ObjectKind.OBJECT);
        GroundProjection ground = projections.get(siteIndex);
        return TrackRecords.of(String.format("t%012d", index), site.camera().id(), finished, ground,
                ground == null ? null : cells, null);
    }

    /** A motion event around a track. */
    static MotionEventRecord eventAround(TrackRecord t) {
        return new MotionEventRecord("m" + t.id().substring(1), t.cameraId(), t.start().minusMillis(400), t.end().plusMillis(400),
                0.02, t.minX(), t.minY(), t.maxX() - t.minX(), t.maxY() - t.minY(), false);
    }

    /** The recorded clips of one camera over [from, to), {@code segmentMs} each; a gap of one segment every 50. */
    static List<Clip> clips(String cameraId, Instant from, Instant to, long segmentMs, String root) {
        List<Clip> out = new ArrayList<>();
        int k = 0;
        for (long t = from.toEpochMilli(); t < to.toEpochMilli(); t += segmentMs, k++) {
            if (k % 50 == 49) continue;
            Instant start = Instant.ofEpochMilli(t);
            out.add(new Clip(cameraId + "-" + t, cameraId, start, start.plusMillis(segmentMs),
                    root + "/" + cameraId + "/" + t + ".mp4", 4L * segmentMs * 125, "h264", 1920, 1080));
        }
        return out;
    }
}
