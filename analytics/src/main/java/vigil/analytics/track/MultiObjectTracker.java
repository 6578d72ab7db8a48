package vigil.analytics.track;

import java.util.ArrayList;
import java.util.List;
import vigil.analytics.motion.NormalizedBox;

/**
 * Follows moving objects across frames from their motion boxes. Each track has a constant-velocity Kalman
 * model of its centre (one filter per axis) and a smoothed size. Each frame:
 * <ol>
 *   <li>predict every track;</li>
 *   <li>find merged detections: a box covering the predictions of two or more confirmed tracks (people walking
 *       together or crossing). Those tracks coast on their predictions, reported as not observed, until the
 *       blob splits again;</li>
 *   <li>assign the other detections to confirmed tracks, then to tentative ones, by the Hungarian method on
 *       1 − IoU, gated by IoU and centre distance;</li>
 *   <li>update matched tracks; start tentative tracks from unmatched detections that are not a fragment of a
 *       matched object; confirm after {@code confirmHits}; end a track after {@code maxMissedFrames}.</li>
 * </ol>
 * Not thread-safe: one per camera, fed in frame order.
 */
public final class MultiObjectTracker {

    private static final int MAX_HISTORY = 20_000;

    private final TrackerSettings settings;
    private final List<Track> tracks = new ArrayList<>();
    private final List<FinishedTrack> finished = new ArrayList<>();
    private long nextId = 1;

    public MultiObjectTracker(TrackerSettings settings) {
        this.settings = settings;
    }

    /** Feeds one frame's motion boxes; answers the confirmed objects in it. */
    public List<TrackedObject> update(List<NormalizedBox> detections, long timeMs) {
        for (Track t : tracks) t.predict();
        int n = detections.size();
        boolean[] detectionUsed = new boolean[n];
        boolean[] trackDone = new boolean[tracks.size()];
        List<TrackedObject> out = new ArrayList<>();

        // merged blobs: one detection over two or more confirmed tracks
        for (int d = 0; d < n; d++) {
            List<Integer> covered = new ArrayList<>();
            for (int i = 0; i < tracks.size(); i++) {
                Track t = tracks.get(i);
                if (t.confirmed && !trackDone[i] && cover(t.predicted(), detections.get(d)) >= settings.mergeCoverFraction()) {
                    covered.add(i);
                }
            }
            if (covered.size() >= 2) {
                detectionUsed[d] = true;
                for (int i : covered) {
                    trackDone[i] = true;
                    tracks.get(i).coastMerged();
                }
            }
        }

        assign(detections, detectionUsed, trackDone, true, timeMs);
        assign(detections, detectionUsed, trackDone, false, timeMs);

        // unmatched tracks miss this frame
        for (int i = 0; i < tracks.size(); i++) if (!trackDone[i]) tracks.get(i).miss();

        // unmatched detections start tentative tracks, unless they are a fragment of an object already matched
        for (int d = 0; d < n; d++) {
            if (detectionUsed[d]) continue;
            NormalizedBox box = detections.get(d);
            boolean fragment = false;
            for (Track t : tracks) {
                if (t.matchedThisFrame && intersection(t.box(), box) / box.area() > 0.5) {
                    fragment = true;
                    break;
                }
            }
            if (!fragment) tracks.add(new Track(nextId++, box, timeMs));
        }

        List<Track> alive = new ArrayList<>(tracks.size());
        for (Track t : tracks) {
            boolean dead = t.confirmed ? t.misses > settings.maxMissedFrames() || t.mergedFrames > settings.maxMergedFrames()
                    : t.misses > 0;
            if (dead) {
                if (t.confirmed) finished.add(t.finish());
                continue;
            }
            alive.add(t);
            if (t.confirmed && (t.matchedThisFrame || t.mergedThisFrame)) {
                out.add(new TrackedObject(t.id, t.box(), t.matchedThisFrame));
            }
        }
        tracks.clear();
        tracks.addAll(alive);
        return out;
    }

