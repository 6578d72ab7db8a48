package vigil.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import vigil.analytics.motion.NormalizedBox;

/** Where heads and feet lie in the person model's boxes, learned from the blobs of people walking alone. */
class PersonExtentTest {

    private static final NormalizedBox MODEL_BOX = new NormalizedBox(0.4, 0.3, 0.06, 0.2);

    /** A person the model boxes with a margin: they span 0.12..0.92 of its box (0.8 of it, a little low), jittered. */
    private static NormalizedBox blobOf(NormalizedBox box, SplittableRandom random) {
        double top = box.y() + (0.12 + 0.02 * random.nextGaussian()) * box.height();
        double bottom = box.y() + (0.92 + 0.02 * random.nextGaussian()) * box.height();
        return new NormalizedBox(box.x() - 0.01, top, box.width() + 0.02, bottom - top);
    }

    @Test
    void fitsBoxesToWhereThePeopleInThemBeginAndEnd() {
        PersonExtent extent = new PersonExtent();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 100; i++) {
            NormalizedBox box = MODEL_BOX.shifted(0.5 * random.nextDouble() - 0.25, 0.3 * random.nextDouble() - 0.15);
            extent.observe(box, blobOf(box, random));
        }
        NormalizedBox fitted = extent.fit(MODEL_BOX);
        assertThat(fitted.height() / MODEL_BOX.height()).isCloseTo(0.8, within(0.02));
        assertThat((fitted.y() - MODEL_BOX.y()) / MODEL_BOX.height()).isCloseTo(0.12, within(0.02));
        // across, the model's box stays: a blob is wider than its person (arms and legs swinging)
        assertThat(fitted.x()).isEqualTo(MODEL_BOX.x());
        assertThat(fitted.width()).isEqualTo(MODEL_BOX.width());
    }

    @Test
    void reportsBoxesAsFoundUntilEnoughPeopleWereSeenAlone() {
        PersonExtent extent = new PersonExtent();
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < PersonExtent.MIN_SAMPLES - 1; i++) extent.observe(MODEL_BOX, blobOf(MODEL_BOX, random));
        assertThat(extent.learned()).isFalse();
        assertThat(extent.fit(MODEL_BOX)).isSameAs(MODEL_BOX);
        extent.observe(MODEL_BOX, blobOf(MODEL_BOX, random));
        assertThat(extent.learned()).isTrue();
        assertThat(extent.fit(MODEL_BOX).height()).isLessThan(0.9 * MODEL_BOX.height());
    }

    @Test
    void aFitMotionCannotMeanIsNotTaken() {
        // blobs twice the box (a shadow, a group the model saw one of): not where the person is
        PersonExtent extent = new PersonExtent();
        NormalizedBox twice = new NormalizedBox(MODEL_BOX.x(), MODEL_BOX.y() - 0.05, MODEL_BOX.width(), 2 * MODEL_BOX.height());
        for (int i = 0; i < 50; i++) extent.observe(MODEL_BOX, twice);
        assertThat(extent.fit(MODEL_BOX)).isSameAs(MODEL_BOX);
        // boxes and blobs of no height teach nothing
        PersonExtent empty = new PersonExtent();
        for (int i = 0; i < 50; i++) empty.observe(MODEL_BOX, new NormalizedBox(0.4, 0.3, 0.06, 0));
        assertThat(empty.samples()).isZero();
    }
}
