package vigil.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.analytics.LumaFrame;
import vigil.analytics.motion.NormalizedBox;

/** Odd inputs the node can hand the detector: tiny streams, empty or out-of-frame regions, noise. */
class PersonDetectorTest {

    /**
     * On one OpenCV thread, as the node and the command line run it (and the evaluation, which repeats to the digit so):
     * on several, OpenCV searches the sizes in parallel and hands the windows over in another order each time, and the
     * test below (every window passing) once found a kept and a new detector disagree in a dozen runs.
     */
    @BeforeAll
    static void oneOpenCvThread() {
        org.bytedeco.opencv.global.opencv_core.setNumThreads(1);
    }

    @Test
    void oddSizesAndRegionsAreSearchedWithoutFailing() {
        for (int cell : new int[] {4, 6, 8}) oddSizesAndRegionsAreSearched(PersonSettings.defaults().withModelCellPx(cell));
    }

    @Test
    void cellsOutsideWhatTheModelCanUseAreRefused() {
        assertThatThrownBy(() -> PersonSettings.defaults().withModelCellPx(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("modelCellPx");
        assertThatThrownBy(() -> PersonSettings.defaults().withModelCellPx(9)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * One detector reads what each search found as a new one does, also after a search that found many more (OpenCV
     * moves its vector of found windows as it grows; the detector reads them through a view it keeps).
     */
    @Test
    void aDetectorKeptAcrossSearchesFindsWhatANewOneFinds() {
        PersonSettings d = PersonSettings.defaults();
        // a threshold every window passes: OpenCV's vector holds every window of an area before grouping them, so the
        // whole frame makes it grow (and move) after the small area before it
        PersonSettings eager = new PersonSettings(true, d.knownPeopleIntervalMs(), d.newMotionIntervalMs(), d.groupSearchIntervalMs(),
                d.minPersonHeightFraction(), -10, d.scaleStep(), d.regionMarginPerHeight(), d.smallestPersonOfBlob(),
                d.largestPersonOfBlob(), d.knownPersonSizeRatio(), d.knownPersonMarginPerHeight(), d.minMotionCoverFraction(),
                d.predictedSizeDeviations(), d.modelCellPx(), d.weakEvidenceMargin());
        int w = 640, h = 360;
        byte[] noise = new byte[w * h];
        new SplittableRandom(7).nextBytes(noise);
        List<NormalizedBox> areas = List.of(new NormalizedBox(0.4, 0.3, 0.05, 0.2), new NormalizedBox(0, 0, 1, 1),
                new NormalizedBox(0.1, 0.1, 0.1, 0.3), new NormalizedBox(0, 0, 1, 1), new NormalizedBox(0.5, 0.5, 0.2, 0.4));
        try (BytePointer pixels = new BytePointer(noise.length); PersonDetector kept = new PersonDetector(eager)) {
            pixels.put(noise);
            LumaFrame frame = new LumaFrame(pixels, w, h, w, 0);
            int wholeFrame = 0;
            for (NormalizedBox area : areas) {
                List<PersonDetector.Search> search = List.of(new PersonDetector.Search(area, 60, 80, 10));
                List<PersonDetector.Person> byKept = kept.detect(frame, search);
                try (PersonDetector fresh = new PersonDetector(eager)) {
                    assertThat(byKept).as("%s", area).isEqualTo(fresh.detect(frame, search));
                }
                if (area.width() == 1) wholeFrame += byKept.size();
            }
            assertThat(wholeFrame).as("found in the whole frame, twice").isGreaterThanOrEqualTo(2);
        }
    }

    /**
     * Weak evidence comes from the searches that ask for it, and leaves what the model finds outright as it is: on
     * noise, with the weak evidence reaching far below the threshold, a search that asks for it sees weak "people"
     * where the model finds none, and one that does not ask sees only what the model found.
     */
    @Test
    void weakEvidenceComesFromTheSearchesThatAskForItAlone() {
        PersonSettings settings = PersonSettings.defaults().withHitThreshold(0, 3);
        int w = 640, h = 360;
        byte[] noise = new byte[w * h];
        new SplittableRandom(11).nextBytes(noise);
        try (BytePointer pixels = new BytePointer(noise.length); PersonDetector detector = new PersonDetector(settings)) {
            pixels.put(noise);
            LumaFrame frame = new LumaFrame(pixels, w, h, w, 0);
            PersonDetector.Found outright = new PersonDetector.Found();
            PersonDetector.Found weak = new PersonDetector.Found();
            PersonDetector.Searches searches = new PersonDetector.Searches();
            searches.add(0.1, 0.1, 0.8, 0.8, 60, 90, 10);
            detector.detect(frame, searches, outright);
            int found = outright.size();

            detector.detect(frame, searches, outright, weak);
            assertThat(outright.size()).as("found outright, weak evidence read beside").isEqualTo(found);
            assertThat(weak.size()).as("weak evidence where no search asked for it").isEqualTo(found);

            searches.wantWeak();
            detector.detect(frame, searches, outright, weak);
            assertThat(outright.size()).as("found outright, weak evidence asked for").isEqualTo(found);
            assertThat(weak.size()).as("weak evidence asked for").isGreaterThan(found);
        }
    }

    private static void oddSizesAndRegionsAreSearched(PersonSettings settings) {
        for (int[] size : new int[][] {{32, 24}, {64, 48}, {640, 16}, {16, 640}, {1920, 1080}}) {
            int w = size[0], h = size[1];
            byte[] noise = new byte[w * h];
            new SplittableRandom(w * 31L + h).nextBytes(noise);
            try (BytePointer pixels = new BytePointer(noise.length);
                 PersonDetector detector = new PersonDetector(settings)) {
                pixels.put(noise);
                LumaFrame frame = new LumaFrame(pixels, w, h, w, 0);
                List<NormalizedBox> regions = List.of(
                        new NormalizedBox(0, 0, 1, 1),
                        new NormalizedBox(0.5, 0.5, 0, 0),              // empty
                        new NormalizedBox(1.2, -0.4, 0.3, 0.3),         // outside the frame
                        new NormalizedBox(0.9, 0.9, 0.5, 0.5));         // over its edge
                List<PersonDetector.Search> searches = new ArrayList<>();
                for (NormalizedBox r : regions) searches.add(PersonDetector.Search.movingObject(r, h, detector.settings()));
                List<PersonDetector.Person> people = detector.detect(frame, searches);
                for (PersonDetector.Person p : people) {
                    assertThat(p.box().x()).as("%dx%d", w, h).isBetween(0.0, 1.0);
                    assertThat(p.box().right()).as("%dx%d", w, h).isBetween(0.0, 1.0);
                }
                assertThat(detector.detect(frame, List.of())).isEmpty();
            }
        }
    }
}
