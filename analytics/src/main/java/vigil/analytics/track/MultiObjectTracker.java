package vigil.analytics.track;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
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
    /** A detection narrower than this share of its track is taken as a part of the object. */
    private static final double PARTIAL_FRACTION = 0.85;
    /** A box this close to the frame's border (a share of the frame) touches it. */
    private static final double FRAME_EDGE = 0.002;
    /**
     * Detections in a row that may be taken for a part before the object is taken to be that size: a box that
     * grew while merged with another object shrinks back once they part.
     */
    private static final int MAX_PARTIAL_FRAMES = 10;
    /** Velocities closer than this share of the object size per frame count as moving together. */
    private static final double ALIKE_VELOCITY_PER_SIZE = 0.05;
    /** Share of the smaller of two tracks' boxes inside the other above which they follow the same object. */
    private static final double DUPLICATE_CONTAINMENT = 0.8;
    /** Consecutive frames one track lies inside another before it is taken for a duplicate. */
    private static final int DUPLICATE_FRAMES = 5;
    /** Share of a track's predicted box that supporting motion must cover to hold it without a detection. */
    private static final double SUPPORT_COVER = 0.5;
    /** Frames a track may be held by motion alone before misses count again (4 s at 25 fps)... */
    private static final int MAX_HELD_FRAMES = 100;
    /** ...and at most this many per detection it has had: a track of two stray detections is not held long. */
    private static final int HELD_FRAMES_PER_HIT = 2;
    /** IoU of a motion box with a held track's prediction for it to be that object's own motion, followed. */
    private static final double SUPPORT_MIN_IOU = 0.4;
    /** Measurement noise of a motion box's centre for a held track, relative to a detection's. */
    private static final double SUPPORT_NOISE_FACTOR = 2.0;
    /** A motion box followed between looks gives its size only if within this ratio of the track's, both ways. */
    private static final double FOLLOW_SIZE_RATIO = 1.3;

    private final TrackerSettings settings;
    private final ObjectKind kind;
    private final LongSupplier ids;
    private final List<Track> tracks = new ArrayList<>();
    private final List<FinishedTrack> finished = new ArrayList<>();

    /** A tracker of moving objects numbering its tracks 1, 2, 3... */
    public MultiObjectTracker(TrackerSettings settings) {
        this(settings, ObjectKind.OBJECT, new AtomicLong(1)::getAndIncrement);
    }

    /** A tracker of {@code kind}; {@code ids} numbers its tracks (shared by the trackers of one camera). */
    public MultiObjectTracker(TrackerSettings settings, ObjectKind kind, LongSupplier ids) {
        this.settings = settings;
        this.kind = kind;
        this.ids = ids;
    }

    /**
     * The confirmed live tracks that are part of the object in {@code box}: their box overlaps it by IoU at least
     * {@code minIou} (and is at most {@code maxAreaRatio} times its size), or lies at least {@code minInside}
     * inside it (a fragment); the best overlapping first, then the oldest.
     */
    public List<Long> partsOf(NormalizedBox box, double minIou, double maxAreaRatio, double minInside) {
        List<Track> parts = new ArrayList<>();
        for (Track t : tracks) {
            if (!t.confirmed || t.dead) continue;
            NormalizedBox b = t.box();
            boolean same = iou(b, box) >= minIou && b.area() <= maxAreaRatio * box.area();
            if (same || cover(b, box) >= minInside) parts.add(t);
        }
        parts.sort(java.util.Comparator.<Track>comparingDouble(t -> -iou(t.box(), box)).thenComparingInt(t -> -t.history.size()));
        List<Long> ids = new ArrayList<>(parts.size());
        for (Track t : parts) ids.add(t.id);
        return ids;
    }

    /**
     * Ends live track {@code id} without reporting it, for another tracker to continue the same object under
     * the same id (see {@link #continueAs}); answers its history, empty if there is no such track.
     */
    public List<TimedBox> handOver(long id) {
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            if (t.id == id) {
                tracks.remove(i);
                return List.copyOf(t.history);
            }
        }
        return List.of();
    }

    /**
     * Track {@code trackId} continues an object another tracker followed so far as {@code earlierId}: it takes
     * that id and puts {@code earlier} before its own history.
     */
    public void continueAs(long trackId, long earlierId, List<TimedBox> earlier) {
        for (Track t : tracks) {
            if (t.id != trackId) continue;
            t.id = earlierId;
            List<TimedBox> own = new ArrayList<>(t.history);
            t.history.clear();
            for (TimedBox b : earlier) if (own.isEmpty() || b.timeMs() < own.get(0).timeMs()) t.history.add(b);
            t.history.addAll(own);
            t.moved = true;
            return;
        }
    }

    /**
     * The live track born between {@code fromMs} and {@code toMs} whose first box overlaps most, by at least
     * {@code minIou}, where an object last seen at {@code box} at {@code boxMs}, moving {@code vx}, {@code vy} per ms,
     * would be at its birth, and that is not heading against that motion; null if none.
     */
    public Long bornNear(NormalizedBox box, long boxMs, double vx, double vy, long fromMs, long toMs, double minIou) {
        Long best = null;
        double bestIou = minIou;
        for (Track t : tracks) {
            TimedBox first = t.history.get(0);
            if (t.dead || first.timeMs() < fromMs || first.timeMs() > toMs) continue;
            if (vx * t.cx.velocity + vy * t.cy.velocity < 0) continue; // someone else, coming the other way
            long dt = first.timeMs() - boxMs;
            double overlap = iou(first.box(), box.shifted(vx * dt, vy * dt));
            if (overlap >= bestIou) {
                bestIou = overlap;
                best = t.id;
            }
        }
        return best;
    }

    /**
     * Track {@code trackId} goes on as track {@code earlierId} of another tracker that just ended, and is of its
     * kind from now on: the same object, followed by other means (a person the person model lost, followed on by
     * their motion). The earlier history comes first.
     */
    public void continueTrack(long trackId, long earlierId, List<TimedBox> earlier, ObjectKind earlierKind) {
        for (Track t : tracks) {
            if (t.id == trackId) t.kind = earlierKind;
        }
        continueAs(trackId, earlierId, earlier);
    }

    /**
     * A live track as it is now: its id, box, whether it is confirmed yet, and whether it was missed the last time
     * it was looked for (it goes on at its prediction, unreported, until found again or ended).
     */
    public record LiveTrack(long id, NormalizedBox box, boolean confirmed, boolean missed) {
    }

    /** Every live track (tentative ones too), as it is now. */
    public List<LiveTrack> liveTracks() {
        List<LiveTrack> out = new ArrayList<>(tracks.size());
        for (Track t : tracks) if (!t.dead) out.add(new LiveTrack(t.id, t.box(), t.confirmed, t.misses > 0));
        return out;
    }

    /** Where every tentative (not yet confirmed) track is now. */
    public List<NormalizedBox> tentativeBoxes() {
        List<NormalizedBox> out = new ArrayList<>();
        for (Track t : tracks) if (!t.confirmed) out.add(t.box());
        return out;
    }

    /** Where every confirmed live track is now. */
    public List<NormalizedBox> confirmedBoxes() {
        List<NormalizedBox> out = new ArrayList<>(tracks.size());
        for (Track t : tracks) if (t.confirmed) out.add(t.box());
        return out;
    }

    /** Where every live track (tentative ones too) is now. */
    public List<NormalizedBox> liveBoxes() {
        List<NormalizedBox> out = new ArrayList<>(tracks.size());
        for (Track t : tracks) out.add(t.box());
        return out;
    }

    /** Feeds one frame's motion boxes; answers the confirmed objects in it. */
    public List<TrackedObject> update(List<NormalizedBox> detections, long timeMs) {
        return update(detections, List.of(), timeMs);
    }

    /**
     * Feeds one frame's detections and the motion around them: a confirmed track that no detection matched but
     * whose predicted box is mostly moving is held on its prediction instead of missed (a detector that
     * flickers on someone walking), for at most {@link #MAX_HELD_FRAMES} frames in a row.
     */
    public List<TrackedObject> update(List<NormalizedBox> detections, List<NormalizedBox> support, long timeMs) {
        return update(detections, support, timeMs, id -> true);
    }

    /**
     * As {@link #update(List, List, long)}, for a detector that looked only at some tracks this frame: a track it
     * did not look at ({@code lookedAt} false) and no detection matched neither misses nor counts as held; it
     * follows its own motion box if there is one, else its prediction, and is reported as long as it was not
     * missed at its last look.
     */
    public List<TrackedObject> update(List<NormalizedBox> detections, List<NormalizedBox> support, long timeMs,
                                      LongPredicate lookedAt) {
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
                List<Track> group = new ArrayList<>();
                for (int i : covered) group.add(tracks.get(i));
                // Walking together (alike velocities): the objects move as the blob does, side by side.
                // Crossing (different velocities): each keeps its own course through the blob.
                boolean together = movingAlike(group);
                for (int i : covered) {
                    trackDone[i] = true;
                    tracks.get(i).coastMerged(detections.get(d), together);
                }
                if (together) spreadAcross(group, detections.get(d));
                for (Track t : group) t.remember(timeMs);
            }
        }

        assign(detections, detectionUsed, trackDone, true, timeMs);
        assign(detections, detectionUsed, trackDone, false, timeMs);

        // unmatched tracks miss this frame, unless nobody looked for them
        boolean[] notLookedAt = new boolean[tracks.size()];
        for (int i = 0; i < tracks.size(); i++) notLookedAt[i] = !trackDone[i] && !lookedAt.test(tracks.get(i).id);
        followSupport(support, trackDone, timeMs, notLookedAt);
        for (int i = 0; i < tracks.size(); i++) {
            if (trackDone[i]) continue;
            Track t = tracks.get(i);
            if (notLookedAt[i]) {
                t.carry(timeMs);
            } else if (t.confirmed && t.mayBeHeld() && coveredShare(t.predicted(), support) >= SUPPORT_COVER) {
                t.hold(null, timeMs);
            } else {
                t.miss();
            }
        }

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
            if (!fragment) tracks.add(new Track(ids.getAsLong(), box, timeMs));
        }

        suppressDuplicates();

        List<Track> alive = new ArrayList<>(tracks.size());
        for (Track t : tracks) {
            boolean dead = t.dead || (t.confirmed ? t.misses > settings.maxMissedFrames() || t.mergedFrames > settings.maxMergedFrames()
                    : t.misses > 0);
            if (dead) {
                if (t.confirmed) finished.add(t.finish());
                continue;
            }
            alive.add(t);
            if (t.confirmed && t.hasMoved() && (t.matchedThisFrame || t.mergedThisFrame || t.heldThisFrame)) {
                out.add(new TrackedObject(t.id, t.box(), t.matchedThisFrame, t.kind));
            }
        }
        tracks.clear();
        tracks.addAll(alive);
        return out;
    }

    /**
     * Confirmed tracks no detection matched follow a motion box that is clearly their own (one object's blob,
     * overlapping the prediction well), one box per track, by its centre only: a motion box's size is not the
     * detector's.
     */
    private void followSupport(List<NormalizedBox> support, boolean[] trackDone, long timeMs, boolean[] notLookedAt) {
        if (support.isEmpty()) return;
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            if (!trackDone[i] && t.confirmed && (notLookedAt[i] ? t.misses == 0 : t.mayBeHeld())) rows.add(i);
        }
        if (rows.isEmpty()) return;
        double[][] cost = new double[rows.size()][support.size()];
        for (int r = 0; r < rows.size(); r++) {
            NormalizedBox p = tracks.get(rows.get(r)).predicted();
            for (int c = 0; c < support.size(); c++) {
                double iou = iou(p, support.get(c));
                cost[r][c] = iou >= SUPPORT_MIN_IOU ? 1 - iou : Double.POSITIVE_INFINITY;
            }
        }
        int[] match = HungarianAssignment.solve(cost);
        for (int r = 0; r < match.length; r++) {
            if (match[r] < 0) continue;
            int i = rows.get(r);
            trackDone[i] = true;
            if (notLookedAt[i]) {
                tracks.get(i).follow(support.get(match[r]), timeMs);
            } else {
                tracks.get(i).hold(support.get(match[r]), timeMs);
            }
        }
    }

    private static boolean movingAlike(List<Track> group) {
        double minVx = Double.MAX_VALUE, maxVx = -Double.MAX_VALUE, minVy = Double.MAX_VALUE, maxVy = -Double.MAX_VALUE;
        double w = 0, h = 0;
        for (Track t : group) {
            minVx = Math.min(minVx, t.cx.velocity);
            maxVx = Math.max(maxVx, t.cx.velocity);
            minVy = Math.min(minVy, t.cy.velocity);
            maxVy = Math.max(maxVy, t.cy.velocity);
            w += t.w / group.size();
            h += t.h / group.size();
        }
        return maxVx - minVx < ALIKE_VELOCITY_PER_SIZE * w && maxVy - minVy < ALIKE_VELOCITY_PER_SIZE * h;
    }

    /**
     * A merged blob is the union of its objects: the outermost tracks of the group touch its edges. Pull them
     * there (as a measurement), so the objects keep their places side by side rather than drift into each other.
     */
    private void spreadAcross(List<Track> group, NormalizedBox blob) {
        Track left = group.get(0), right = group.get(0), top = group.get(0), bottom = group.get(0);
        for (Track t : group) {
            if (t.cx.position < left.cx.position) left = t;
            if (t.cx.position > right.cx.position) right = t;
            if (t.cy.position < top.cy.position) top = t;
            if (t.cy.position > bottom.cy.position) bottom = t;
        }
        left.cx.update(blob.x() + left.w / 2, settings.measurementNoise() * left.w);
        right.cx.update(blob.right() - right.w / 2, settings.measurementNoise() * right.w);
        top.cy.update(blob.y() + top.h / 2, settings.measurementNoise() * top.h);
        bottom.cy.update(blob.bottom() - bottom.h / 2, settings.measurementNoise() * bottom.h);
    }

    /**
     * Two confirmed tracks on the same object (one born from a fragment of the other's blob) would coast
     * together as a "merge" forever: when one box lies mostly inside the other for longer than a crossing takes,
     * the younger track ends.
     */
    private void suppressDuplicates() {
        boolean[] contained = new boolean[tracks.size()];
        for (int i = 0; i < tracks.size(); i++) {
            Track a = tracks.get(i);
            if (!a.confirmed) continue;
            for (int j = i + 1; j < tracks.size(); j++) {
                Track b = tracks.get(j);
                if (!b.confirmed) continue;
                NormalizedBox ba = a.box(), bb = b.box();
                double smaller = Math.min(ba.area(), bb.area());
                if (smaller > 0 && intersection(ba, bb) / smaller > DUPLICATE_CONTAINMENT) {
                    contained[a.hits >= b.hits ? j : i] = true;
                }
            }
        }
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            t.containedFrames = contained[i] ? t.containedFrames + 1 : 0;
            // objects crossing each other overlap like this only for a few frames
            if (t.containedFrames >= DUPLICATE_FRAMES) t.dead = true;
        }
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

    /**
     * Confirmed tracks still going whose history grew for {@code intervalMs} since their last snapshot: an
     * object that stays in view for long is reported while it lasts, not only when it leaves. The final
     * {@link FinishedTrack} of the same id follows when it ends.
     */
    public List<FinishedTrack> snapshots(long intervalMs, long nowMs) {
        List<FinishedTrack> out = new ArrayList<>();
        for (Track t : tracks) {
            if (!t.confirmed || t.history.isEmpty()) continue;
            if (t.lastSnapshotMs < 0) t.lastSnapshotMs = t.history.get(0).timeMs();
            if (nowMs - t.lastSnapshotMs >= intervalMs) {
                t.lastSnapshotMs = nowMs;
                out.add(t.finish());
            }
        }
        return out;
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

    /** Share of {@code box} covered by {@code others} (overlaps among them counted once each, capped at 1). */
    static double coveredShare(NormalizedBox box, List<NormalizedBox> others) {
        if (box.area() <= 0) return 0;
        double covered = 0;
        for (NormalizedBox o : others) covered += intersection(box, o);
        return Math.min(1.0, covered / box.area());
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
        long id;
        /** What the object is: the tracker's kind, unless it continues a track of another kind. */
        ObjectKind kind = MultiObjectTracker.this.kind;
        final AxisFilter cx;
        final AxisFilter cy;
        double w;
        double h;
        int hits = 1;
        int misses;
        int mergedFrames;
        double lastBlobX;
        double lastBlobY;
        boolean confirmed;
        boolean matchedThisFrame;
        boolean mergedThisFrame;
        boolean heldThisFrame;
        int partialFramesX;
        int partialFramesY;
        int heldFrames;
        final List<TimedBox> history = new ArrayList<>();
        long lastSnapshotMs = -1;
        boolean dead;
        int containedFrames;

        final double birthX;
        final double birthY;
        boolean moved;

        Track(long id, NormalizedBox first, long timeMs) {
            this.id = id;
            this.birthX = first.x() + first.width() / 2;
            this.birthY = first.y() + first.height() / 2;
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
            heldThisFrame = false;
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
            // A box much narrower (or shorter) than the object is a part of it: behind an occluder or at the
            // frame's edge. Its outer edge that agrees with the prediction still tells where the object is.
            // (a whole object's box is a part only where the frame's edge cuts it: a person walking out of view)
            boolean mayBePartX = !settings.wholeDetections() || d.x() <= FRAME_EDGE || d.right() >= 1 - FRAME_EDGE;
            boolean mayBePartY = !settings.wholeDetections() || d.y() <= FRAME_EDGE || d.bottom() >= 1 - FRAME_EDGE;
            partialFramesX = mayBePartX && d.width() < PARTIAL_FRACTION * w ? partialFramesX + 1 : 0;
            partialFramesY = mayBePartY && d.height() < PARTIAL_FRACTION * h ? partialFramesY + 1 : 0;
            boolean partialX = partialFramesX > 0 && partialFramesX <= MAX_PARTIAL_FRAMES;
            boolean partialY = partialFramesY > 0 && partialFramesY <= MAX_PARTIAL_FRAMES;
            cx.update(partialX ? anchored(d.x(), d.right(), cx.position, w) : d.x() + d.width() / 2,
                    settings.measurementNoise() * w);
            cy.update(partialY ? anchored(d.y(), d.bottom(), cy.position, h) : d.y() + d.height() / 2,
                    settings.measurementNoise() * h);
            double a = settings.sizeSmoothing();
            if (!partialX) w = (1 - a) * w + a * d.width();
            if (!partialY) h = (1 - a) * h + a * d.height();
            hits++;
            misses = 0;
            mergedFrames = 0;
            heldFrames = 0;
            matchedThisFrame = true;
            if (!confirmed && hits >= settings.confirmHits()) confirmed = true;
            remember(timeMs);
        }

        void remember(long timeMs) {
            if (history.size() < MAX_HISTORY) history.add(new TimedBox(timeMs, box()));
        }

        /**
         * Part of a blob with other objects (walking together, crossing): the objects inside move as the blob
         * does, so the track follows the blob's displacement, held inside it, instead of its own old velocity.
         */
        /**
         * Whether the object has ever moved away from where it appeared. Motion that stays put (a ghost left by
         * a background learned with someone in it, flicker, swaying leaves) is not an object going anywhere.
         */
        boolean hasMoved() {
            if (!moved) {
                double dx = (cx.position - birthX) / w, dy = (cy.position - birthY) / h;
                moved = Math.sqrt(dx * dx + dy * dy) >= settings.minMovePerSize();
            }
            return moved;
        }

        void coastMerged(NormalizedBox blob, boolean followBlob) {
            double blobX = blob.x() + blob.width() / 2, blobY = blob.y() + blob.height() / 2;
            if (followBlob && mergedFrames > 0) {
                cx.follow(blobX - lastBlobX);
                cy.follow(blobY - lastBlobY);
            }
            lastBlobX = blobX;
            lastBlobY = blobY;
            mergedFrames++;
            mergedThisFrame = true;
            cx.position = inside(cx.position, w, blob.x(), blob.right());
            cy.position = inside(cy.position, h, blob.y(), blob.bottom());
        }

        boolean mayBeHeld() {
            return heldFrames < Math.min(MAX_HELD_FRAMES, HELD_FRAMES_PER_HIT * hits);
        }

        /** No detection this frame, but motion where the object should be: follow {@code own} (place and height) if given. */
        void hold(NormalizedBox own, long timeMs) {
            if (own != null) {
                double noise = settings.measurementNoise() * SUPPORT_NOISE_FACTOR;
                cx.update(own.x() + own.width() / 2, noise * w);
                cy.update(own.y() + own.height() / 2, noise * h);
                // a person walking towards the camera while the detector misses them grows: their own motion says how much
                takeHeightOf(own);
            }
            heldFrames++;
            heldThisFrame = true;
            remember(timeMs);
        }

        /** Not looked for this frame: follows its own motion box, reported while it was not missed at its last look. */
        void follow(NormalizedBox own, long timeMs) {
            double noise = settings.measurementNoise() * SUPPORT_NOISE_FACTOR;
            cx.update(own.x() + own.width() / 2, noise * w);
            cy.update(own.y() + own.height() / 2, noise * h);
            // a person walking towards or away from the camera grows or shrinks between looks: their own blob says
            // how, unless it is no longer their size alone (merged with someone, or split)
            takeSizeOf(own);
            heldThisFrame = true;
            remember(timeMs);
        }

        /** Moves the size towards its own motion box's, unless that box is no longer its size alone (merged, split). */
        private void takeSizeOf(NormalizedBox own) {
            if (alike(own.width(), w) && alike(own.height(), h)) {
                double a = settings.followSizeSmoothing();
                w = (1 - a) * w + a * own.width();
                h = (1 - a) * h + a * own.height();
            }
        }

        /**
         * Moves the height towards its own motion box's (the width in proportion), if that box is about its height: a
         * detector missing someone is a sign their size has run ahead of the track's, and a person's motion box is
         * wider than the person model's box of them (arms and legs swinging), so the width is not compared.
         */
        private void takeHeightOf(NormalizedBox own) {
            if (alike(own.height(), h)) {
                double a = settings.followSizeSmoothing();
                double taller = ((1 - a) * h + a * own.height()) / h;
                w *= taller;
                h *= taller;
            }
        }

        private static boolean alike(double a, double b) {
            return a <= FOLLOW_SIZE_RATIO * b && b <= FOLLOW_SIZE_RATIO * a;
        }

        /** Not looked for this frame and no motion of its own: goes on at its prediction. */
        void carry(long timeMs) {
            if (misses > 0 || !confirmed) return;
            heldThisFrame = true;
            remember(timeMs);
        }

        void miss() {
            misses++;
        }

        FinishedTrack finish() {
            return new FinishedTrack(id, List.copyOf(history), hasMoved(), kind);
        }
    }

    /** The centre of an object of size {@code size} whose visible part spans [lo, hi]. */
    private static double anchored(double lo, double hi, double predictedCentre, double size) {
        double predictedLo = predictedCentre - size / 2, predictedHi = predictedCentre + size / 2;
        return Math.abs(lo - predictedLo) <= Math.abs(hi - predictedHi) ? lo + size / 2 : hi - size / 2;
    }

    /** The centre moved the least so that an extent of {@code size} lies within [lo, hi] (or centred if larger). */
    private static double inside(double centre, double size, double lo, double hi) {
        if (hi - lo <= size) return (lo + hi) / 2;
        return Math.max(lo + size / 2, Math.min(hi - size / 2, centre));
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

        /** Replaces the last prediction by a known displacement (the blob this object moves inside). */
        void follow(double displacement) {
            position += displacement - velocity;
            velocity = displacement;
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
