package vigil.analytics.track;

import static vigil.analytics.track.MultiObjectTracker.NO_TRACK;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import vigil.analytics.LumaFrame;
import vigil.analytics.detect.PersonDetector;
import vigil.analytics.detect.PersonExtent;
import vigil.analytics.detect.PersonHeights;
import vigil.analytics.detect.PersonSettings;
import java.util.function.LongPredicate;
import vigil.analytics.motion.BoxList;
import vigil.analytics.motion.MotionResult;

/**
 * Follows everything that moves in one camera's view, as people and as other objects. Motion says where
 * something moves; where it does (and around the people already followed), the person detector looks for
 * people, each followed by a track of its own even while a group walks as one motion blob. What moves and
 * is not a person (a car, a cyclist bent low, a dog, a person too small for the detector) is followed from its
 * motion blobs. Both kinds share one numbering of track ids.
 *
 * <p>Owns the person detector's native buffers; {@link #close()} releases them. Not thread-safe: one per
 * camera, fed in frame order.
 */
public final class SceneTracker implements AutoCloseable {

    /** Share of a motion blob lying on people for it to be those people's motion, not another object. */
    private static final double EXPLAINED_BY_PEOPLE = 0.5;
    /** IoU with a person already followed that keeps a person box without motion (someone standing). */
    private static final double SAME_PERSON_IOU = 0.3;
    /**
     * A motion blob covering this share of a person followed is theirs; if it is this many times wider or taller
     * than them, it may hold others walking with them (a group), and is searched as a moving object when they are.
     */
    private static final double OWN_BLOB_COVER = 0.5;
    private static final double GROUP_SIZE_RATIO = 1.3;
    /** IoU of a motion box with an object track's last box for it to be that object's motion. */
    private static final double OBJECT_MOTION_IOU = 0.3;
    /** A new person this much (IoU) on an object track, whose blob is at most this many times as large, is it. */
    private static final double SAME_OBJECT_IOU = 0.4;
    private static final double SAME_OBJECT_MAX_AREA_RATIO = 2.5;
    /** An object track lying this much inside a new person is a fragment of them (legs, a head). */
    private static final double FRAGMENT_INSIDE = 0.6;
    /** What is left of a blob beside the people in it counts as another object from this share of a person. */
    private static final double MIN_REMAINDER_OF_PERSON = 0.3;

    /**
     * Searches of an object track's region in a row that found no person before it is taken for something else
     * (a car, a dog) and searched again only every {@link #RECHECK_OBJECT_SEARCHES} of the detector's frames: people are searched
     * where they may be, not over every vehicle on a road in every frame.
     */
    private static final int SETTLED_OBJECT_SEARCHES = 10;
    private static final int RECHECK_OBJECT_SEARCHES = 25;
    /**
     * A person the person model lost (too small, turned, half hidden) whose motion goes on is followed on by that
     * motion, as the same person: an object track born this soon after their last box (or just before it)...
     */
    private static final long HANDOVER_AFTER_MS = 1_000;
    private static final long HANDOVER_BEFORE_MS = 200;
    /**
     * ...overlapping this much (IoU) where they would be by then at the pace of their last second, and not heading
     * against it, continues their id and kind. (Nearness alone, a person's height centre to centre, also handed
     * people over to a neighbour's blob in a crowd: TUD-Stadtmitte lost 0.011 MOTA.)
     */
    private static final double HANDOVER_MIN_IOU = 0.2;
    private static final long HEADING_WINDOW_MS = 1_000;
    /**
     * An object track becomes a person (all of it, under its id) after this many searches of its blob saw a person in
     * it only weakly: one not already found, lying this much inside the blob, about as tall as it. TUD-Campus's tall
     * man in dark clothes scores just under the model's threshold look after look and was never a person; at 2 or 3
     * looks other sequences gained false people, at 5 he is seen too late (bench/RESULTS.md, session 15).
     */
    private static final int WEAK_LOOKS_FOR_PERSON = 4;
    private static final double WEAK_PERSON_INSIDE_BLOB = 0.7;
    private static final double WEAK_PERSON_HEIGHT_OF_BLOB = 0.7;
    /** A person box this much (IoU) on a confirmed person followed teaches the scene how tall people are there. */
    private static final double HEIGHT_SAMPLE_IOU = 0.5;
    /** A motion blob this much (IoU) on a person box, and on no one else, is theirs alone. */
    private static final double LONE_BLOB_IOU = 0.5;
    /** A box reaching this close to the frame's top or bottom may be cut: its height says nothing. */
    private static final double FRAME_EDGE = 0.01;
    /** Motion reaching the bottom edge may have feet below it: searched at the sizes its box allows. */
    private static final double BOTTOM_EDGE = 0.98;
    /** Feet rows tried, upwards from a blob's bottom, for the highest a whole person in it can stand on. */
    private static final double FEET_ROW_STEP = 0.005;

