package vigil.analytics.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vigil.analytics.motion.NormalizedBox;

class MultiObjectTrackerTest {

    private final MultiObjectTracker tracker = new MultiObjectTracker(TrackerSettings.defaults());

    private static NormalizedBox box(double x, double y) {
        return new NormalizedBox(x, y, 0.05, 0.2);
    }

    @Test
    void oneMovingObjectKeepsOneIdAfterConfirmation() {
        Set<Long> ids = new HashSet<>();
        int reported = 0;
        for (int f = 0; f < 60; f++) {
            List<TrackedObject> out = tracker.update(List.of(box(0.1 + f * 0.01, 0.4)), f * 40L);
            out.forEach(o -> ids.add(o.trackId()));
            reported += out.size();
        }
        assertThat(ids).hasSize(1);
        assertThat(reported).isGreaterThan(50); // confirmed after a few frames, then every frame
        List<FinishedTrack> done = tracker.finishAll();
        assertThat(done).hasSize(1);
        assertThat(done.get(0).boxes()).hasSize(60);
        assertThat(done.get(0).startMs()).isZero();
    }

    @Test
    void objectsThatCrossKeepTheirIds() {
        List<Long> leftToRightIds = new ArrayList<>();
        List<Long> rightToLeftIds = new ArrayList<>();
        for (int f = 0; f < 80; f++) {
            double a = 0.1 + f * 0.01, b = 0.85 - f * 0.01;
            List<NormalizedBox> detections = new ArrayList<>();
            if (Math.abs(a - b) < 0.05) {
                detections.add(new NormalizedBox(Math.min(a, b), 0.4, Math.abs(a - b) + 0.05, 0.2)); // one blob
            } else {
                detections.add(box(a, 0.4));
                detections.add(box(b, 0.4));
            }
            for (TrackedObject o : tracker.update(detections, f * 40L)) {
                if (!o.observed()) continue;
                if (Math.abs(o.box().x() - a) < 0.02) leftToRightIds.add(o.trackId());
                if (Math.abs(o.box().x() - b) < 0.02) rightToLeftIds.add(o.trackId());
            }
        }
        assertThat(new HashSet<>(leftToRightIds)).hasSize(1);
        assertThat(new HashSet<>(rightToLeftIds)).hasSize(1);
        assertThat(leftToRightIds.get(0)).isNotEqualTo(rightToLeftIds.get(0));
    }

    @Test
    void coastsThroughAShortGapAndEndsAfterALongOne() {
        Set<Long> ids = new HashSet<>();
        for (int f = 0; f < 30; f++) tracker.update(List.of(box(0.1 + f * 0.01, 0.4)), f * 40L).forEach(o -> ids.add(o.trackId()));
        for (int f = 30; f < 36; f++) tracker.update(List.of(), f * 40L); // hidden for 6 frames
        for (int f = 36; f < 50; f++) tracker.update(List.of(box(0.1 + f * 0.01, 0.4)), f * 40L).forEach(o -> ids.add(o.trackId()));
        assertThat(ids).hasSize(1);
        for (int f = 50; f < 80; f++) tracker.update(List.of(), f * 40L);
        assertThat(tracker.drainFinished()).hasSize(1);
        assertThat(tracker.activeTracks()).isZero();
    }

    @Test
    void somethingThatNeverMovesIsNotReported() {
        for (int f = 0; f < 50; f++) {
            assertThat(tracker.update(List.of(box(0.5, 0.5)), f * 40L)).isEmpty();
        }
    }

    @Test
    void longTracksAreSnapshotWhileTheyLast() {
        List<FinishedTrack> snapshots = new ArrayList<>();
        for (int f = 0; f < 200; f++) {
            double x = f < 100 ? 0.1 + 0.005 * f : 0.6 - 0.005 * (f - 100); // walks there and back
            tracker.update(List.of(box(x, 0.4)), f * 40L);
            tracker.snapshots(2_000, f * 40L).forEach(s -> snapshots.add(s.copy()));
        }
        // a snapshot every 2 s of the same track, each with its history so far
        assertThat(snapshots.size()).isBetween(3, 4);
        assertThat(snapshots.stream().map(FinishedTrack::trackId).distinct()).hasSize(1);
        assertThat(snapshots.get(1).boxes().size()).isGreaterThan(snapshots.get(0).boxes().size());
    }