    private void assign(List<NormalizedBox> detections, boolean[] detectionUsed, boolean[] trackDone,
                        boolean confirmedStage, long timeMs) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            if (!trackDone[i] && tracks.get(i).confirmed == confirmedStage) rows.add(i);
        }
        List<Integer> cols = new ArrayList<>();
        for (int d = 0; d < detections.size(); d++) if (!detectionUsed[d]) cols.add(d);
        if (rows.isEmpty() || cols.isEmpty()) return;
        double[][] cost = new double[rows.size()][cols.size()];
        for (int r = 0; r < rows.size(); r++) {
            NormalizedBox p = tracks.get(rows.get(r)).predicted();
            for (int c = 0; c < cols.size(); c++) {
                NormalizedBox d = detections.get(cols.get(c));
                double iou = iou(p, d);
                double dist = centreDistance(p, d);
                boolean feasible = iou >= settings.minIou() || dist <= settings.maxCenterDistanceFactor();
                cost[r][c] = feasible ? 1 - iou + 0.1 * Math.min(dist, 5) : Double.POSITIVE_INFINITY;
            }
        }
        int[] match = HungarianAssignment.solve(cost);
        for (int r = 0; r < match.length; r++) {
            if (match[r] < 0) continue;
            int i = rows.get(r), d = cols.get(match[r]);
            trackDone[i] = true;
            detectionUsed[d] = true;
            tracks.get(i).observe(detections.get(d), timeMs);
        }
    }

    /** Ends every track (the stream ended) and answers all tracks finished since the last call. */
    public List<FinishedTrack> finishAll() {
        for (Track t : tracks) if (t.confirmed) finished.add(t.finish());
        tracks.clear();
        return drainFinished();
    }

    /** Tracks that ended since the last call, in the order they ended. */
    public List<FinishedTrack> drainFinished() {
        List<FinishedTrack> out = List.copyOf(finished);
        finished.clear();
        return out;
    }

    public int activeTracks() {
        return tracks.size();
    }

    static double intersection(NormalizedBox a, NormalizedBox b) {
        double w = Math.min(a.right(), b.right()) - Math.max(a.x(), b.x());
        double h = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y());
        return w > 0 && h > 0 ? w * h : 0;
    }

    public static double iou(NormalizedBox a, NormalizedBox b) {
        double i = intersection(a, b);
        double u = a.area() + b.area() - i;
        return u > 0 ? i / u : 0;
    }

    private static double cover(NormalizedBox inner, NormalizedBox outer) {
        return inner.area() > 0 ? intersection(inner, outer) / inner.area() : 0;
    }

    private static double centreDistance(NormalizedBox p, NormalizedBox d) {
        double dx = (p.x() + p.width() / 2 - d.x() - d.width() / 2) / Math.max(p.width(), 1e-6);
        double dy = (p.y() + p.height() / 2 - d.y() - d.height() / 2) / Math.max(p.height(), 1e-6);
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** One object: Kalman filters of its centre, its size, and its observed history. */
    private final class Track {
        final long id;
        final AxisFilter cx;
        final AxisFilter cy;
        double w;
        double h;
        int hits = 1;
        int misses;
        int mergedFrames;
        boolean confirmed;
        boolean matchedThisFrame;
        boolean mergedThisFrame;
        final List<TimedBox> history = new ArrayList<>();

        Track(long id, NormalizedBox first, long timeMs) {
            this.id = id;
            this.w = first.width();
            this.h = first.height();
            this.cx = new AxisFilter(first.x() + w / 2);
            this.cy = new AxisFilter(first.y() + h / 2);
            this.confirmed = settings.confirmHits() <= 1;
            this.matchedThisFrame = true;
            history.add(new TimedBox(timeMs, first));
        }

        void predict() {
            matchedThisFrame = false;
            mergedThisFrame = false;
            cx.predict(settings.positionNoise() * w, settings.velocityNoise() * w);
            cy.predict(settings.positionNoise() * h, settings.velocityNoise() * h);
        }

        NormalizedBox predicted() {
            return box();
        }

        NormalizedBox box() {
            return new NormalizedBox(cx.position - w / 2, cy.position - h / 2, w, h);
        }

        void observe(NormalizedBox d, long timeMs) {
            cx.update(d.x() + d.width() / 2, settings.measurementNoise() * w);
            cy.update(d.y() + d.height() / 2, settings.measurementNoise() * h);
            double a = settings.sizeSmoothing();
            w = (1 - a) * w + a * d.width();
            h = (1 - a) * h + a * d.height();
            hits++;
            misses = 0;
            mergedFrames = 0;
            matchedThisFrame = true;
            if (!confirmed && hits >= settings.confirmHits()) confirmed = true;
            if (history.size() < MAX_HISTORY) history.add(new TimedBox(timeMs, box()));
        }

        void coastMerged() {
            mergedFrames++;
            mergedThisFrame = true;
        }

        void miss() {
            misses++;
        }

        FinishedTrack finish() {
            return new FinishedTrack(id, List.copyOf(history));
        }
    }

    /** Constant-velocity Kalman filter of one coordinate: state (position, velocity per frame). */
    private static final class AxisFilter {
        double position;
        double velocity;
        double p00 = 1e-2, p01, p11 = 1e-2;

        AxisFilter(double position) {
            this.position = position;
        }

        void predict(double positionNoise, double velocityNoise) {
            position += velocity;
            // P = F P F' + Q with F = [[1,1],[0,1]]
            double n00 = p00 + 2 * p01 + p11 + positionNoise * positionNoise;
            double n01 = p01 + p11;
            double n11 = p11 + velocityNoise * velocityNoise;
            p00 = n00;
            p01 = n01;
            p11 = n11;
        }

        void update(double measured, double measurementNoise) {
            double s = p00 + measurementNoise * measurementNoise;
            double k0 = p00 / s, k1 = p01 / s;
            double innovation = measured - position;
            position += k0 * innovation;
            velocity += k1 * innovation;
            double n00 = (1 - k0) * p00;
            double n01 = (1 - k0) * p01;
            double n11 = p11 - k1 * p01;
            p00 = n00;
            p01 = n01;
            p11 = n11;
        }
    }
}