    private final PersonSettings personSettings;
    private final PersonDetector personDetector;
    private final AtomicLong ids;
    private final PersonHeights heights;
    private final PersonExtent extent;
    private final MultiObjectTracker people;
    private final MultiObjectTracker objects;
    /** People reported so far (a set of track ids), and per object track its searches in a row that found no one. */
    private final TrackIdMap reportedPeople = new TrackIdMap();
    private final TrackIdMap searchesWithoutPerson = new TrackIdMap();
    /** When each person track was last looked at, and each object track last searched for people. */
    private final TrackIdMap lastLookedAtMs = new TrackIdMap();
    private final TrackIdMap lastSearchedMs = new TrackIdMap();
    // the work of one update, kept across frames
    private final List<TrackedObject> out = new ArrayList<>();
    /** What {@link #drainFinished()}, {@link #finishAll()} and {@link #snapshots} answer, filled again by each. */
    private final List<FinishedTrack> reported = new ArrayList<>();
    private final BoxList personBoxes = new BoxList();
    private final BoxList other = new BoxList();
    private final MultiObjectTracker.LiveTracks livePeople = new MultiObjectTracker.LiveTracks();
    private final MultiObjectTracker.LiveTracks liveObjects = new MultiObjectTracker.LiveTracks();
    private final LongPredicate live = id -> livePeople.indexOf(id) >= 0 || liveObjects.indexOf(id) >= 0;
    /** The people looked at this frame (a set of track ids). */
    private final TrackIdMap lookedAt = new TrackIdMap();
    private final LongPredicate lookedAtThisFrame = lookedAt::contains;
    private final PersonDetector.Searches searches = new PersonDetector.Searches();
    private final PersonDetector.Found detected = new PersonDetector.Found();
    /** The people the model saw weakly this frame ({@link PersonSettings#weakEvidenceMargin()}), and per object track its weak looks. */
    private final PersonDetector.Found weaklySeen = new PersonDetector.Found();
    private final TrackIdMap weakLooks = new TrackIdMap();
    private final BoxList found = new BoxList();
    private final BoxList confirmed = new BoxList();
    /** Per motion blob: searched as a group's this frame. */
    private boolean[] groupBlob = new boolean[16];
    /** Object tracks searched for people this frame, and the blob each was searched in. */
    private long[] searchedObjects = new long[16];
    private int[] searchedBlobs = new int[16];
    private int searchedCount;
    /** When each person's blob was last searched for others walking with them. */
    private final TrackIdMap lastGroupSearchMs = new TrackIdMap();
    private long frameSearches;
    private long lastPersonDetectNanos = -1;
    private boolean peoplePaused;

    public SceneTracker(SceneSettings settings) {
        this(settings, new AtomicLong(1), new PersonHeights(), new PersonExtent());
    }

    /**
     * A tracker with new settings for the camera {@code before} followed (whose tracks have ended): it goes on
     * numbering tracks where {@code before} stopped, and keeps what the camera has shown of its people (how tall
     * they are at each row, where they lie in the person model's boxes).
     */
    public SceneTracker(SceneSettings settings, SceneTracker before) {
        this(settings, before.ids, before.heights, before.extent);
    }

    private SceneTracker(SceneSettings settings, AtomicLong ids, PersonHeights heights, PersonExtent extent) {
        this.ids = ids;
        this.heights = heights;
        this.extent = extent;
        this.personSettings = settings.personDetection();
        this.personDetector = personSettings.enabled() ? new PersonDetector(personSettings) : null;
        this.people = new MultiObjectTracker(settings.people(), ObjectKind.PERSON, ids::getAndIncrement);
        this.objects = new MultiObjectTracker(settings.objects(), ObjectKind.OBJECT, ids::getAndIncrement);
    }