    @Test
    void aTrackHeldByItsOwnMotionOutlastsDetectorGaps() {
        MultiObjectTracker unheld = new MultiObjectTracker(TrackerSettings.defaults());
        Set<Long> ids = new HashSet<>();
        Set<Long> unheldIds = new HashSet<>();
        for (int f = 0; f < 100; f++) {
            NormalizedBox where = box(0.1 + f * 0.005, 0.4);
            // after the first twenty frames the detector sees the object one frame in sixteen, longer apart than
            // maxMissedFrames; motion is there all along
            List<NormalizedBox> detections = f < 20 || f % 16 == 0 ? List.of(where) : List.of();
            tracker.update(detections, List.of(where), f * 40L).forEach(o -> ids.add(o.trackId()));
            unheld.update(detections, List.of(), f * 40L).forEach(o -> unheldIds.add(o.trackId()));
        }
        assertThat(ids).hasSize(1);
        assertThat(tracker.drainFinished()).isEmpty();
        assertThat(unheld.drainFinished()).isNotEmpty(); // without the motion it ended in the first gap
    }

    @Test
    void aTrackNobodyLookedForGoesOnAndIsReportedButOneMissedAtItsLookIsNot() {
        // a detector that looks at the object one frame in four: in between it is neither missed nor lost
        Set<Long> ids = new HashSet<>();
        int reported = 0;
        for (int f = 0; f < 80; f++) {
            boolean look = f % 4 == 0;
            List<NormalizedBox> seen = look ? List.of(box(0.1 + f * 0.005, 0.4)) : List.of();
            List<TrackedObject> out = tracker.update(seen, List.of(), f * 40L, id -> look);
            out.forEach(o -> ids.add(o.trackId()));
            reported += out.size();
        }
        assertThat(ids).hasSize(1);
        assertThat(reported).isGreaterThan(60); // between looks it is reported at its prediction
        assertThat(tracker.drainFinished()).isEmpty();
        // it left: the next look misses it; from then on it is not reported, and further misses at looks end it
        List<TrackedObject> afterMiss = new ArrayList<>();
        for (int f = 80; f < 200; f++) {
            boolean look = f % 4 == 0;
            List<TrackedObject> out = tracker.update(List.of(), List.of(), f * 40L, id -> look);
            if (f > 80) afterMiss.addAll(out);
        }
        assertThat(afterMiss).isEmpty();
        assertThat(tracker.drainFinished()).hasSize(1);
    }

    @Test
    void betweenLooksATrackFollowsItsOwnMotion() {
        for (int f = 0; f < 20; f++) tracker.update(List.of(box(0.1 + f * 0.005, 0.4)), f * 40L);
        // it turns and goes up, seen only by its motion: the track goes with it
        NormalizedBox last = null;
        for (int f = 20; f < 40; f++) {
            NormalizedBox moving = box(0.195, 0.4 - (f - 19) * 0.01);
            List<TrackedObject> out = tracker.update(List.of(), List.of(moving), f * 40L, id -> false);
            assertThat(out).hasSize(1);
            last = out.get(0).box();
        }
        assertThat(last.y()).isLessThan(0.3);
        assertThat(tracker.drainFinished()).isEmpty();
    }

    @Test
    void betweenLooksATrackTakesTheSizeOfItsOwnMotionButNotOfABlobItMergedInto() {
        for (int f = 0; f < 20; f++) tracker.update(List.of(box(0.1 + f * 0.005, 0.4)), f * 40L);
        // walking away: its own blob shrinks a little every frame
        NormalizedBox last = null;
        for (int f = 20; f < 60; f++) {
            double s = 1 - (f - 19) * 0.01;
            NormalizedBox own = new NormalizedBox(0.2, 0.4, 0.05 * s, 0.2 * s);
            last = tracker.update(List.of(), List.of(own), f * 40L, id -> false).get(0).box();
        }
        assertThat(last.height()).isLessThan(0.2 * 0.7);
        // side by side with someone: a blob twice as wide is not its size
        double before = last.width();
        for (int f = 60; f < 70; f++) {
            NormalizedBox merged = new NormalizedBox(last.x() - 0.01, last.y(), 2.2 * before, last.height());
            last = tracker.update(List.of(), List.of(merged), f * 40L, id -> false).get(0).box();
        }
        assertThat(last.width()).isCloseTo(before, offset(1e-9));
    }

