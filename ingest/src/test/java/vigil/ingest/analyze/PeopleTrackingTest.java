package vigil.ingest.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import vigil.analytics.LumaFrame;
import vigil.analytics.detect.PersonDetector;
import vigil.analytics.detect.PersonSettings;
import vigil.analytics.eval.MotBox;
import vigil.analytics.motion.MotionDetector;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.motion.NormalizedBox;
import vigil.analytics.track.FinishedTrack;
import vigil.analytics.track.ObjectKind;
import vigil.analytics.track.SceneSettings;
import vigil.analytics.track.SceneTracker;
import vigil.analytics.track.TrackedObject;
import vigil.ingest.sim.TrackingScene;
import vigil.ingest.sim.TrackingScene.Actor;
import vigil.ingest.sim.TrackingScene.Shape;
import vigil.ingest.sim.TrackingScene.Waypoint;

/**
 * People told apart from other moving objects on generated scenes with exact truth: walkers (human
 * silhouettes swinging their legs) and a block the size of a car.
 */
class PeopleTrackingTest {

    private static final int W = 640;
    private static final int H = 360;

    /** Two walkers side by side (one motion blob), one coming the other way, a car crossing above them. */
    private static final TrackingScene SCENE = new TrackingScene("people", W, H, 220, List.of(
            new Actor(1, 52, 130, 40, List.of(new Waypoint(10, -60, 150), new Waypoint(210, 600, 165)), Shape.WALKER),
            new Actor(2, 52, 130, 45, List.of(new Waypoint(10, -118, 152), new Waypoint(210, 542, 167)), Shape.WALKER),
            new Actor(3, 48, 120, 50, List.of(new Waypoint(40, 560, 190), new Waypoint(100, 420, 190)), Shape.WALKER),
            new Actor(4, 120, 48, 205, List.of(new Waypoint(20, 660, 30), new Waypoint(200, -130, 40)))),
            null, 3, -1, 0, 31);

    @Test
    void detectorFindsEachWalkerAndNotTheCar() {
        // at the model's own cell size and at the smaller default one
        for (int cell : new int[] {8, PersonSettings.defaults().modelCellPx()}) {
            // searched where each object is, as motion boxes would say (the car included)
            List<MotBox> truth = SCENE.truth(90);
            assertThat(truth).hasSize(4);
            List<NormalizedBox> regions = new ArrayList<>();
            for (MotBox t : truth) regions.add(new NormalizedBox(t.left() / W, t.top() / H, t.width() / W, t.height() / H));
            List<PersonDetector.Person> people = detect(90, regions, PersonSettings.defaults().withModelCellPx(cell));
            assertThat(people).as("cells of %d px", cell).hasSize(3);
            Set<Long> found = new HashSet<>();
            for (PersonDetector.Person p : people) {
                MotBox best = best(p.box(), truth);
                assertThat(iou(p.box(), best)).as("person %s on %s, cells of %d px", p.box(), best, cell).isGreaterThanOrEqualTo(0.5);
                found.add(best.id());
            }
            assertThat(found).containsExactlyInAnyOrder(1L, 2L, 3L);
        }
    }

    @Test
    void detectorSearchesOnlyTheGivenRegions() {
        MotBox third = SCENE.truth(90).stream().filter(b -> b.id() == 3).findFirst().orElseThrow();
        NormalizedBox region = new NormalizedBox(third.left() / W, third.top() / H, third.width() / W, third.height() / H);
        List<PersonDetector.Person> people = detect(90, List.of(region));
        assertThat(people).hasSize(1);
        assertThat(best(people.get(0).box(), SCENE.truth(90)).id()).isEqualTo(3);
        assertThat(detect(90, List.of())).isEmpty();
    }

    @Test
    void aPersonIsLookedForOnlyAtTheSizesAskedFor() {
        MotBox third = SCENE.truth(90).stream().filter(b -> b.id() == 3).findFirst().orElseThrow();
        NormalizedBox where = new NormalizedBox(third.left() / W, third.top() / H, third.width() / W, third.height() / H);
        PersonSettings settings = PersonSettings.defaults();
        List<PersonDetector.Person> atOwnSize = detectSearches(90, List.of(PersonDetector.Search.knownPerson(where, H, settings)));
        assertThat(atOwnSize).hasSize(1);
        assertThat(iou(atOwnSize.get(0).box(), third)).isGreaterThanOrEqualTo(0.5);
        double heightPx = third.height();
        // a band of sizes that leaves their own out finds nobody there
        assertThat(detectSearches(90, List.of(new PersonDetector.Search(where, 2.5 * heightPx, 3 * heightPx, 0.25 * heightPx)))).isEmpty();
        assertThat(detectSearches(90, List.of(new PersonDetector.Search(where, 0.3 * heightPx, 0.45 * heightPx, 0.25 * heightPx)))).isEmpty();
    }