    /**
     * Feeds one analysed frame and its motion; answers the confirmed people and objects in it. The answer, and the
     * objects in it, are this tracker's own, filled again by its next update; copy what is to be kept.
     */
    public List<TrackedObject> update(LumaFrame luma, MotionResult motion) {
        BoxList moving = motion.calibrating() ? BoxList.empty() : motion.boxes();
        out.clear();

        long t = luma.captureTimeMs();
        if (personDetector != null && !peoplePaused) {
            lookForPeople(luma, moving, t);
        } else {
            lastPersonDetectNanos = -1;
            // no detector this frame: the people followed go on by their own motion (or are missed)
            List<TrackedObject> followed = people.update(BoxList.empty(), moving, t);
            for (int i = 0; i < followed.size(); i++) out.add(fitted(continuing(followed.get(i))));
        }

        // motion not explained by the people followed is other objects', or the part of it beside them
        people.liveBoxes(personBoxes);
        other.clear();
        for (int i = 0; i < moving.size(); i++) {
            if (MultiObjectTracker.coveredShare(moving.x(i), moving.y(i), moving.width(i), moving.height(i), personBoxes) >= EXPLAINED_BY_PEOPLE) {
                continue;
            }
            addBeside(moving, i, personBoxes);
        }
        List<TrackedObject> moved = objects.update(other, t);
        for (int i = 0; i < moved.size(); i++) out.add(moved.get(i)); // (addAll would copy the list into an array)
        return out;
    }