    /**
     * A person walking away from a 7 fps camera shrinks by a tenth between frames. Their detections are whole people:
     * the track takes their size. A motion blob that much smaller is first taken for a part of the object (legs
     * alone, half behind a pillar) and does not shrink the track at once — unless a person's box only looks smaller
     * because the frame's edge cuts it.
     */
    @Test
    void aPersonWalkingAwayKeepsTheirSizeWhileAShrinkingBlobIsFirstTakenForAPart() {
        MultiObjectTracker people = new MultiObjectTracker(TrackerSettings.people(), ObjectKind.PERSON, () -> 1);
        MultiObjectTracker objects = new MultiObjectTracker(TrackerSettings.defaults());
        double h = 0.4;
        for (int f = 0; f < 8; f++, h *= 0.9) {
            NormalizedBox d = new NormalizedBox(0.3 + 0.01 * f, 0.3, 0.4 * h, h);
            people.update(List.of(d), f * 143L);
            objects.update(List.of(d), f * 143L);
        }
        double lastHeight = h / 0.9;
        assertThat(people.liveBoxes()).hasSize(1);
        assertThat(objects.liveBoxes()).hasSize(1);
        NormalizedBox person = people.liveBoxes().get(0), object = objects.liveBoxes().get(0);
        assertThat(person.height()).isLessThan(1.3 * lastHeight);
        assertThat(object.height()).isGreaterThan(1.5 * lastHeight);

        // a person walking out of view at the left edge: their box narrows there, their width stays
        MultiObjectTracker leaving = new MultiObjectTracker(TrackerSettings.people(), ObjectKind.PERSON, () -> 2);
        NormalizedBox last = null;
        for (int f = 0; f < 10; f++) {
            double left = 0.1 - 0.02 * f, width = 0.08;
            NormalizedBox d = new NormalizedBox(Math.max(0, left), 0.3, Math.min(width, left + width), 0.2);
            List<TrackedObject> out = leaving.update(List.of(d), f * 40L);
            if (!out.isEmpty()) last = out.get(0).box();
        }
        assertThat(last.width()).isGreaterThan(0.07);
    }

    /**
     * A person the detector misses while their own motion goes on grows with it. Their motion box is wider than the
     * person model's box of them (arms and legs): the height is taken, the person model's proportions kept.
     */
    @Test
    void aTrackHeldByItsOwnMotionTakesItsHeight() {
        MultiObjectTracker people = new MultiObjectTracker(TrackerSettings.people(), ObjectKind.PERSON, () -> 1);
        for (int f = 0; f < 5; f++) people.update(List.of(new NormalizedBox(0.3, 0.3, 0.031, 0.1)), f * 143L);
        // looked for and missed, ten frames in a row, walking towards a 7 fps camera: their blob grows 3 % a frame
        double h = 0.1;
        for (int f = 5; f < 15; f++) {
            h *= 1.03;
            people.update(List.of(), List.of(new NormalizedBox(0.3, 0.3, 0.5 * h, h)), f * 143L, id -> true);
        }
        assertThat(people.liveBoxes()).hasSize(1);
        NormalizedBox held = people.liveBoxes().get(0);
        assertThat(held.height()).isGreaterThan(0.11);
        assertThat(held.width() / held.height()).isCloseTo(0.31, offset(0.005));
    }

    /**
     * A person the person model misses at its looks is reported on their motion while it is their size; once two looks
     * in a row missed them and their motion is only part of them (legs moving under a still body), the box it would
     * hold drifts off them, so it is no longer reported; they are still followed, and found again under their id.
     */
    @Test
    void aPersonMissedAtTwoLooksIsReportedOnTheirMotionOnlyWhileItIsTheirSize() {
        for (boolean ownSize : new boolean[] {true, false}) {
            MultiObjectTracker people = new MultiObjectTracker(TrackerSettings.people(), ObjectKind.PERSON, () -> 7);
            for (int f = 0; f < 5; f++) people.update(List.of(new NormalizedBox(0.1 + 0.005 * f, 0.3, 0.05, 0.2)), f * 40L);
            List<Integer> reported = new ArrayList<>();
            for (int f = 5; f < 12; f++) {
                double x = 0.1 + 0.005 * f;
                // their blob: all of them, or their legs (the lower 0.45 of them)
                NormalizedBox blob = ownSize ? new NormalizedBox(x - 0.005, 0.3, 0.06, 0.2) : new NormalizedBox(x - 0.005, 0.41, 0.06, 0.09);
                if (!people.update(List.of(), List.of(blob), f * 40L, id -> true).isEmpty()) reported.add(f);
            }
            if (ownSize) {
                assertThat(reported).containsExactly(5, 6, 7, 8, 9, 10, 11);
            } else {
                assertThat(reported).containsExactly(5, 6); // two looks missed them: then not reported
            }
            // found again: reported under the same id
            List<TrackedObject> found = people.update(List.of(new NormalizedBox(0.16, 0.3, 0.05, 0.2)), 12 * 40L);
            assertThat(found).extracting(TrackedObject::trackId).containsExactly(7L);
        }
    }

