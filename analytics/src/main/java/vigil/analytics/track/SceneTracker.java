package vigil.analytics.track;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import vigil.analytics.LumaFrame;
import vigil.analytics.detect.PersonDetector;
import vigil.analytics.detect.PersonExtent;
import vigil.analytics.detect.PersonHeights;
import vigil.analytics.detect.PersonSettings;
import vigil.analytics.motion.BoxList;
import vigil.analytics.motion.MotionResult;
import vigil.analytics.motion.NormalizedBox;

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
    private final Set<Long> reportedPeople = new HashSet<>();
    private final Map<Long, Integer> searchesWithoutPerson = new HashMap<>();
    /** When each person track was last looked at, and each object track last searched for people. */
    private final Map<Long, Long> lastLookedAtMs = new HashMap<>();
    private final Map<Long, Long> lastSearchedMs = new HashMap<>();
    // the work of one update, kept across frames
    private final List<TrackedObject> out = new ArrayList<>();
    private final BoxList personBoxes = new BoxList();
    private final BoxList other = new BoxList();
    /** When each person's blob was last searched for others walking with them. */
    private final Map<Long, Long> lastGroupSearchMs = new HashMap<>();
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
            out.addAll(lookForPeople(luma, moving.toList(), t));
        } else {
            lastPersonDetectNanos = -1;
            // no detector this frame: the people followed go on by their own motion (or are missed)
            List<TrackedObject> followed = people.update(BoxList.empty(), moving, t);
            for (int i = 0; i < followed.size(); i++) out.add(fitted(continuing(followed.get(i))));
        }

        // motion not explained by the people followed is other objects', or the part of it beside them
        people.liveBoxes(personBoxes);
        List<NormalizedBox> personList = personBoxes.isEmpty() ? List.of() : personBoxes.toList();
        other.clear();
        for (int i = 0; i < moving.size(); i++) {
            if (personBoxes.isEmpty()) {
                other.add(moving, i);
                continue;
            }
            NormalizedBox m = moving.get(i);
            if (coveredShare(m, personList) >= EXPLAINED_BY_PEOPLE) continue;
            NormalizedBox rest = beside(m, personList);
            if (rest != null) other.add(rest);
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
    private List<TrackedObject> lookForPeople(LumaFrame luma, List<NormalizedBox> moving, long t) {
        int frameHeight = luma.height();
        List<PersonDetector.Search> searches = new ArrayList<>();
        Set<Long> lookedAt = new HashSet<>();
        Set<NormalizedBox> groupBlobs = Collections.newSetFromMap(new IdentityHashMap<>());
        List<NormalizedBox> followed = new ArrayList<>();
        List<MultiObjectTracker.LiveTrack> livePeople = people.liveTracks(), liveObjects = objects.liveTracks();
        forgetEnded(livePeople, liveObjects);
        for (MultiObjectTracker.LiveTrack p : livePeople) {
            followed.add(p.box());
            // a person missed at their last look is looked at again at once: the detector flickers
            if (p.confirmed() && !p.missed() && !due(lastLookedAtMs, p.id(), personSettings.knownPeopleIntervalMs(), t)) continue;
            searches.add(searchOfPerson(p.box(), p.box(), frameHeight));
            lookedAt.add(p.id());
            lastLookedAtMs.put(p.id(), t);
            // their blob, if it is larger than them, may hold others walking with them, of about their size
            if (!due(lastGroupSearchMs, p.id(), personSettings.groupSearchIntervalMs(), t)) continue;
            for (NormalizedBox m : moving) {
                if (MultiObjectTracker.intersection(m, p.box()) >= OWN_BLOB_COVER * p.box().area()
                        && (m.width() > GROUP_SIZE_RATIO * p.box().width() || m.height() > GROUP_SIZE_RATIO * p.box().height())
                        && groupBlobs.add(m)) {
                    lastGroupSearchMs.put(p.id(), t);
                    searches.add(searchOfPerson(m, p.box(), frameHeight));
                }
            }
        }
        // motion not explained by people: new motion at once, a known object's at its own pace
        Map<Long, NormalizedBox> objectsSearched = new HashMap<>();
        boolean recheckSettledNow = frameSearches++ % RECHECK_OBJECT_SEARCHES == 0;
        for (NormalizedBox m : moving) {
            if (groupBlobs.contains(m) || coveredShare(m, followed) >= EXPLAINED_BY_PEOPLE) continue;
            Long object = objectMoving(m, liveObjects);
            if (object != null) {
                if (objectsSearched.containsKey(object)) continue;
                boolean settled = searchesWithoutPerson.getOrDefault(object, 0) >= SETTLED_OBJECT_SEARCHES;
                if (settled && !recheckSettledNow) continue;
                if (!settled && !due(lastSearchedMs, object, personSettings.newMotionIntervalMs(), t)) continue;
                lastSearchedMs.put(object, t);
                objectsSearched.put(object, m);
            }
            searches.add(searchOfMotion(m, frameHeight));
        }
        List<NormalizedBox> found = new ArrayList<>();
        if (searches.isEmpty()) {
            lastPersonDetectNanos = -1;
        } else {
            long t0 = System.nanoTime();
            List<PersonDetector.Person> detected = personDetector.detect(luma, searches);
            lastPersonDetectNanos = System.nanoTime() - t0;
            List<NormalizedBox> confirmed = new ArrayList<>();
            for (MultiObjectTracker.LiveTrack p : livePeople) if (p.confirmed()) confirmed.add(p.box());
            for (PersonDetector.Person p : detected) {
                if (coveredShare(p.box(), moving) >= personSettings.minMotionCoverFraction()
                        || bestIou(p.box(), followed) >= SAME_PERSON_IOU) {
                    found.add(p.box());
                    learnHeight(p.box(), confirmed);
                    learnExtent(p.box(), confirmed, moving, followed, detected);
                }
            }
        }
        for (Map.Entry<Long, NormalizedBox> searched : objectsSearched.entrySet()) {
            boolean person = false;
            for (NormalizedBox p : found) person |= MultiObjectTracker.intersection(searched.getValue(), p) > 0;
            long object = searched.getKey();
            searchesWithoutPerson.put(object, person ? 0 : searchesWithoutPerson.getOrDefault(object, 0) + 1);
        }
        List<TrackedObject> out = new ArrayList<>();
        for (TrackedObject p : people.update(found, moving, t, lookedAt::contains)) out.add(fitted(continuing(p)));
        return out;
    }

    /**
     * The search of a person followed ({@code person}), in {@code region} (their own box, or a blob larger than them
     * that may hold others of their size): once the scene has shown how tall people are where they stand
     * ({@link PersonHeights}), from the smaller to the larger of their own height and the predicted one, a few
     * deviations of the prediction either side; before that, within a fixed ratio of their own height.
     */
    private PersonDetector.Search searchOfPerson(NormalizedBox region, NormalizedBox person, int frameHeight) {
        OptionalDouble predicted = predictedHeight(person);
        if (predicted.isEmpty()) return PersonDetector.Search.groupWith(region, person, frameHeight, personSettings);
        double band = predictedBand();
        double own = person.height(), p = predicted.getAsDouble();
        return PersonDetector.Search.predictedPerson(region, Math.min(own, p) / band * frameHeight,
                Math.max(own, p) * band * frameHeight, personSettings.knownPersonMarginPerHeight() * own * frameHeight);
    }

    /**
     * The search of a moving object for people: once the scene's heights are known, at the sizes a person wholly
     * inside the blob can have there (feet at the blob's bottom at most, head at its top at least; a blob shorter
     * than a person, at the size of one standing on its bottom), the region grown to hold them; before that, at the
     * sizes the blob's own box allows. The margin is never less than the blob's own.
     */
    private PersonDetector.Search searchOfMotion(NormalizedBox m, int frameHeight) {
        OptionalDouble atBottom = predictedHeight(m);
        if (atBottom.isEmpty()) return PersonDetector.Search.movingObject(m, frameHeight, personSettings);
        double tallest = atBottom.getAsDouble(), shortest = tallest;
        for (double feet = m.bottom() - FEET_ROW_STEP; feet > m.y(); feet -= FEET_ROW_STEP) {
            OptionalDouble h = heights.heightAt(feet);
            if (h.isEmpty() || feet - h.getAsDouble() < m.y()) break;
            shortest = h.getAsDouble();
        }
        double band = predictedBand();
        NormalizedBox region = m.height() >= tallest ? m : m.union(new NormalizedBox(m.centreX(), m.bottom() - tallest, 0, tallest));
        double margin = Math.max(personSettings.knownPersonMarginPerHeight() * shortest, personSettings.regionMarginPerHeight() * m.height());
        return PersonDetector.Search.predictedPerson(region, shortest / band * frameHeight, tallest * band * frameHeight,
                margin * frameHeight);
    }

    /** The height the scene predicts for someone standing on the bottom of {@code box}, unless cut by the frame's edge. */
    private OptionalDouble predictedHeight(NormalizedBox box) {
        if (personSettings.predictedSizeDeviations() == 0 || box.bottom() > BOTTOM_EDGE || box.y() < FRAME_EDGE) {
            return OptionalDouble.empty();
        }
        return heights.heightAt(box.bottom());
    }

    private double predictedBand() {
        return 1 + personSettings.predictedSizeDeviations() * heights.relativeSpread();
    }

    /**
     * Teaches the scene's heights from a person box the detector found on a confirmed person. Boxes the frame's edge
     * may cut say nothing of a height.
     */
    private void learnHeight(NormalizedBox b, List<NormalizedBox> confirmed) {
        if (b.y() > FRAME_EDGE && b.bottom() < 1 - FRAME_EDGE && bestIou(b, confirmed) >= HEIGHT_SAMPLE_IOU) {
            heights.observe(b.bottom(), b.height());
        }
    }

    /**
     * Teaches where people's heads and feet lie in the person model's boxes from a box on a confirmed person alone in
     * their motion blob: the one blob it overlaps, about its size (IoU), overlapping no one else followed or found,
     * neither cut by the frame's edge.
     */
    private void learnExtent(NormalizedBox b, List<NormalizedBox> confirmed, List<NormalizedBox> moving,
                             List<NormalizedBox> followed, List<PersonDetector.Person> detected) {
        if (b.y() <= FRAME_EDGE || b.bottom() >= 1 - FRAME_EDGE || bestIou(b, confirmed) < HEIGHT_SAMPLE_IOU) return;
        NormalizedBox own = null;
        for (NormalizedBox m : moving) {
            if (MultiObjectTracker.intersection(m, b) <= 0) continue;
            if (own != null) return;
            own = m;
        }
        if (own == null || own.y() <= FRAME_EDGE || own.bottom() >= 1 - FRAME_EDGE || MultiObjectTracker.iou(own, b) < LONE_BLOB_IOU) {
            return;
        }
        for (NormalizedBox f : followed) {
            if (MultiObjectTracker.iou(f, b) < SAME_PERSON_IOU && MultiObjectTracker.intersection(f, own) > 0) return;
        }
        for (PersonDetector.Person d : detected) {
            if (d.box() != b && MultiObjectTracker.intersection(d.box(), own) > 0) return;
        }
        extent.observe(b, own);
    }

    /** A person reported: their box fitted to where people's heads and feet lie in the person model's boxes. */
    private TrackedObject fitted(TrackedObject person) {
        if (!extent.learned()) return person;
        NormalizedBox box = person.box(), fit = extent.fit(box);
        return fit == box ? person : new TrackedObject(person.trackId(), fit, person.observed(), person.kind());
    }

    /** A person track reported, every box fitted as above. */
    private FinishedTrack fitted(FinishedTrack person) {
        if (!extent.learned()) return person;
        List<TimedBox> boxes = new ArrayList<>(person.boxes().size());
        for (TimedBox b : person.boxes()) boxes.add(new TimedBox(b.timeMs(), extent.fit(b.box())));
        return new FinishedTrack(person.trackId(), boxes, person.moved(), person.kind());
    }

    private List<FinishedTrack> fitted(List<FinishedTrack> people) {
        if (!extent.learned()) return new ArrayList<>(people);
        List<FinishedTrack> out = new ArrayList<>(people.size());
        for (FinishedTrack p : people) out.add(fitted(p));
        return out;
    }

    /** The object track (as of the last frame) whose motion {@code m} is, if any. */
    private static Long objectMoving(NormalizedBox m, List<MultiObjectTracker.LiveTrack> objects) {
        Long best = null;
        double bestIou = OBJECT_MOTION_IOU;
        for (MultiObjectTracker.LiveTrack o : objects) {
            double iou = MultiObjectTracker.iou(m, o.box());
            if (iou >= bestIou) {
                bestIou = iou;
                best = o.id();
            }
        }
        return best;
    }

    /** Drops what is kept per track for tracks no longer live (tentative ones end without being reported). */
    private void forgetEnded(List<MultiObjectTracker.LiveTrack> livePeople, List<MultiObjectTracker.LiveTrack> liveObjects) {
        Set<Long> live = new HashSet<>();
        livePeople.forEach(p -> live.add(p.id()));
        liveObjects.forEach(o -> live.add(o.id()));
        lastLookedAtMs.keySet().retainAll(live);
        lastSearchedMs.keySet().retainAll(live);
        lastGroupSearchMs.keySet().retainAll(live);
        searchesWithoutPerson.keySet().retainAll(live);
    }

    /** Whether the track {@code id} was last looked at {@code intervalMs} or longer ago (or never); a clock gone back too. */
    private static boolean due(Map<Long, Long> lastMs, long id, long intervalMs, long t) {
        Long last = lastMs.get(id);
        return last == null || t - last >= intervalMs || t < last;
    }

    /**
     * A person reported for the first time who is what an object track has followed so far (someone walking in
     * from the frame's edge is a blob before the detector sees a whole person) continues that track: same id,
     * its history first, now a person.
     */
    private TrackedObject continuing(TrackedObject person) {
        if (!reportedPeople.add(person.trackId())) return person;
        List<Long> parts = objects.partsOf(person.box(), SAME_OBJECT_IOU, SAME_OBJECT_MAX_AREA_RATIO, FRAGMENT_INSIDE);
        if (parts.isEmpty()) return person;
        long id = parts.get(0);
        people.continueAs(person.trackId(), id, objects.handOver(id));
        searchesWithoutPerson.remove(id);
        // other fragments of the same person end unreported: they were never objects of their own
        for (int i = 1; i < parts.size(); i++) {
            objects.handOver(parts.get(i));
            searchesWithoutPerson.remove(parts.get(i));
        }
        reportedPeople.remove(person.trackId());
        reportedPeople.add(id);
        return new TrackedObject(id, person.box(), person.observed(), person.kind());
    }

    /** Tracks that ended since the last call. */
    public List<FinishedTrack> drainFinished() {
        List<FinishedTrack> endedPeople = people.drainFinished(), endedObjects = objects.drainFinished();
        if (endedPeople.isEmpty() && endedObjects.isEmpty()) return List.of();
        List<FinishedTrack> ended = new ArrayList<>();
        for (FinishedTrack person : endedPeople) {
            reportedPeople.remove(person.trackId());
            if (!person.moved() || !continuedByMotion(person)) ended.add(fitted(person));
        }
        endedObjects.forEach(t -> searchesWithoutPerson.remove(t.trackId()));
        ended.addAll(endedObjects);
        return ended;
    }

    /**
     * Whether an object track on the motion where {@code person} was last seen takes them over (same id, still a
     * person): a track's kind does not flip back with the person model's doubts, and the person keeps one id.
     */
    private boolean continuedByMotion(FinishedTrack person) {
        List<TimedBox> boxes = person.boxes();
        TimedBox last = boxes.get(boxes.size() - 1);
        // how they were moving over their last second
        TimedBox before = last;
        for (int i = boxes.size() - 1; i >= 0 && last.timeMs() - boxes.get(i).timeMs() <= HEADING_WINDOW_MS; i--) before = boxes.get(i);
        long span = Math.max(1, last.timeMs() - before.timeMs());
        double vx = (last.box().centreX() - before.box().centreX()) / span, vy = (last.box().centreY() - before.box().centreY()) / span;
        Long object = objects.bornNear(last.box(), last.timeMs(), vx, vy, last.timeMs() - HANDOVER_BEFORE_MS,
                last.timeMs() + HANDOVER_AFTER_MS, HANDOVER_MIN_IOU);
        if (object == null) return false;
        objects.continueTrack(object, person.trackId(), fitted(person).boxes(), ObjectKind.PERSON);
        searchesWithoutPerson.remove(object);
        return true;
    }

    /** Ends every track (the stream ended) and answers all tracks finished since the last call. */
    public List<FinishedTrack> finishAll() {
        List<FinishedTrack> out = fitted(people.finishAll());
        reportedPeople.clear();
        searchesWithoutPerson.clear();
        lastLookedAtMs.clear();
        lastSearchedMs.clear();
        lastGroupSearchMs.clear();
        out.addAll(objects.finishAll());
        return out;
    }

    /** See {@link MultiObjectTracker#snapshots(long, long)}. */
    public List<FinishedTrack> snapshots(long intervalMs, long nowMs) {
        List<FinishedTrack> ofPeople = people.snapshots(intervalMs, nowMs), ofObjects = objects.snapshots(intervalMs, nowMs);
        if (ofPeople.isEmpty() && ofObjects.isEmpty()) return List.of();
        List<FinishedTrack> due = fitted(ofPeople);
        due.addAll(ofObjects);
        return due;
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
     * The part of a motion blob that is not the people overlapping it: a person walking past a car makes one
     * blob of both. Each person takes the largest side of the blob left beside them; null when what is left is
     * too small to be anything but the people's own motion (a swinging arm, a shadow).
     */
    private static NormalizedBox beside(NormalizedBox blob, List<NormalizedBox> people) {
        NormalizedBox rest = blob;
        double smallestPerson = Double.MAX_VALUE;
        for (NormalizedBox p : people) {
            if (MultiObjectTracker.intersection(rest, p) <= 0) continue;
            smallestPerson = Math.min(smallestPerson, p.area());
            NormalizedBox best = null;
            for (NormalizedBox side : new NormalizedBox[] {
                    clip(rest, rest.x(), rest.y(), p.x(), rest.bottom()),
                    clip(rest, p.right(), rest.y(), rest.right(), rest.bottom()),
                    clip(rest, rest.x(), rest.y(), rest.right(), p.y()),
                    clip(rest, rest.x(), p.bottom(), rest.right(), rest.bottom())}) {
                if (side != null && (best == null || side.area() > best.area())) best = side;
            }
            if (best == null) return null;
            rest = best;
        }
        if (rest == blob) return blob;
        return rest.area() >= MIN_REMAINDER_OF_PERSON * smallestPerson ? rest : null;
    }

    /** The part of {@code box} within [x0, x1] × [y0, y1], or null if empty. */
    private static NormalizedBox clip(NormalizedBox box, double x0, double y0, double x1, double y1) {
        double l = Math.max(box.x(), x0), t = Math.max(box.y(), y0), r = Math.min(box.right(), x1), b = Math.min(box.bottom(), y1);
        return r > l && b > t ? new NormalizedBox(l, t, r - l, b - t) : null;
    }

    private static double coveredShare(NormalizedBox box, List<NormalizedBox> others) {
        return MultiObjectTracker.coveredShare(box, others);
    }

    private static double bestIou(NormalizedBox box, List<NormalizedBox> others) {
        double best = 0;
        for (NormalizedBox o : others) best = Math.max(best, MultiObjectTracker.iou(box, o));
        return best;
    }

    @Override
    public void close() {
        if (personDetector != null) personDetector.close();
    }
}