    @Test
    void emptyViewHasNoPeople() {
        // the places where people walk later, searched while the view is still empty
        List<NormalizedBox> regions = new ArrayList<>();
        for (MotBox t : SCENE.truth(90)) regions.add(new NormalizedBox(t.left() / W, t.top() / H, t.width() / W, t.height() / H));
        assertThat(SCENE.truth(0)).isEmpty();
        assertThat(detect(0, regions)).isEmpty();
    }

    @Test
    void walkersSideBySideAreTwoPeopleAndTheCarAnObject() {
        SceneRun run = run(SceneSettings.defaults());
        Map<Long, Map<Long, Integer>> votes = run.votes();
        Map<Long, ObjectKind> kinds = run.liveKinds();
        // each walker is followed by one person track for most of its way; the car by one object track
        for (long actor : List.of(1L, 2L, 3L)) {
            Map.Entry<Long, Integer> main = mainTrack(votes.get(actor));
            assertThat(kinds.get(main.getKey())).as("walker %d", actor).isEqualTo(ObjectKind.PERSON);
            assertThat(main.getValue()).as("walker %d frames on its main track", actor)
                    .isGreaterThan(visibleFrames(actor) * 7 / 10);
        }
        Map.Entry<Long, Integer> car = mainTrack(votes.get(4L));
        assertThat(kinds.get(car.getKey())).isEqualTo(ObjectKind.OBJECT);
        assertThat(car.getValue()).isGreaterThan(visibleFrames(4) * 7 / 10);
        // the two side by side were never one track
        assertThat(mainTrack(votes.get(1L)).getKey()).isNotEqualTo(mainTrack(votes.get(2L)).getKey());
        // a walker who came in from the edge as a blob kept the blob's id as a person: the finished track
        // starts before the person detector could see a whole person
        FinishedTrack first = run.finished().get(mainTrack(votes.get(1L)).getKey());
        assertThat(first).isNotNull();
        assertThat(first.kind()).isEqualTo(ObjectKind.PERSON);
        assertThat(first.startMs()).isLessThan(20 * 40L);
    }

    @Test
    void pausedDetectorLetsPeopleGoOnByTheirMotion() {
        Map<Long, Set<Long>> idsOfWalker = new HashMap<>(); // walkers 1 and 2, frames 80..160, paused 100..130
        try (MotionDetector motion = new MotionDetector(MotionSettings.defaults());
             SceneTracker tracker = new SceneTracker(SceneSettings.defaults())) {
            byte[] luma = new byte[W * H];
            try (BytePointer pixels = new BytePointer(luma.length)) {
                for (int f = 0; f <= 160; f++) {
                    SCENE.drawLuma(f, luma);
                    pixels.put(luma);
                    LumaFrame frame = new LumaFrame(pixels, W, H, W, f * 40L);
                    tracker.pausePeople(f >= 100 && f < 130);
                    List<TrackedObject> objects = tracker.update(frame, motion.detect(frame));
                    if (f >= 100 && f < 130) assertThat(tracker.lastPersonDetectNanos()).isEqualTo(-1);
                    if (f == 140) assertThat(tracker.lastPersonDetectNanos()).isNotNegative();
                    if (f < 80) continue;
                    for (TrackedObject o : objects) {
                        MotBox actor = best(o.box(), SCENE.truth(f));
                        if (actor != null && actor.id() <= 2 && iou(o.box(), actor) >= 0.4) {
                            assertThat(o.kind()).isEqualTo(ObjectKind.PERSON);
                            idsOfWalker.computeIfAbsent(actor.id(), k -> new HashSet<>()).add(o.trackId());
                        }
                    }
                }
            }
        }
        // each walker kept one person id through the pause and after it
        assertThat(idsOfWalker.get(1L)).hasSize(1);
        assertThat(idsOfWalker.get(2L)).hasSize(1);
        assertThat(idsOfWalker.get(1L)).doesNotContainAnyElementsOf(idsOfWalker.get(2L));
    }

    /**
     * A person the model scores only under its threshold, look after look, is a person after a few such looks: the
     * whole track, under the id motion gave it. The model's threshold is raised here above anything it scores the
     * walkers (so it never sees them outright) and its weak evidence reaches down to the usual threshold; without weak
     * evidence the same walker stays an object, and the car is never a person.
     */
    @Test
    void aWalkerTheModelSeesOnlyWeaklyIsAPersonUnderTheIdMotionGaveIt() {
        PersonSettings neverSure = PersonSettings.defaults().withHitThreshold(10, 10);
        Map<Long, ObjectKind> weakly = kindsOfMainTracks(neverSure);
        assertThat(weakly.get(3L)).as("the walker alone").isEqualTo(ObjectKind.PERSON);
        assertThat(weakly.get(4L)).as("the car").isEqualTo(ObjectKind.OBJECT);
        Map<Long, ObjectKind> withoutWeakEvidence = kindsOfMainTracks(PersonSettings.defaults().withHitThreshold(10, 0));
        assertThat(withoutWeakEvidence.get(3L)).as("the walker alone, no weak evidence").isEqualTo(ObjectKind.OBJECT);
        assertThat(withoutWeakEvidence.get(4L)).as("the car, no weak evidence").isEqualTo(ObjectKind.OBJECT);
    }