    @Test
    void someoneWalkingInFromTheBottomEdgeIsReportedAsTheyComeIntoView() {
        // a raised camera: their head and body come up from the bottom edge at their walking pace, feet below it
        int firstReported = -1;
        for (int f = 0; f < 40 && firstReported < 0; f++) {
            double top = 0.85 - f * 0.0065;
            if (!tracker.update(List.of(new NormalizedBox(0.4, top, 0.07, 1 - top)), f * 40L).isEmpty()) firstReported = f;
        }
        // (by its centre alone: at frame 32, with most of them in view for a second)
        assertThat(firstReported).as("frame first reported").isBetween(0, 15);
        // the same blob staying put at the edge (a ghost, a shadow) is not an object going anywhere
        MultiObjectTracker still = new MultiObjectTracker(TrackerSettings.defaults());
        for (int f = 0; f < 40; f++) assertThat(still.update(List.of(new NormalizedBox(0.4, 0.85, 0.07, 0.15)), f * 40L)).isEmpty();
    }

    @Test
    void aFinishedTrackIsReadInPlaceUntilTheNextFrameAndItsCopyForAsLongAsItIsKept() {
        for (int f = 0; f < 20; f++) tracker.update(List.of(box(0.1 + f * 0.01, 0.4)), f * 40L);
        for (int f = 20; f < 40; f++) tracker.update(List.of(), f * 40L);
        List<FinishedTrack> ended = tracker.drainFinished();
        assertThat(ended).hasSize(1);
        FinishedTrack track = ended.get(0), kept = track.copy();
        assertThat(track.boxes()).hasSize(20);
        assertThat(track.timeMs(19)).isEqualTo(19 * 40L);
        assertThat(track.x(19)).isEqualTo(track.boxes().get(19).box().x()).isCloseTo(0.29, offset(0.02));
        // the next frame: the track's history goes back to the tracker, to be taken by tracks to come
        for (int f = 40; f < 50; f++) tracker.update(List.of(box(0.5, 0.1 + f * 0.005)), f * 40L);
        assertThatThrownBy(() -> track.boxes().get(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> track.x(0)).isInstanceOf(IllegalStateException.class);
        assertThat(kept.boxes()).hasSize(20);
        assertThat(kept.boxes().get(19).box().x()).isCloseTo(0.29, offset(0.02));
        assertThat(kept.startMs()).isZero();
    }

    @Test
    void anObjectInViewForHoursIsRecordedOverAllOfItsTimeInABoundedHistory() {
        // 40 000 frames at 25 fps: 26 min 40 s of someone pacing slowly to and fro
        int frames = 40_000;
        List<FinishedTrack> snapshot = List.of();
        for (int f = 0; f < frames; f++) {
            double x = 0.3 + 0.1 * Math.sin(f / 500.0);
            tracker.update(List.of(box(x, 0.4)), f * 40L);
            if (f == frames - 1) snapshot = tracker.snapshots(60_000, f * 40L);
        }
        assertThat(snapshot).singleElement().satisfies(track -> {
            assertThat(track.startMs()).isZero();
            assertThat(track.endMs()).as("its last box is the last frame's").isEqualTo((frames - 1) * 40L);
            assertThat(track.boxes().size()).isLessThanOrEqualTo(20_000);
            for (int i = 1; i < track.boxes().size(); i++) assertThat(track.timeMs(i)).isGreaterThan(track.timeMs(i - 1));
            // the last minutes at every frame, the past sparser
            int last = track.boxes().size() - 1;
            assertThat(track.timeMs(last) - track.timeMs(last - 4_000)).isEqualTo(4_000 * 40L);
            assertThat(track.x(last)).isCloseTo(0.3 + 0.1 * Math.sin((frames - 1) / 500.0), offset(0.01));
        });
    }

    @Test
    void withoutMotionAMissedTrackEnds() {
        for (int f = 0; f < 20; f++) tracker.update(List.of(box(0.1 + f * 0.005, 0.4)), f * 40L);
        for (int f = 20; f < 40; f++) tracker.update(List.of(), List.of(box(0.7, 0.7)), f * 40L); // motion elsewhere
        assertThat(tracker.drainFinished()).hasSize(1);
    }

    @Test
    void aTrackCanContinueAnotherTrackersObject() {
        MultiObjectTracker objects = new MultiObjectTracker(TrackerSettings.defaults(), ObjectKind.OBJECT, new java.util.concurrent.atomic.AtomicLong(100)::getAndIncrement);
        for (int f = 0; f < 10; f++) objects.update(List.of(box(0.1 + f * 0.01, 0.4)), f * 40L);
        assertThat(objects.partsOf(0.19, 0.4, 0.05, 0.2, 0.4, 2.5, 0.6)).isEqualTo(1);
        assertThat(objects.part(0)).isEqualTo(100L);
        for (int f = 10; f < 13; f++) tracker.update(List.of(box(0.1 + f * 0.01, 0.4)), f * 40L);
        long own = tracker.update(List.of(box(0.23, 0.4)), 13 * 40L).get(0).trackId();
        tracker.continueAs(own, 100L, objects.handOver(100L));
        assertThat(objects.activeTracks()).isZero();
        List<FinishedTrack> done = tracker.finishAll();
        assertThat(done).hasSize(1);
        assertThat(done.get(0).trackId()).isEqualTo(100L);
        assertThat(done.get(0).startMs()).isZero(); // the object's history comes first
        assertThat(done.get(0).boxes()).hasSize(14);
        assertThat(objects.drainFinished()).isEmpty(); // handed over, not reported twice

        // read fitted (as a person's boxes are reported): the fit is for the boxes this tracker found, the object's
        // motion boxes before them stay as they were
        FinishedTrack track = done.get(0);
        double objectTop = track.y(9), objectHeight = track.height(9), ownTop = track.y(10), ownHeight = track.height(10);
        ((HistoryView) track.boxes()).fit(0.1, 0.8);
        assertThat(track.y(9)).as("the object's last box").isEqualTo(objectTop);
        assertThat(track.height(9)).isEqualTo(objectHeight);
        assertThat(track.boxes().get(0).box().y()).isEqualTo(0.4);
        assertThat(track.y(10)).as("this tracker's first box, fitted").isCloseTo(ownTop + 0.1 * ownHeight, offset(1e-12));
        assertThat(track.height(10)).isCloseTo(0.8 * ownHeight, offset(1e-12));
    }

    @Test
    void anObjectBornWhereAPersonWasLostContinuesTheirIdHistoryAndKind() {
        MultiObjectTracker people = new MultiObjectTracker(TrackerSettings.people(), ObjectKind.PERSON, () -> 100);
        for (int f = 0; f < 20; f++) people.update(List.of(box(0.1 + f * 0.01, 0.4)), f * 40L);
        List<FinishedTrack> lost = people.finishAll(); // the person model lost them at frame 19
        assertThat(lost).hasSize(1);
        TimedBox last = lost.get(0).boxes().get(lost.get(0).boxes().size() - 1);

        for (int f = 20; f < 30; f++) tracker.update(List.of(box(0.1 + f * 0.01, 0.4)), f * 40L); // their motion goes on
        NormalizedBox at = last.box();
        long object = tracker.bornNear(at.x(), at.y(), at.width(), at.height(), last.timeMs(), 0.00025, 0, last.timeMs(), last.timeMs() + 1_000, 0.2);
        assertThat(object).isNotEqualTo(MultiObjectTracker.NO_TRACK);
        assertThat(tracker.bornNear(at.x(), at.y(), at.width(), at.height(), last.timeMs(), 0.00025, 0, last.timeMs() + 2_000, last.timeMs() + 3_000, 0.2))
                .as("born too late").isEqualTo(MultiObjectTracker.NO_TRACK);
        assertThat(tracker.bornNear(0.8, 0.4, 0.05, 0.2, last.timeMs(), 0.00025, 0, last.timeMs(), last.timeMs() + 1_000, 0.2)).as("elsewhere").isEqualTo(MultiObjectTracker.NO_TRACK);
        assertThat(tracker.bornNear(at.x(), at.y(), at.width(), at.height(), last.timeMs(), -0.00025, 0, last.timeMs(), last.timeMs() + 1_000, 0.2))
                .as("coming the other way").isEqualTo(MultiObjectTracker.NO_TRACK);

        tracker.continueTrack(object, 100, lost.get(0).boxes(), ObjectKind.PERSON);
        List<TrackedObject> now = tracker.update(List.of(box(0.4, 0.4)), 30 * 40L);
        assertThat(now).singleElement().satisfies(o -> {
            assertThat(o.trackId()).isEqualTo(100);
            assertThat(o.kind()).isEqualTo(ObjectKind.PERSON);
        });
        FinishedTrack whole = tracker.finishAll().get(0);
        assertThat(whole.trackId()).isEqualTo(100);
        assertThat(whole.kind()).isEqualTo(ObjectKind.PERSON);
        assertThat(whole.startMs()).isZero();
        assertThat(whole.boxes()).hasSizeGreaterThanOrEqualTo(30);
    }
}