    /**
     * Runs the person detector where it is due: over each person followed, at their own size and place, every
     * {@link PersonSettings#knownPeopleIntervalMs()} (a person not yet confirmed, or missed at their last look, every
     * frame), and over their motion blob when it is larger than them, for others of their size, every
     * {@link PersonSettings#groupSearchIntervalMs()}; over each moving object not explained by people, at the sizes
     * its box allows, every {@link PersonSettings#newMotionIntervalMs()} (new motion at once, settled objects such as
     * a car rarely). Updates the people tracks with what it finds; a person not looked at this frame goes on by their
     * motion.
     */
    private void lookForPeople(LumaFrame luma, BoxList moving, long t) {
        int frameHeight = luma.height();
        searches.clear();
        lookedAt.clear();
        if (groupBlob.length < moving.size()) groupBlob = new boolean[Math.max(moving.size(), 2 * groupBlob.length)];
        Arrays.fill(groupBlob, 0, moving.size(), false);
        people.liveTracks(livePeople);
        objects.liveTracks(liveObjects);
        forgetEnded();
        BoxList followed = livePeople.boxes();
        for (int p = 0; p < livePeople.size(); p++) {
            long id = livePeople.id(p);
            double px = followed.x(p), py = followed.y(p), pw = followed.width(p), ph = followed.height(p);
            // a person missed at their last look is looked at again at once: the detector flickers
            if (livePeople.confirmed(p) && !livePeople.missed(p) && !due(lastLookedAtMs, id, personSettings.knownPeopleIntervalMs(), t)) continue;
            searchOfPerson(px, py, pw, ph, py, ph, frameHeight);
            lookedAt.put(id, 1);
            lastLookedAtMs.put(id, t);
            // their blob, if it is larger than them, may hold others walking with them, of about their size
            if (!due(lastGroupSearchMs, id, personSettings.groupSearchIntervalMs(), t)) continue;
            for (int m = 0; m < moving.size(); m++) {
                if (MultiObjectTracker.intersection(moving.x(m), moving.y(m), moving.width(m), moving.height(m), px, py, pw, ph) >= OWN_BLOB_COVER * (pw * ph)
                        && (moving.width(m) > GROUP_SIZE_RATIO * pw || moving.height(m) > GROUP_SIZE_RATIO * ph)
                        && !groupBlob[m]) {
                    groupBlob[m] = true;
                    lastGroupSearchMs.put(id, t);
                    searchOfPerson(moving.x(m), moving.y(m), moving.width(m), moving.height(m), py, ph, frameHeight);
                }
            }
        }
        // motion not explained by people: new motion at once, a known object's at its own pace
        searchedCount = 0;
        boolean recheckSettledNow = frameSearches++ % RECHECK_OBJECT_SEARCHES == 0;
        for (int m = 0; m < moving.size(); m++) {
            double mx = moving.x(m), my = moving.y(m), mw = moving.width(m), mh = moving.height(m);
            if (groupBlob[m] || MultiObjectTracker.coveredShare(mx, my, mw, mh, followed) >= EXPLAINED_BY_PEOPLE) continue;
            long object = objectMoving(mx, my, mw, mh, liveObjects);
            if (object != NO_TRACK) {
                if (searchedObject(object)) continue;
                boolean settled = searchesWithoutPerson.get(object, 0) >= SETTLED_OBJECT_SEARCHES;
                if (settled && !recheckSettledNow) continue;
                if (!settled && !due(lastSearchedMs, object, personSettings.newMotionIntervalMs(), t)) continue;
                lastSearchedMs.put(object, t);
                addSearchedObject(object, m);
                searchOfMotion(mx, my, mw, mh, frameHeight);
                searches.wantWeak();
                continue;
            }
            searchOfMotion(mx, my, mw, mh, frameHeight);
        }
        found.clear();
        if (searches.size() == 0) {
            lastPersonDetectNanos = -1;
        } else {
            long t0 = System.nanoTime();
            // the weak evidence is read for the objects searched alone
            personDetector.detect(luma, searches, detected, searchedCount > 0 ? weaklySeen : null);
            lastPersonDetectNanos = System.nanoTime() - t0;
            confirmed.clear();
            for (int p = 0; p < livePeople.size(); p++) if (livePeople.confirmed(p)) confirmed.add(followed, p);
            BoxList d = detected.boxes();
            for (int i = 0; i < d.size(); i++) {
                if (MultiObjectTracker.coveredShare(d.x(i), d.y(i), d.width(i), d.height(i), moving) >= personSettings.minMotionCoverFraction()
                        || bestIou(d, i, followed) >= SAME_PERSON_IOU) {
                    found.add(d, i);
                    learnHeight(d, i);
                    learnExtent(d, i, moving, followed);
                }
            }
        }
        for (int k = 0; k < searchedCount; k++) {
            int m = searchedBlobs[k];
            boolean person = false;
            for (int f = 0; f < found.size(); f++) {
                person |= MultiObjectTracker.intersection(moving.x(m), moving.y(m), moving.width(m), moving.height(m),
                        found.x(f), found.y(f), found.width(f), found.height(f)) > 0;
            }
            long object = searchedObjects[k];
            // seen weakly also counts as someone there: a moving object the model keeps nearly seeing is searched often
            boolean weakHit = seenWeakly(moving, m);
            if (weakHit) {
                long looks = weakLooks.get(object, 0) + 1;
                weakLooks.put(object, looks);
                if (looks == WEAK_LOOKS_FOR_PERSON) objects.markKind(object, ObjectKind.PERSON);
            }
            searchesWithoutPerson.put(object, person || weakHit ? 0 : searchesWithoutPerson.get(object, 0) + 1);
        }
        List<TrackedObject> seen = people.update(found, moving, t, lookedAtThisFrame);
        for (int i = 0; i < seen.size(); i++) out.add(fitted(continuing(seen.get(i))));
    }

    /**
     * Whether the model saw someone weakly in motion blob {@code m}: a person box of its weak evidence, not on anyone
     * it found, lying mostly inside the blob and about as tall as it.
     */
    private boolean seenWeakly(BoxList moving, int m) {
        double bx = moving.x(m), by = moving.y(m), bw = moving.width(m), bh = moving.height(m);
        BoxList weak = weaklySeen.boxes();
        for (int f = 0; f < weak.size(); f++) {
            double wx = weak.x(f), wy = weak.y(f), ww = weak.width(f), wh = weak.height(f);
            if (MultiObjectTracker.intersection(bx, by, bw, bh, wx, wy, ww, wh) >= WEAK_PERSON_INSIDE_BLOB * ww * wh
                    && wh >= WEAK_PERSON_HEIGHT_OF_BLOB * bh && wh * WEAK_PERSON_HEIGHT_OF_BLOB <= bh
                    && bestIou(weak, f, found) < SAME_PERSON_IOU) {
                return true;
            }
        }
        return false;
    }

    private boolean searchedObject(long object) {
        for (int k = 0; k < searchedCount; k++) if (searchedObjects[k] == object) return true;
        return false;
    }