    /**
     * Per actor, the kind of the finished track that followed it longest, checked to be one track for most of its
     * way, reported from the actor's first seconds.
     */
    private static Map<Long, ObjectKind> kindsOfMainTracks(PersonSettings people) {
        SceneRun run = run(SceneSettings.defaults().withPersonDetection(people));
        Map<Long, Map<Long, Integer>> votes = run.votes();
        Map<Long, FinishedTrack> finished = run.finished();
        Map<Long, ObjectKind> kinds = new HashMap<>();
        for (long actor : List.of(3L, 4L)) {
            Map.Entry<Long, Integer> main = mainTrack(votes.get(actor));
            assertThat(main.getValue()).as("actor %d frames on its main track", actor).isGreaterThan(visibleFrames(actor) * 7 / 10);
            FinishedTrack track = finished.get(main.getKey());
            assertThat(track).as("actor %d's track reported", actor).isNotNull();
            kinds.put(actor, track.kind());
        }
        return kinds;
    }

    /**
     * The scene played to a motion detector and a scene tracker: per actor, the frames each track followed it (IoU
     * 0.5); each track's kind as last reported live; each finished track (the last report of its id).
     */
    private record SceneRun(Map<Long, Map<Long, Integer>> votes, Map<Long, ObjectKind> liveKinds, Map<Long, FinishedTrack> finished) {
    }

    private static SceneRun run(SceneSettings settings) {
        SceneRun run = new SceneRun(new HashMap<>(), new HashMap<>(), new HashMap<>());
        try (MotionDetector motion = new MotionDetector(MotionSettings.defaults()); SceneTracker tracker = new SceneTracker(settings)) {
            byte[] luma = new byte[W * H];
            try (BytePointer pixels = new BytePointer(luma.length)) {
                for (int f = 0; f < SCENE.frames(); f++) {
                    SCENE.drawLuma(f, luma);
                    pixels.put(luma);
                    LumaFrame frame = new LumaFrame(pixels, W, H, W, f * 40L);
                    for (TrackedObject o : tracker.update(frame, motion.detect(frame))) {
                        run.liveKinds().put(o.trackId(), o.kind());
                        MotBox actor = best(o.box(), SCENE.truth(f));
                        if (actor != null && iou(o.box(), actor) >= 0.5) {
                            run.votes().computeIfAbsent(actor.id(), k -> new HashMap<>()).merge(o.trackId(), 1, Integer::sum);
                        }
                    }
                    tracker.drainFinished().forEach(t -> run.finished().put(t.trackId(), t.copy()));
                }
            }
            tracker.finishAll().forEach(t -> run.finished().put(t.trackId(), t.copy()));
        }
        return run;
    }

    private static int visibleFrames(long actor) {
        int n = 0;
        for (int f = 0; f < SCENE.frames(); f++) {
            for (MotBox b : SCENE.truth(f)) if (b.id() == actor) n++;
        }
        return n;
    }

    private static Map.Entry<Long, Integer> mainTrack(Map<Long, Integer> tracks) {
        assertThat(tracks).as("tracks on the actor").isNotNull();
        return tracks.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    }

    /** The people found where motion boxes {@code regions} are, each searched at the sizes its box allows. */
    private static List<PersonDetector.Person> detect(int frame, List<NormalizedBox> regions) {
        return detect(frame, regions, PersonSettings.defaults());
    }

    private static List<PersonDetector.Person> detect(int frame, List<NormalizedBox> regions, PersonSettings settings) {
        List<PersonDetector.Search> searches = new ArrayList<>();
        for (NormalizedBox r : regions) searches.add(PersonDetector.Search.movingObject(r, H, settings));
        return detectSearches(frame, searches, settings);
    }

    private static List<PersonDetector.Person> detectSearches(int frame, List<PersonDetector.Search> searches) {
        return detectSearches(frame, searches, PersonSettings.defaults());
    }

    private static List<PersonDetector.Person> detectSearches(int frame, List<PersonDetector.Search> searches, PersonSettings settings) {
        byte[] luma = new byte[W * H];
        SCENE.drawLuma(frame, luma);
        try (BytePointer pixels = new BytePointer(luma.length);
             PersonDetector detector = new PersonDetector(settings)) {
            pixels.put(luma);
            return detector.detect(new LumaFrame(pixels, W, H, W, 0), searches);
        }
    }

    private static MotBox best(NormalizedBox box, List<MotBox> truth) {
        MotBox best = null;
        for (MotBox t : truth) if (best == null || iou(box, t) > iou(box, best)) best = t;
        return best;
    }

    private static double iou(NormalizedBox b, MotBox t) {
        double x = b.x() * W, y = b.y() * H, w = b.width() * W, h = b.height() * H;
        double iw = Math.min(x + w, t.left() + t.width()) - Math.max(x, t.left());
        double ih = Math.min(y + h, t.top() + t.height()) - Math.max(y, t.top());
        if (iw <= 0 || ih <= 0) return 0;
        return iw * ih / (w * h + t.width() * t.height() - iw * ih);
    }
}
