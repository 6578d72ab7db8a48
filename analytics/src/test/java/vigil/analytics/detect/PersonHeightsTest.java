package vigil.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scene's person height per feet row, learned from detections that jitter and sometimes are wrong. */
class PersonHeightsTest {

    /** A raised camera: the horizon at row 0.05, people 0.2 of the frame tall with their feet on the bottom row. */
    private static double truth(double feetRow) {
        return 0.2 * (feetRow - 0.05) / 0.95;
    }

    @Test
    void learnsTheLineOfARaisedCameraDespiteJitterAndWrongBoxes() {
        PersonHeights heights = new PersonHeights();
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            double feet = 0.4 + 0.55 * random.nextDouble();
            double h = truth(feet) * (1 + 0.05 * random.nextGaussian());
            // one box in six is wrong: legs alone (half the height) or two people taken for one (half again as tall)
            if (i % 6 == 0) h *= random.nextBoolean() ? 0.5 : 1.5;
            heights.observe(feet, h);
        }
        for (double feet : new double[] {0.4, 0.6, 0.8, 0.95}) {
            assertThat(heights.heightAt(feet)).as("row %s", feet).isPresent();
            assertThat(heights.heightAt(feet).getAsDouble() / truth(feet)).as("row %s", feet).isCloseTo(1.0, within(0.04));
        }
        // the jitter, not the wrong boxes, is the spread
        assertThat(heights.relativeSpread()).isBetween(0.03, 0.08);
    }

    @Test
    void predictsNothingBeforeEnoughPeopleNorFarFromTheRowsSeen() {
        PersonHeights heights = new PersonHeights();
        for (int i = 0; i < PersonHeights.MIN_SAMPLES - 1; i++) heights.observe(0.7 + 0.001 * i, truth(0.7));
        assertThat(heights.heightAt(0.7)).isEmpty();
        heights.observe(0.72, truth(0.72));
        assertThat(heights.heightAt(0.7)).isPresent();
        // people seen between rows 0.70 and 0.72 only: one height for those rows, nothing far above them
        assertThat(heights.heightAt(0.7 - PersonHeights.EXTRAPOLATION_ROWS - 0.05)).isEmpty();
        assertThat(heights.heightAt(0.65).getAsDouble()).isCloseTo(truth(0.71), within(0.005));
    }

    @Test
    void forgetsTheOldestPeopleSoAMovedCameraIsRelearned() {
        PersonHeights heights = new PersonHeights();
        for (int i = 0; i < PersonHeights.CAPACITY; i++) heights.observe(0.5 + 0.4 * (i % 10) / 10, 0.1);
        assertThat(heights.heightAt(0.7).getAsDouble()).isCloseTo(0.1, within(1e-9));
        // the camera zoomed in: everyone is now twice as tall
        for (int i = 0; i < PersonHeights.CAPACITY; i++) heights.observe(0.5 + 0.4 * (i % 10) / 10, 0.2);
        assertThat(heights.heightAt(0.7).getAsDouble()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void ignoresImpossibleBoxes() {
        PersonHeights heights = new PersonHeights();
        for (int i = 0; i < 100; i++) {
            heights.observe(0.8, Double.NaN);
            heights.observe(0.8, -0.1);
            heights.observe(1.5, 0.1);
            heights.observe(0.8, 2.0);
        }
        assertThat(heights.samples()).isZero();
        assertThat(heights.heightAt(0.8)).isEmpty();
    }
}