    private void addSearchedObject(long object, int blob) {
        if (searchedCount == searchedObjects.length) {
            searchedObjects = Arrays.copyOf(searchedObjects, 2 * searchedCount);
            searchedBlobs = Arrays.copyOf(searchedBlobs, 2 * searchedCount);
        }
        searchedObjects[searchedCount] = object;
        searchedBlobs[searchedCount] = blob;
        searchedCount++;
    }

    /**
     * The search of a person followed (top {@code personY}, {@code personHeight} tall), in a region (their own box,
     * or a blob larger than them that may hold others of their size): once the scene has shown how tall people are
     * where they stand ({@link PersonHeights}), from the smaller to the larger of their own height and the predicted
     * one, a few deviations of the prediction either side; before that, within a fixed ratio of their own height.
     */
    private void searchOfPerson(double x, double y, double w, double h, double personY, double personHeight, int frameHeight) {
        double predicted = predictedHeight(personY, personHeight);
        if (Double.isNaN(predicted)) {
            searches.addGroupWith(x, y, w, h, personHeight, frameHeight, personSettings);
            return;
        }
        double band = predictedBand();
        double own = personHeight, p = predicted;
        searches.addPredictedPerson(x, y, w, h, Math.min(own, p) / band * frameHeight,
                Math.max(own, p) * band * frameHeight, personSettings.knownPersonMarginPerHeight() * own * frameHeight);
    }

    /**
     * The search of a moving object for people: once the scene's heights are known, at the sizes a person wholly
     * inside the blob can have there (feet at the blob's bottom at most, head at its top at least; a blob shorter
     * than a person, at the size of one standing on its bottom), the region grown to hold them; before that, at the
     * sizes the blob's own box allows. The margin is never less than the blob's own.
     */
    private void searchOfMotion(double x, double y, double w, double h, int frameHeight) {
        double atBottom = predictedHeight(y, h);
        if (Double.isNaN(atBottom)) {
            searches.addMovingObject(x, y, w, h, frameHeight, personSettings);
            return;
        }
        double bottom = y + h;
        double tallest = atBottom, shortest = tallest;
        for (double feet = bottom - FEET_ROW_STEP; feet > y; feet -= FEET_ROW_STEP) {
            double height = heights.heightOrNaN(feet);
            if (Double.isNaN(height) || feet - height < y) break;
            shortest = height;
        }
        double band = predictedBand();
        double margin = Math.max(personSettings.knownPersonMarginPerHeight() * shortest, personSettings.regionMarginPerHeight() * h);
        if (h >= tallest) {
            searches.addPredictedPerson(x, y, w, h, shortest / band * frameHeight, tallest * band * frameHeight, margin * frameHeight);
            return;
        }
        // the blob grown upwards to hold someone that tall standing on its bottom (as NormalizedBox.union makes it)
        double standX = x + w / 2, standY = bottom - tallest;
        double left = Math.min(x, standX), top = Math.min(y, standY);
        searches.addPredictedPerson(left, top, Math.max(x + w, standX + 0) - left, Math.max(bottom, standY + tallest) - top,
                shortest / band * frameHeight, tallest * band * frameHeight, margin * frameHeight);
    }

    /** The height the scene predicts for someone standing on the bottom of a box, unless cut by the frame's edge; NaN if none. */
    private double predictedHeight(double y, double height) {
        double bottom = y + height;
        if (personSettings.predictedSizeDeviations() == 0 || bottom > BOTTOM_EDGE || y < FRAME_EDGE) return Double.NaN;
        return heights.heightOrNaN(bottom);
    }

    private double predictedBand() {
        return 1 + personSettings.predictedSizeDeviations() * heights.relativeSpread();
    }

    /**
     * Teaches the scene's heights from person box {@code i} of {@code boxes}, found on a confirmed person. Boxes the
     * frame's edge may cut say nothing of a height.
     */
    private void learnHeight(BoxList boxes, int i) {
        double bottom = boxes.bottom(i);
        if (boxes.y(i) > FRAME_EDGE && bottom < 1 - FRAME_EDGE && bestIou(boxes, i, confirmed) >= HEIGHT_SAMPLE_IOU) {
            heights.observe(bottom, boxes.height(i));
        }
    }

