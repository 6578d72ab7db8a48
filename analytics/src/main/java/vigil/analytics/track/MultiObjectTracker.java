package vigil.analytics.track;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import vigil.analytics.motion.BoxList;
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

    /**
     * Boxes a track's history grows to (13 min at 25 fps) before its older part is thinned to every second box; the
     * last {@link #RECENT_HISTORY} (3 min 20 s at 25 fps) stay whole: an object in view for hours is recorded over all
     * of its time, in bounded memory.
     */
    private static final int MAX_HISTORY = 20_000;
    private static final int RECENT_HISTORY = 5_000;
    /** Boxes a history holds: a track continuing another's (a person followed on by motion) holds both. */
    private static final int HISTORY_CAPACITY = 2 * MAX_HISTORY;
    /** Ended tracks kept to be taken again. */
    private static final int MAX_FREE_TRACKS = 64;
    /** A detection narrower than this share of its track is taken as a part of the object. */
    private static final double PARTIAL_FRACTION = 0.85;
    /** A box this close to the frame's border (a share of the frame) touches it. */
    private static final double FRAME_EDGE = 0.002;
    /**
     * An object whose box is this close to an edge of the frame, and was when it appeared, is coming into view there:
     * its far edge says how far it has moved, not its centre (see {@link Track#hasMoved()}).
     */
    private static final double ENTERING_EDGE = 0.01;
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

    /** No track: track ids count from 1. */
    public static final long NO_TRACK = -1;

    private final TrackerSettings settings;
    private final ObjectKind kind;
    private final LongSupplier ids;
    private final List<Track> tracks = new ArrayList<>();
    private final List<FinishedTrack> finished = new ArrayList<>();
    /** What {@link #drainFinished()} and {@link #snapshots} answer: this tracker's own lists, filled again next call. */
    private final List<FinishedTrack> drained = new ArrayList<>();
    private final List<FinishedTrack> due = new ArrayList<>();
    /** Tracks that ended, reported in {@link #finished}: their histories are read by what is reported of them... */
    private final List<Track> ended = new ArrayList<>();
    /** ...until the frame after {@link #drainFinished()} answered them (or they were handed over): then taken again. */
    private final List<Track> drainedTracks = new ArrayList<>();
    /** A history to build a track's merged one in ({@link #continueAs}), swapped with the track's. */
    private TrackHistory spareHistory;
    /** Tracks that ended, and the chunks of their histories, for tracks to come: nothing allocated per frame. */
    private final ArrayDeque<Track> freeTracks = new ArrayDeque<>();
    private final TrackHistory.Pool historyPool = new TrackHistory.Pool();
    // the work of one update, kept across frames
    private final List<TrackedObject> out = new ArrayList<>();
    private final List<Track> group = new ArrayList<>();
    private final HungarianAssignment assignment = new HungarianAssignment();
    private final BoxList listDetections = new BoxList();
    private final BoxList listSupport = new BoxList();
    private boolean[] detectionUsed = new boolean[16];
    private boolean[] trackDone = new boolean[16];
    private boolean[] notLookedAt = new boolean[16];
    private boolean[] contained = new boolean[16];
    private int[] covered = new int[16];
    private int[] rows = new int[16];
    private int[] cols = new int[16];
    private int[] match = new int[16];
    private double[] cost = new double[256];
    /** The last {@link #partsOf}: ids, overlaps and history lengths, best first. */
    private long[] partIds = new long[8];
    private double[] partOverlaps = new double[8];
    private int[] partAges = new int[8];

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
     * The confirmed live tracks that are part of the object in the box (x, y, w, h): their box overlaps it by IoU at
     * least {@code minIou} (and is at most {@code maxAreaRatio} times its size), or lies at least {@code minInside}
     * inside it (a fragment). Answers how many, into arrays kept across calls: {@link #part(int)} their ids, the best
     * overlapping first, then the oldest.
     */
    public int partsOf(double x, double y, double w, double h, double minIou, double maxAreaRatio, double minInside) {
        int n = 0;
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            if (!t.confirmed || t.dead) continue;
            double tx = t.x(), ty = t.y(), area = t.w * t.h, overlap = iou(tx, ty, t.w, t.h, x, y, w, h);
            boolean same = overlap >= minIou && area <= maxAreaRatio * w * h;
            boolean inside = area > 0 && intersection(tx, ty, t.w, t.h, x, y, w, h) / area >= minInside;
            if (!same && !inside) continue;
            if (n == partIds.length) {
                partIds = Arrays.copyOf(partIds, 2 * n);
                partOverlaps = Arrays.copyOf(partOverlaps, 2 * n);
                partAges = Arrays.copyOf(partAges, 2 * n);
            }
            // kept in order as they come: the best overlapping first, of equal overlap the oldest (longest history)
            int at = n++;
            while (at > 0 && (overlap > partOverlaps[at - 1]
                    || overlap == partOverlaps[at - 1] && t.history.size() > partAges[at - 1])) {
                partIds[at] = partIds[at - 1];
                partOverlaps[at] = partOverlaps[at - 1];
                partAges[at] = partAges[at - 1];
                at--;
            }
            partIds[at] = t.id;
            partOverlaps[at] = overlap;
            partAges[at] = t.history.size();
        }
        return n;
    }

    /** Part {@code i} of the last {@link #partsOf}. */
    public long part(int i) {
        return partIds[i];
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
                drainedTracks.add(t);
                return t.view.over(t.history, t.history.size());
            }
        }
        return List.of();
    }

    /**
     * Track {@code trackId} continues an object another tracker followed so far as {@code earlierId}: it takes
     * that id and puts {@code earlier} before its own history. Those boxes are reported as they were given: a person
     * track's fit ({@link HistoryView#fit}) is for the boxes the person model found, not for an object's motion.
     */
    public void continueAs(long trackId, long earlierId, List<TimedBox> earlier) {
        for (int k = 0; k < tracks.size(); k++) {
            Track t = tracks.get(k);
            if (t.id != trackId) continue;
            t.id = earlierId;
            TrackHistory own = t.history, merged = spareHistory != null ? spareHistory : new TrackHistory(historyPool, HISTORY_CAPACITY);
            HistoryView before = earlier instanceof HistoryView v ? v : null;
            for (int i = 0; i < earlier.size(); i++) {
                long ms = before != null ? before.timeMs(i) : earlier.get(i).timeMs();
                if (!own.isEmpty() && ms >= own.timeMs(0)) continue;
                if (before != null) merged.add(ms, before.x(i), before.y(i), before.width(i), before.height(i));
                else merged.add(earlier.get(i));
            }
            t.handedOver += merged.size(); // (its own history may begin with boxes handed over before)
            for (int i = 0; i < own.size(); i++) merged.add(own.timeMs(i), own.x(i), own.y(i), own.width(i), own.height(i));
            own.clear();
            spareHistory = own;
            t.history = merged;
            t.moved = true;
            return;
        }
    }

    /**
     * The live track born between {@code fromMs} and {@code toMs} whose first box overlaps most, by at least
     * {@code minIou}, where an object last seen at the box (x, y, w, h) at {@code boxMs}, moving {@code vx}, {@code vy} per ms,
     * would be at its birth, and that is not heading against that motion; {@link #NO_TRACK} if none.
     */
    public long bornNear(double x, double y, double w, double h, long boxMs, double vx, double vy, long fromMs, long toMs, double minIou) {
        long best = NO_TRACK;
        double bestIou = minIou;
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            long first = t.history.timeMs(0);
            if (t.dead || first < fromMs || first > toMs) continue;
            if (vx * t.cx.velocity + vy * t.cy.velocity < 0) continue; // someone else, coming the other way
            long dt = first - boxMs;
            TrackHistory born = t.history;
            double overlap = iou(born.x(0), born.y(0), born.width(0), born.height(0), x + vx * dt, y + vy * dt, w, h);
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
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).id == trackId) tracks.get(i).kind = earlierKind;
        }
        continueAs(trackId, earlierId, earlier);
    }

    /** Track {@code trackId}, if live, is of {@code kind} from now on (its whole history with it). */
    public void markKind(long trackId, ObjectKind kind) {
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).id == trackId) tracks.get(i).kind = kind;
        }
    }

    /**
     * The live tracks of a tracker as they are now, in arrays kept across frames: each one's id, box, whether it is
     * confirmed yet, and whether it was missed the last time it was looked for (it goes on at its prediction,
     * unreported, until found again or ended).
     */
    public static final class LiveTracks {
        private final BoxList boxes = new BoxList();
        private long[] ids = new long[16];
        private boolean[] confirmed = new boolean[16];
        private boolean[] missed = new boolean[16];

        public int size() {
            return boxes.size();
        }

        public long id(int i) {
            return ids[i];
        }

        /** Where each is now. */
        public BoxList boxes() {
            return boxes;
        }

        public boolean confirmed(int i) {
            return confirmed[i];
        }

        public boolean missed(int i) {
            return missed[i];
        }

        /** The index of track {@code id}, or -1. */
        public int indexOf(long id) {
            for (int i = 0; i < boxes.size(); i++) if (ids[i] == id) return i;
            return -1;
        }

        private void clear() {
            boxes.clear();
        }

        private void add(long id, double x, double y, double w, double h, boolean isConfirmed, boolean wasMissed) {
            int i = boxes.size();
            if (i == ids.length) {
                ids = Arrays.copyOf(ids, 2 * i);
                confirmed = Arrays.copyOf(confirmed, 2 * i);
                missed = Arrays.copyOf(missed, 2 * i);
            }
            ids[i] = id;
            confirmed[i] = isConfirmed;
            missed[i] = wasMissed;
            boxes.add(x, y, w, h);
        }
    }

    /** Every live track (tentative ones too), as it is now, into {@code live} (emptied first). */
    public void liveTracks(LiveTracks live) {
        live.clear();
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            if (!t.dead) live.add(t.id, t.x(), t.y(), t.w, t.h, t.confirmed, t.misses > 0);
        }
    }

    /** Where every live track (tentative ones too) is now. */
    public List<NormalizedBox> liveBoxes() {
        List<NormalizedBox> boxes = new ArrayList<>(tracks.size());
        for (Track t : tracks) boxes.add(t.box());
        return boxes;
    }

    /** Where every live track (tentative ones too) is now, into {@code boxes} (cleared first). */
    public void liveBoxes(BoxList boxes) {
        boxes.clear();
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            boxes.add(t.x(), t.y(), t.w, t.h);
        }
    }

    /** Feeds one frame's motion boxes; answers the confirmed objects in it (see {@link #update(BoxList, BoxList, long, LongPredicate)}). */
    public List<TrackedObject> update(List<NormalizedBox> detections, long timeMs) {
        return update(detections, List.of(), timeMs);
    }

    /** As {@link #update(BoxList, BoxList, long)}, from lists of boxes. */
    public List<TrackedObject> update(List<NormalizedBox> detections, List<NormalizedBox> support, long timeMs) {
        return update(detections, support, timeMs, id -> true);
    }

    /** As {@link #update(BoxList, BoxList, long, LongPredicate)}, from lists of boxes. */
    public List<TrackedObject> update(List<NormalizedBox> detections, List<NormalizedBox> support, long timeMs,
                                      LongPredicate lookedAt) {
        listDetections.clear();
        for (int i = 0; i < detections.size(); i++) listDetections.add(detections.get(i));
        listSupport.clear();
        for (int i = 0; i < support.size(); i++) listSupport.add(support.get(i));
        return update(listDetections, listSupport, timeMs, lookedAt);
    }

    /** Feeds one frame's motion boxes; answers the confirmed objects in it. */
    public List<TrackedObject> update(BoxList detections, long timeMs) {
        return update(detections, BoxList.empty(), timeMs, ALL);
    }

    /**
     * Feeds one frame's detections and the motion around them: a confirmed track that no detection matched but
     * whose predicted box is mostly moving is held on its prediction instead of missed (a detector that
     * flickers on someone walking), for at most {@link #MAX_HELD_FRAMES} frames in a row.
     */
    public List<TrackedObject> update(BoxList detections, BoxList support, long timeMs) {
        return update(detections, support, timeMs, ALL);
    }

    /**
     * As {@link #update(BoxList, BoxList, long)}, for a detector that looked only at some tracks this frame: a track
     * it did not look at ({@code lookedAt} false) and no detection matched neither misses nor counts as held; it
     * follows its own motion box if there is one, else its prediction, and is reported as long as it was not
     * missed at its last look.
     *
     * <p>The answer, and the objects in it, are this tracker's own, filled again by its next update (nothing is
     * allocated per frame); copy what is to be kept.
     */
    public List<TrackedObject> update(BoxList detections, BoxList support, long timeMs, LongPredicate lookedAt) {
        releaseEnded();
        int count = tracks.size();
        for (int i = 0; i < count; i++) tracks.get(i).predict();
        int n = detections.size();
        detectionUsed = cleared(detectionUsed, n);
        trackDone = cleared(trackDone, count);
        out.clear();

        // merged blobs: one detection over two or more confirmed tracks
        for (int d = 0; d < n; d++) {
            if (covered.length < count) covered = new int[Math.max(count, 2 * covered.length)];
            int coveredCount = 0;
            for (int i = 0; i < count; i++) {
                Track t = tracks.get(i);
                if (t.confirmed && !trackDone[i] && t.coverBy(detections, d) >= settings.mergeCoverFraction()) {
                    covered[coveredCount++] = i;
                }
            }
            if (coveredCount >= 2) {
                detectionUsed[d] = true;
                group.clear();
                for (int k = 0; k < coveredCount; k++) group.add(tracks.get(covered[k]));
                // Walking together (alike velocities): the objects move as the blob does, side by side.
                // Crossing (different velocities): each keeps its own course through the blob.
                boolean together = movingAlike(group);
                for (int k = 0; k < coveredCount; k++) {
                    trackDone[covered[k]] = true;
                    tracks.get(covered[k]).coastMerged(detections, d, together);
                }
                if (together) spreadAcross(group, detections, d);
                for (int k = 0; k < group.size(); k++) group.get(k).remember(timeMs);
            }
        }
        group.clear();

        assign(detections, true, timeMs);
        assign(detections, false, timeMs);

        // unmatched tracks miss this frame, unless nobody looked for them
        notLookedAt = cleared(notLookedAt, count);
        for (int i = 0; i < count; i++) notLookedAt[i] = !trackDone[i] && !lookedAt.test(tracks.get(i).id);
        followSupport(support, timeMs);
        for (int i = 0; i < count; i++) {
            if (trackDone[i]) continue;
            Track t = tracks.get(i);
            if (notLookedAt[i]) {
                t.carry(timeMs);
            } else if (t.confirmed && t.mayBeHeld() && t.coveredShareBy(support) >= SUPPORT_COVER) {
                t.hold(timeMs);
            } else {
                t.miss();
            }
        }

        // unmatched detections start tentative tracks, unless they are a fragment of an object already matched
        for (int d = 0; d < n; d++) {
            if (detectionUsed[d]) continue;
            boolean fragment = false;
            for (int i = 0; i < tracks.size(); i++) {
                Track t = tracks.get(i);
                if (t.matchedThisFrame && intersection(t.x(), t.y(), t.w, t.h, detections.x(d), detections.y(d),
                        detections.width(d), detections.height(d)) / detections.area(d) > 0.5) {
                    fragment = true;
                    break;
                }
            }
            if (!fragment) tracks.add(born(detections, d, timeMs));
        }

        suppressDuplicates();

        int alive = 0;
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            boolean dead = t.dead || (t.confirmed ? t.misses > settings.maxMissedFrames() || t.mergedFrames > settings.maxMergedFrames()
                    : t.misses > 0);
            if (dead) {
                end(t);
                continue;
            }
            tracks.set(alive++, t);
            if (t.confirmed && t.hasMoved() && (t.matchedThisFrame || t.mergedThisFrame || t.heldThisFrame && t.heldReported())) {
                t.reported.set(t.id, t.x(), t.y(), t.w, t.h, t.matchedThisFrame, t.kind);
                out.add(t.reported);
            }
        }
        while (tracks.size() > alive) tracks.remove(tracks.size() - 1);
        return out;
    }

    private static final LongPredicate ALL = id -> true;

    /** {@code flags} with at least {@code n} entries, the first {@code n} false. */
    private static boolean[] cleared(boolean[] flags, int n) {
        if (flags.length < n) return new boolean[Math.max(n, 2 * flags.length)];
        Arrays.fill(flags, 0, n, false);
        return flags;
    }

    /** A tentative track from detection {@code d}: one that ended, taken again, or a new one. */
    private Track born(BoxList detections, int d, long timeMs) {
        Track t = freeTracks.poll();
        if (t == null) t = new Track();
        t.start(ids.getAsLong(), detections.x(d), detections.y(d), detections.width(d), detections.height(d), timeMs);
        return t;
    }

    /** A track that ended gives its history's chunks back and waits to be taken again. */
    private void release(Track t) {
        t.history.clear();
        if (freeTracks.size() < MAX_FREE_TRACKS) freeTracks.push(t);
    }

    /** A track that ended: reported if it was confirmed (its history read until the next frame), then taken again. */
    private void end(Track t) {
        if (t.confirmed) {
            finished.add(t.finish());
            ended.add(t);
        } else {
            release(t);
        }
    }

    /** The tracks drained (or handed over) before this frame are taken again: what was reported of them is not read. */
    private void releaseEnded() {
        for (int i = 0; i < drainedTracks.size(); i++) release(drainedTracks.get(i));
        drainedTracks.clear();
    }

    /** Grows the work arrays of an assignment to {@code rowCount} × {@code colCount}. */
    private void growAssignment(int rowCount, int colCount) {
        if (rows.length < rowCount) rows = new int[Math.max(rowCount, 2 * rows.length)];
        if (match.length < rowCount) match = new int[Math.max(rowCount, 2 * match.length)];
        if (cols.length < colCount) cols = new int[Math.max(colCount, 2 * cols.length)];
        if (cost.length < rowCount * colCount) cost = new double[Math.max(rowCount * colCount, 2 * cost.length)];
    }

    /**
     * Confirmed tracks no detection matched take a motion box that is clearly their own (one object's blob,
     * overlapping the prediction well), one box per track: a track the detector did not look at this frame follows
     * it ({@link Track#follow}); one it looked at and missed is held on it ({@link Track#hold(BoxList, int, long)}:
     * place and height, a motion box's width is not the detector's).
     */
    private void followSupport(BoxList support, long timeMs) {
        if (support.isEmpty()) return;
        int count = tracks.size(), rowCount = 0, colCount = support.size();
        growAssignment(count, colCount);
        for (int i = 0; i < count; i++) {
            Track t = tracks.get(i);
            if (!trackDone[i] && t.confirmed && (notLookedAt[i] ? t.misses == 0 : t.mayBeHeld())) rows[rowCount++] = i;
        }
        if (rowCount == 0) return;
        for (int r = 0; r < rowCount; r++) {
            Track t = tracks.get(rows[r]);
            for (int c = 0; c < colCount; c++) {
                double iou = iou(t.x(), t.y(), t.w, t.h, support.x(c), support.y(c), support.width(c), support.height(c));
                cost[r * colCount + c] = iou >= SUPPORT_MIN_IOU ? 1 - iou : Double.POSITIVE_INFINITY;
            }
        }
        assignment.solve(cost, rowCount, colCount, match);
        for (int r = 0; r < rowCount; r++) {
            if (match[r] < 0) continue;
            int i = rows[r];
            trackDone[i] = true;
            if (notLookedAt[i]) {
                tracks.get(i).follow(support, match[r], timeMs);
            } else {
                tracks.get(i).hold(support, match[r], timeMs);
            }
        }
    }

    private static boolean movingAlike(List<Track> group) {
        double minVx = Double.MAX_VALUE, maxVx = -Double.MAX_VALUE, minVy = Double.MAX_VALUE, maxVy = -Double.MAX_VALUE;
        double w = 0, h = 0;
        for (int i = 0; i < group.size(); i++) {
            Track t = group.get(i);
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
    private void spreadAcross(List<Track> group, BoxList blobs, int blob) {
        Track left = group.get(0), right = group.get(0), top = group.get(0), bottom = group.get(0);
        for (int i = 0; i < group.size(); i++) {
            Track t = group.get(i);
            if (t.cx.position < left.cx.position) left = t;
            if (t.cx.position > right.cx.position) right = t;
            if (t.cy.position < top.cy.position) top = t;
            if (t.cy.position > bottom.cy.position) bottom = t;
        }
        left.cx.update(blobs.x(blob) + left.w / 2, settings.measurementNoise() * left.w);
        right.cx.update(blobs.right(blob) - right.w / 2, settings.measurementNoise() * right.w);
        top.cy.update(blobs.y(blob) + top.h / 2, settings.measurementNoise() * top.h);
        bottom.cy.update(blobs.bottom(blob) - bottom.h / 2, settings.measurementNoise() * bottom.h);
    }

    /**
     * Two confirmed tracks on the same object (one born from a fragment of the other's blob) would coast
     * together as a "merge" forever: when one box lies mostly inside the other for longer than a crossing takes,
     * the younger track ends.
     */
    private void suppressDuplicates() {
        int count = tracks.size();
        contained = cleared(contained, count);
        for (int i = 0; i < count; i++) {
            Track a = tracks.get(i);
            if (!a.confirmed) continue;
            for (int j = i + 1; j < count; j++) {
                Track b = tracks.get(j);
                if (!b.confirmed) continue;
                double smaller = Math.min(a.w * a.h, b.w * b.h);
                if (smaller > 0 && intersection(a.x(), a.y(), a.w, a.h, b.x(), b.y(), b.w, b.h) / smaller > DUPLICATE_CONTAINMENT) {
                    contained[a.hits >= b.hits ? j : i] = true;
                }
            }
        }
        for (int i = 0; i < count; i++) {
            Track t = tracks.get(i);
            t.containedFrames = contained[i] ? t.containedFrames + 1 : 0;
            // objects crossing each other overlap like this only for a few frames
            if (t.containedFrames >= DUPLICATE_FRAMES) t.dead = true;
        }
    }

    private void assign(BoxList detections, boolean confirmedStage, long timeMs) {
        int count = tracks.size(), n = detections.size();
        growAssignment(count, n);
        int rowCount = 0, colCount = 0;
        for (int i = 0; i < count; i++) {
            if (!trackDone[i] && tracks.get(i).confirmed == confirmedStage) rows[rowCount++] = i;
        }
        for (int d = 0; d < n; d++) if (!detectionUsed[d]) cols[colCount++] = d;
        if (rowCount == 0 || colCount == 0) return;
        for (int r = 0; r < rowCount; r++) {
            Track t = tracks.get(rows[r]);
            double px = t.x(), py = t.y(), pw = t.w, ph = t.h;
            for (int c = 0; c < colCount; c++) {
                int d = cols[c];
                double dx = detections.x(d), dy = detections.y(d), dw = detections.width(d), dh = detections.height(d);
                double iou = iou(px, py, pw, ph, dx, dy, dw, dh);
                double dist = centreDistance(px, py, pw, ph, dx, dy, dw, dh);
                boolean feasible = iou >= settings.minIou() || dist <= settings.maxCenterDistanceFactor();
                cost[r * colCount + c] = feasible ? 1 - iou + 0.1 * Math.min(dist, 5) : Double.POSITIVE_INFINITY;
            }
        }
        assignment.solve(cost, rowCount, colCount, match);
        for (int r = 0; r < rowCount; r++) {
            if (match[r] < 0) continue;
            int i = rows[r], d = cols[match[r]];
            trackDone[i] = true;
            detectionUsed[d] = true;
            tracks.get(i).observe(detections, d, timeMs);
        }
    }

    /**
     * Confirmed tracks still going whose history grew for {@code intervalMs} since their last snapshot: an
     * object that stays in view for long is reported while it lasts, not only when it leaves. The final
     * {@link FinishedTrack} of the same id follows when it ends. The list is this tracker's own, filled again by the
     * next call; the tracks in it are read in place until the next frame (see {@link FinishedTrack}).
     */
    public List<FinishedTrack> snapshots(long intervalMs, long nowMs) {
        due.clear();
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            if (!t.confirmed || t.history.isEmpty()) continue;
            if (t.lastSnapshotMs < 0) t.lastSnapshotMs = t.history.timeMs(0);
            if (nowMs - t.lastSnapshotMs >= intervalMs) {
                t.lastSnapshotMs = nowMs;
                due.add(t.finish());
            }
        }
        return due;
    }

    /** Ends every track (the stream ended) and answers all tracks finished since the last call. */
    public List<FinishedTrack> finishAll() {
        releaseEnded();
        for (int i = 0; i < tracks.size(); i++) end(tracks.get(i));
        tracks.clear();
        return drainFinished();
    }

    /**
     * Tracks that ended since the last call, in the order they ended: this tracker's own list, filled again by the
     * next call; the tracks in it are read in place until the next frame (see {@link FinishedTrack}).
     */
    public List<FinishedTrack> drainFinished() {
        drained.clear();
        for (int i = 0; i < finished.size(); i++) drained.add(finished.get(i));
        finished.clear();
        for (int i = 0; i < ended.size(); i++) drainedTracks.add(ended.get(i));
        ended.clear();
        return drained;
    }

    public int activeTracks() {
        return tracks.size();
    }

    /** The area two boxes (x, y, width, height) share. */
    static double intersection(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh) {
        double w = Math.min(ax + aw, bx + bw) - Math.max(ax, bx);
        double h = Math.min(ay + ah, by + bh) - Math.max(ay, by);
        return w > 0 && h > 0 ? w * h : 0;
    }

    public static double iou(NormalizedBox a, NormalizedBox b) {
        return iou(a.x(), a.y(), a.width(), a.height(), b.x(), b.y(), b.width(), b.height());
    }

    static double iou(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh) {
        double i = intersection(ax, ay, aw, ah, bx, by, bw, bh);
        double u = aw * ah + bw * bh - i;
        return u > 0 ? i / u : 0;
    }

    /**
     * Share of the box (x, y, width, height) covered by {@code others} (overlaps among them counted once each, capped
     * at 1).
     */
    static double coveredShare(double x, double y, double w, double h, BoxList others) {
        double area = w * h;
        if (area <= 0) return 0;
        double covered = 0;
        for (int i = 0; i < others.size(); i++) {
            covered += intersection(x, y, w, h, others.x(i), others.y(i), others.width(i), others.height(i));
        }
        return Math.min(1.0, covered / area);
    }

    private static double centreDistance(double px, double py, double pw, double ph, double dx, double dy, double dw, double dh) {
        double x = (px + pw / 2 - dx - dw / 2) / Math.max(pw, 1e-6);
        double y = (py + ph / 2 - dy - dh / 2) / Math.max(ph, 1e-6);
        return Math.sqrt(x * x + y * y);
    }

    /**
     * One object: Kalman filters of its centre, its size, and its observed history. A track that ends is taken
     * again for a new object ({@link #start}), its history's chunks given back first.
     */
    private final class Track {
        long id;
        /** What the object is: the tracker's kind, unless it continues a track of another kind. */
        ObjectKind kind;
        final AxisFilter cx = new AxisFilter();
        final AxisFilter cy = new AxisFilter();
        double w;
        double h;
        int hits;
        int misses;
        int mergedFrames;
        double lastBlobX;
        double lastBlobY;
        boolean confirmed;
        boolean matchedThisFrame;
        boolean mergedThisFrame;
        boolean heldThisFrame;
        /** Whether its last hold followed a motion box of about its own height (a blob of its own, not a part). */
        boolean heldOnOwnSize;
        int partialFramesX;
        int partialFramesY;
        int heldFrames;
        TrackHistory history = new TrackHistory(historyPool, HISTORY_CAPACITY);
        /** Boxes at the start of its history that another tracker handed over ({@link #continueAs}), as they are. */
        int handedOver;
        long lastSnapshotMs;
        boolean dead;
        int containedFrames;
        /** What is reported of it each frame: the same object, filled again. */
        final TrackedObject reported = new TrackedObject();
        /** What is reported of it when it ends, or of its history so far (a snapshot, a hand-over): filled again. */
        final FinishedTrack finished = new FinishedTrack();
        final HistoryView view = new HistoryView();

        /** Its box when it appeared. */
        double birthLeft;
        double birthTop;
        double birthRight;
        double birthBottom;
        boolean moved;

        void start(long trackId, double x, double y, double width, double height, long timeMs) {
            this.id = trackId;
            this.kind = MultiObjectTracker.this.kind;
            this.birthLeft = x;
            this.birthTop = y;
            this.birthRight = x + width;
            this.birthBottom = y + height;
            this.w = width;
            this.h = height;
            cx.start(x + w / 2);
            cy.start(y + h / 2);
            hits = 1;
            misses = 0;
            mergedFrames = 0;
            lastBlobX = 0;
            lastBlobY = 0;
            confirmed = settings.confirmHits() <= 1;
            matchedThisFrame = true;
            mergedThisFrame = false;
            heldThisFrame = false;
            partialFramesX = 0;
            partialFramesY = 0;
            heldFrames = 0;
            heldOnOwnSize = false;
            lastSnapshotMs = -1;
            dead = false;
            containedFrames = 0;
            moved = false;
            handedOver = 0;
            history.clear();
            history.add(timeMs, x, y, width, height);
        }

        void predict() {
            matchedThisFrame = false;
            mergedThisFrame = false;
            heldThisFrame = false;
            cx.predict(settings.positionNoise() * w, settings.velocityNoise() * w);
            cy.predict(settings.positionNoise() * h, settings.velocityNoise() * h);
        }

        /** Left edge of its box now (after {@link #predict()}: its prediction). */
        double x() {
            return cx.position - w / 2;
        }

        /** Top edge of its box now. */
        double y() {
            return cy.position - h / 2;
        }

        NormalizedBox box() {
            return new NormalizedBox(x(), y(), w, h);
        }

        /** Share of its box inside box {@code i} of {@code boxes}. */
        double coverBy(BoxList boxes, int i) {
            double area = w * h;
            return area > 0 ? intersection(x(), y(), w, h, boxes.x(i), boxes.y(i), boxes.width(i), boxes.height(i)) / area : 0;
        }

        /** Share of its box covered by {@code boxes}. */
        double coveredShareBy(BoxList boxes) {
            return coveredShare(x(), y(), w, h, boxes);
        }

        void observe(BoxList boxes, int i, long timeMs) {
            double dx = boxes.x(i), dy = boxes.y(i), dw = boxes.width(i), dh = boxes.height(i);
            double dRight = boxes.right(i), dBottom = boxes.bottom(i);
            // A box much narrower (or shorter) than the object is a part of it: behind an occluder or at the
            // frame's edge. Its outer edge that agrees with the prediction still tells where the object is.
            // (a whole object's box is a part only where the frame's edge cuts it: a person walking out of view)
            boolean mayBePartX = !settings.wholeDetections() || dx <= FRAME_EDGE || dRight >= 1 - FRAME_EDGE;
            boolean mayBePartY = !settings.wholeDetections() || dy <= FRAME_EDGE || dBottom >= 1 - FRAME_EDGE;
            partialFramesX = mayBePartX && dw < PARTIAL_FRACTION * w ? partialFramesX + 1 : 0;
            partialFramesY = mayBePartY && dh < PARTIAL_FRACTION * h ? partialFramesY + 1 : 0;
            boolean partialX = partialFramesX > 0 && partialFramesX <= MAX_PARTIAL_FRAMES;
            boolean partialY = partialFramesY > 0 && partialFramesY <= MAX_PARTIAL_FRAMES;
            cx.update(partialX ? anchored(dx, dRight, cx.position, w) : dx + dw / 2, settings.measurementNoise() * w);
            cy.update(partialY ? anchored(dy, dBottom, cy.position, h) : dy + dh / 2, settings.measurementNoise() * h);
            double a = settings.sizeSmoothing();
            if (!partialX) w = (1 - a) * w + a * dw;
            if (!partialY) h = (1 - a) * h + a * dh;
            hits++;
            misses = 0;
            mergedFrames = 0;
            heldFrames = 0;
            matchedThisFrame = true;
            if (!confirmed && hits >= settings.confirmHits()) confirmed = true;
            remember(timeMs);
        }

        void remember(long timeMs) {
            if (history.size() >= MAX_HISTORY) {
                int older = history.size() - RECENT_HISTORY;
                int keptOlder = history.thinOlder(RECENT_HISTORY);
                // the boxes another tracker handed over are the first ones: those of them kept
                handedOver = handedOver <= older ? (handedOver + 1) / 2 : keptOlder + handedOver - older;
            }
            history.add(timeMs, x(), y(), w, h);
        }

        /**
         * Whether the object has ever moved away from where it appeared. Motion that stays put (a ghost left by
         * a background learned with someone in it, flicker, swaying leaves) is not an object going anywhere.
         */
        boolean hasMoved() {
            if (!moved) {
                double dx = (cx.position - (birthLeft + birthRight) / 2) / w, dy = (cy.position - (birthTop + birthBottom) / 2) / h;
                moved = Math.sqrt(dx * dx + dy * dy) >= settings.minMovePerSize() || enteredFurther(settings.minMovePerSize());
            }
            return moved;
        }

        /**
         * Whether, cut by the same edge of the frame as when it appeared, the object's far edge has come this far
         * (in units of its size) further into view. Someone walking in from the bottom of a raised camera's view grows
         * upwards from the edge: their box's centre moves at half their pace, and its size grows as it does, so by the
         * centre they were reported only once most of them was in view.
         */
        private boolean enteredFurther(double minMove) {
            double left = x(), top = y(), right = left + w, bottom = top + h, in = 1 - ENTERING_EDGE;
            return bottom >= in && birthBottom >= in && (birthTop - top) / h >= minMove
                    || top <= ENTERING_EDGE && birthTop <= ENTERING_EDGE && (bottom - birthBottom) / h >= minMove
                    || left <= ENTERING_EDGE && birthLeft <= ENTERING_EDGE && (right - birthRight) / w >= minMove
                    || right >= in && birthRight >= in && (birthLeft - left) / w >= minMove;
        }

        /**
         * Part of a blob with other objects (walking together, crossing): the objects inside move as the blob
         * does, so the track follows the blob's displacement, held inside it, instead of its own old velocity.
         */
        void coastMerged(BoxList blobs, int blob, boolean followBlob) {
            double blobX = blobs.x(blob) + blobs.width(blob) / 2, blobY = blobs.y(blob) + blobs.height(blob) / 2;
            if (followBlob && mergedFrames > 0) {
                cx.follow(blobX - lastBlobX);
                cy.follow(blobY - lastBlobY);
            }
            lastBlobX = blobX;
            lastBlobY = blobY;
            mergedFrames++;
            mergedThisFrame = true;
            cx.position = inside(cx.position, w, blobs.x(blob), blobs.right(blob));
            cy.position = inside(cy.position, h, blobs.y(blob), blobs.bottom(blob));
        }

        boolean mayBeHeld() {
            return heldFrames < Math.min(MAX_HELD_FRAMES, HELD_FRAMES_PER_HIT * hits);
        }

        /**
         * Whether, held by its motion (or going on between looks after one that missed it), it is still reported: after
         * {@link TrackerSettings#reportedHeldLooks()} looks in a row missed it, only while its motion is its own size.
         * A blob that is not (legs moving below a still body, someone beside them) pulls the box off the object.
         */
        boolean heldReported() {
            return heldFrames <= settings.reportedHeldLooks() || heldOnOwnSize;
        }

        /** No detection this frame, but motion where the object should be: held on its prediction. */
        void hold(long timeMs) {
            heldFrames++;
            heldOnOwnSize = false;
            heldThisFrame = true;
            remember(timeMs);
        }

        /** No detection this frame, but motion where the object should be: follows box {@code i} (place and height). */
        void hold(BoxList own, int i, long timeMs) {
            boolean ownSize = alike(own.height(i), h);
            double noise = settings.measurementNoise() * SUPPORT_NOISE_FACTOR;
            cx.update(own.x(i) + own.width(i) / 2, noise * w);
            cy.update(own.y(i) + own.height(i) / 2, noise * h);
            // a person walking towards the camera while the detector misses them grows: their own motion says how much
            takeHeightOf(own.height(i));
            hold(timeMs);
            heldOnOwnSize = ownSize;
        }

        /** Not looked for this frame: follows its own motion box, reported while it was not missed at its last look. */
        void follow(BoxList own, int i, long timeMs) {
            double noise = settings.measurementNoise() * SUPPORT_NOISE_FACTOR;
            cx.update(own.x(i) + own.width(i) / 2, noise * w);
            cy.update(own.y(i) + own.height(i) / 2, noise * h);
            // a person walking towards or away from the camera grows or shrinks between looks: their own blob says
            // how, unless it is no longer their size alone (merged with someone, or split)
            takeSizeOf(own.width(i), own.height(i));
            heldThisFrame = true;
            remember(timeMs);
        }

        /** Moves the size towards its own motion box's, unless that box is no longer its size alone (merged, split). */
        private void takeSizeOf(double ownWidth, double ownHeight) {
            if (alike(ownWidth, w) && alike(ownHeight, h)) {
                double a = settings.followSizeSmoothing();
                w = (1 - a) * w + a * ownWidth;
                h = (1 - a) * h + a * ownHeight;
            }
        }

        /**
         * Moves the height towards its own motion box's (the width in proportion), if that box is about its height: a
         * detector missing someone is a sign their size has run ahead of the track's, and a person's motion box is
         * wider than the person model's box of them (arms and legs swinging), so the width is not compared.
         */
        private void takeHeightOf(double ownHeight) {
            if (alike(ownHeight, h)) {
                double a = settings.followSizeSmoothing();
                double taller = ((1 - a) * h + a * ownHeight) / h;
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

        /** What is reported of it as it is now (its own report, filled again; its boxes read in place). */
        FinishedTrack finish() {
            return finished.set(id, view.over(history, history.size(), handedOver), hasMoved(), kind);
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
        double p00;
        double p01;
        double p11;

        /** At rest at {@code at}, as uncertain as a new track is. */
        void start(double at) {
            position = at;
            velocity = 0;
            p00 = 1e-2;
            p01 = 0;
            p11 = 1e-2;
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
