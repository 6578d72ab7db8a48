package vigil.analytics.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Overlaps of boxes kept as numbers, and no box read past the list's size. */
class BoxListTest {

    @Test
    void overlapsAreTheSharedAreaAndItsShareOfTheUnion() {
        BoxList a = new BoxList();
        a.add(0.0, 0.0, 0.4, 0.2);
        a.add(0.5, 0.5, 0.1, 0.1);
        BoxList b = new BoxList();
        b.add(0.2, 0.1, 0.4, 0.2);   // shares 0.2 x 0.1 with a's first
        b.add(0.6, 0.5, 0.1, 0.1);   // touches a's second along an edge: nothing shared
        assertThat(a.intersection(0, b, 0)).isCloseTo(0.02, within(1e-12));
        assertThat(a.iou(0, b, 0)).isCloseTo(0.02 / (0.08 + 0.08 - 0.02), within(1e-12));
        assertThat(a.intersection(1, b, 1)).isZero();
        assertThat(a.iou(1, b, 1)).isZero();
        assertThat(a.iou(0, a, 0)).isCloseTo(1.0, within(1e-12));
        assertThat(b.iou(0, a, 0)).isEqualTo(a.iou(0, b, 0));
    }

    @Test
    void aBoxPastTheSizeIsRefused() {
        BoxList a = new BoxList();
        a.add(0.1, 0.1, 0.2, 0.2);
        a.clear();
        a.add(0.3, 0.3, 0.1, 0.1);
        assertThatThrownBy(() -> a.iou(0, a, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
