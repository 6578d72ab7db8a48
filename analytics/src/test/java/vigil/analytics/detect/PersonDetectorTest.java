package vigil.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import vigil.analytics.LumaFrame;
import vigil.analytics.motion.NormalizedBox;

/** Odd inputs the node can hand the detector: tiny streams, empty or out-of-frame regions, noise. */
class PersonDetectorTest {

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