    /**
     * Teaches where people's heads and feet lie in the person model's boxes from person box {@code i} of
     * {@code boxes} (what the model found this frame), on a confirmed person alone in their motion blob: the one
     * blob it overlaps, about its size (IoU), overlapping no one else followed or found, neither cut by the frame's
     * edge.
     */
    private void learnExtent(BoxList boxes, int i, BoxList moving, BoxList followed) {
        double bx = boxes.x(i), by = boxes.y(i), bw = boxes.width(i), bh = boxes.height(i);
        if (by <= FRAME_EDGE || boxes.bottom(i) >= 1 - FRAME_EDGE || bestIou(boxes, i, confirmed) < HEIGHT_SAMPLE_IOU) return;
        int own = -1;
        for (int m = 0; m < moving.size(); m++) {
            if (MultiObjectTracker.intersection(moving.x(m), moving.y(m), moving.width(m), moving.height(m), bx, by, bw, bh) <= 0) continue;
            if (own >= 0) return;
            own = m;
        }
        if (own < 0) return;
        double ox = moving.x(own), oy = moving.y(own), ow = moving.width(own), oh = moving.height(own);
        if (oy <= FRAME_EDGE || moving.bottom(own) >= 1 - FRAME_EDGE || MultiObjectTracker.iou(ox, oy, ow, oh, bx, by, bw, bh) < LONE_BLOB_IOU) {
            return;
        }
        for (int f = 0; f < followed.size(); f++) {
            double fx = followed.x(f), fy = followed.y(f), fw = followed.width(f), fh = followed.height(f);
            if (MultiObjectTracker.iou(fx, fy, fw, fh, bx, by, bw, bh) < SAME_PERSON_IOU
                    && MultiObjectTracker.intersection(fx, fy, fw, fh, ox, oy, ow, oh) > 0) {
                return;
            }
        }
        for (int d = 0; d < boxes.size(); d++) {
            if (d != i && MultiObjectTracker.intersection(boxes.x(d), boxes.y(d), boxes.width(d), boxes.height(d), ox, oy, ow, oh) > 0) return;
        }
        extent.observe(by, bh, oy, oh);
    }

    /**
     * A person reported: their box fitted to where people's heads and feet lie in the person model's boxes (the
     * person's own object, filled again).
     */
    private TrackedObject fitted(TrackedObject person) {
        if (!extent.fitting()) return person;
        person.set(person.trackId(), person.x(), extent.fittedTop(person.y(), person.height()), person.width(),
                extent.fittedHeight(person.height()), person.observed(), person.kind());
        return person;
    }

    /**
     * A person track reported, every box fitted as above: the people tracker's report itself, its boxes read fitted
     * in place (as the track is).
     */
    private FinishedTrack fitted(FinishedTrack person) {
        if (!extent.fitting()) return person;
        if (person.boxes() instanceof HistoryView boxes) {
            // a box at top 0, height 1 fitted: where the fit moves the top, and how it scales the height
            boxes.fit(extent.fittedTop(0, 1), extent.fittedHeight(1));
            return person;
        }
        List<TimedBox> boxes = new ArrayList<>(person.boxes().size());
        for (TimedBox b : person.boxes()) boxes.add(new TimedBox(b.timeMs(), extent.fit(b.box())));
        return new FinishedTrack(person.trackId(), boxes, person.moved(), person.kind());
    }

    /** {@code people} fitted, then {@code objects}, into {@link #reported} (emptied first). */
    private List<FinishedTrack> reported(List<FinishedTrack> people, List<FinishedTrack> objects) {
        reported.clear();
        for (int i = 0; i < people.size(); i++) reported.add(fitted(people.get(i)));
        for (int i = 0; i < objects.size(); i++) reported.add(objects.get(i));
        return reported;
    }

    /** The object track (as of the last frame) whose motion the box (x, y, w, h) is, if any; else {@link MultiObjectTracker#NO_TRACK}. */
    private static long objectMoving(double x, double y, double w, double h, MultiObjectTracker.LiveTracks objects) {
        long best = NO_TRACK;
        double bestIou = OBJECT_MOTION_IOU;
        BoxList boxes = objects.boxes();
        for (int o = 0; o < objects.size(); o++) {
            double iou = MultiObjectTracker.iou(x, y, w, h, boxes.x(o), boxes.y(o), boxes.width(o), boxes.height(o));
            if (iou >= bestIou) {
                bestIou = iou;
                best = objects.id(o);
            }
        }
        return best;
    }

    /** Drops what is kept per track for tracks no longer live (tentative ones end without being reported). */
    private void forgetEnded() {
        lastLookedAtMs.retainIf(live);
        lastSearchedMs.retainIf(live);
        lastGroupSearchMs.retainIf(live);
        searchesWithoutPerson.retainIf(live);
        weakLooks.retainIf(live);
    }

    /** Whether the track {@code id} was last looked at {@code intervalMs} or longer ago (or never); a clock gone back too. */
    private static boolean due(TrackIdMap lastMs, long id, long intervalMs, long t) {
        if (!lastMs.contains(id)) return true;
        long last = lastMs.get(id, 0);
        return t - last >= intervalMs || t < last;
    }

    /**
     * A person reported for the first time who is what an object track has followed so far (someone walking in
     * from the frame's edge is a blob before the detector sees a whole person) continues that track: same id,
     * its history first, now a person.
     */
    private TrackedObject continuing(TrackedObject person) {
        if (reportedPeople.contains(person.trackId())) return person;
        reportedPeople.put(person.trackId(), 1);
        int parts = objects.partsOf(person.x(), person.y(), person.width(), person.height(), SAME_OBJECT_IOU,
                SAME_OBJECT_MAX_AREA_RATIO, FRAGMENT_INSIDE);
        if (parts == 0) return person;
        long id = objects.part(0);
        // other fragments of the same person end unreported: they were never objects of their own
        for (int i = 1; i < parts; i++) {
            long fragment = objects.part(i);
            objects.handOver(fragment);
            searchesWithoutPerson.remove(fragment);
        }
        people.continueAs(person.trackId(), id, objects.handOver(id));
        searchesWithoutPerson.remove(id);
        reportedPeople.remove(person.trackId());
        reportedPeople.put(id, 1);
        // the person's own object, as the tracker reports them (it is theirs, under the id they go on with)
        person.set(id, person.x(), person.y(), person.width(), person.height(), person.observed(), person.kind());
        return person;
    }

    /**
     * Tracks that ended since the last call: this tracker's own list, filled again by the next call; the tracks in it
     * are read in place until the next frame (see {@link FinishedTrack}).
     */
    public List<FinishedTrack> drainFinished() {
        List<FinishedTrack> endedPeople = people.drainFinished(), endedObjects = objects.drainFinished();
        reported.clear();
        for (int i = 0; i < endedPeople.size(); i++) {
            FinishedTrack person = endedPeople.get(i);
            reportedPeople.remove(person.trackId());
            if (!person.moved() || !continuedByMotion(person)) reported.add(fitted(person));
        }
        for (int i = 0; i < endedObjects.size(); i++) {
            searchesWithoutPerson.remove(endedObjects.get(i).trackId());
            reported.add(endedObjects.get(i));
        }
        return reported;
    }

    /**
     * Whether an object track on the motion where {@code person} was last seen takes them over (same id, still a
     * person): a track's kind does not flip back with the person model's doubts, and the person keeps one id.
     */
    private boolean continuedByMotion(FinishedTrack person) {
        int last = person.boxes().size() - 1;
        long lastMs = person.timeMs(last);
        // how they were moving over their last second
        int before = last;
        for (int i = last; i >= 0 && lastMs - person.timeMs(i) <= HEADING_WINDOW_MS; i--) before = i;
        long span = Math.max(1, lastMs - person.timeMs(before));
        double vx = (centre(person.x(last), person.width(last)) - centre(person.x(before), person.width(before))) / span;
        double vy = (centre(person.y(last), person.height(last)) - centre(person.y(before), person.height(before))) / span;
        long object = objects.bornNear(person.x(last), person.y(last), person.width(last), person.height(last), lastMs, vx, vy,
                lastMs - HANDOVER_BEFORE_MS, lastMs + HANDOVER_AFTER_MS, HANDOVER_MIN_IOU);
        if (object == NO_TRACK) return false;
        objects.continueTrack(object, person.trackId(), fitted(person).boxes(), ObjectKind.PERSON);
        searchesWithoutPerson.remove(object);
        return true;
    }

    /** Ends every track (the stream ended) and answers all tracks finished since the last call (as {@link #drainFinished()}). */
    public List<FinishedTrack> finishAll() {
        List<FinishedTrack> endedPeople = people.finishAll();
        reportedPeople.clear();
        searchesWithoutPerson.clear();
        weakLooks.clear();
        lastLookedAtMs.clear();
        lastSearchedMs.clear();
        lastGroupSearchMs.clear();
        return reported(endedPeople, objects.finishAll());
    }

    /** See {@link MultiObjectTracker#snapshots(long, long)}: this tracker's own list, as {@link #drainFinished()}'s. */
    public List<FinishedTrack> snapshots(long intervalMs, long nowMs) {
        return reported(people.snapshots(intervalMs, nowMs), objects.snapshots(intervalMs, nowMs));
    }

    private static double centre(double start, double extent) {
        return start + extent / 2;
    }

    /**
     * Pauses (or resumes) the person detector, the costliest step, for a camera whose analysis falls behind:
     * while paused, people already followed go on by their own motion and everything new is an object.
     */
    public void pausePeople(boolean paused) {
        this.peoplePaused = paused;
    }

    /** How long the person detector took on the last frame, or -1 if it did not run on it. */
    public long lastPersonDetectNanos() {
        return lastPersonDetectNanos;
    }

    /**
     * The part of motion blob {@code i} that is not the people overlapping it, added to {@link #other}: a person
     * walking past a car makes one blob of both. Each person takes the largest side of the blob left beside them;
     * nothing is added when what is left is too small to be anything but the people's own motion (a swinging arm, a
     * shadow).
     */
    private void addBeside(BoxList blobs, int i, BoxList people) {
        // what is left, as x, y, width, height (a NormalizedBox as numbers: right = x + width)
        double rx = blobs.x(i), ry = blobs.y(i), rw = blobs.width(i), rh = blobs.height(i);
        boolean cut = false;
        double smallestPerson = Double.MAX_VALUE;
        for (int p = 0; p < people.size(); p++) {
            double px = people.x(p), py = people.y(p), pw = people.width(p), ph = people.height(p);
            if (MultiObjectTracker.intersection(rx, ry, rw, rh, px, py, pw, ph) <= 0) continue;
            smallestPerson = Math.min(smallestPerson, pw * ph);
            double right = rx + rw, bottom = ry + rh;
            // the four sides of the blob beside the person: left, right, above, below; the largest stays
            sides = 0;
            side(rx, ry, rw, rh, rx, ry, px, bottom);
            side(rx, ry, rw, rh, px + pw, ry, right, bottom);
            side(rx, ry, rw, rh, rx, ry, right, py);
            side(rx, ry, rw, rh, rx, py + ph, right, bottom);
            if (sides == 0) return;
            rx = sideX;
            ry = sideY;
            rw = sideW;
            rh = sideH;
            cut = true;
        }
        if (!cut) {
            other.add(blobs, i);
        } else if (rw * rh >= MIN_REMAINDER_OF_PERSON * smallestPerson) {
            other.add(rx, ry, rw, rh);
        }
    }

    /** Sides of a blob tried beside one person, and the largest so far. */
    private int sides;
    private double sideX;
    private double sideY;
    private double sideW;
    private double sideH;

    /** The part of the box (x, y, w, h) within [x0, x1] × [y0, y1], if not empty, kept if the largest side so far. */
    private void side(double x, double y, double w, double h, double x0, double y0, double x1, double y1) {
        double l = Math.max(x, x0), t = Math.max(y, y0), r = Math.min(x + w, x1), b = Math.min(y + h, y1);
        if (!(r > l && b > t)) return;
        double sw = r - l, sh = b - t;
        if (sides == 0 || sw * sh > sideW * sideH) {
            sideX = l;
            sideY = t;
            sideW = sw;
            sideH = sh;
        }
        sides++;
    }


    /** The largest IoU of box {@code i} of {@code boxes} with any of {@code others}. */
    private static double bestIou(BoxList boxes, int i, BoxList others) {
        double best = 0;
        for (int o = 0; o < others.size(); o++) {
            best = Math.max(best, MultiObjectTracker.iou(boxes.x(i), boxes.y(i), boxes.width(i), boxes.height(i),
                    others.x(o), others.y(o), others.width(o), others.height(o)));
        }
        return best;
    }

    @Override
    public void close() {
        if (personDetector != null) personDetector.close();
    }
}
