package vigil.analytics.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MotEvaluatorTest {

    private static MotBox b(int frame, long id, double x) {
        return new MotBox(frame, id, x, 0, 10, 10);
    }

    @Test
    void perfectTrackingScoresOne() {
        List<MotBox> gt = new ArrayList<>();
        for (int f = 1; f <= 10; f++) {
            gt.add(b(f, 1, f));
            gt.add(b(f, 2, 50 + f));
        }
        MotScore s = MotEvaluator.evaluate(gt, gt);
        assertThat(s.mota()).isEqualTo(1.0);
        assertThat(s.idf1()).isEqualTo(1.0);
        assertThat(s.idSwitches()).isZero();
    }

    @Test
    void countsMissesFalsePositivesAndSwitchesAsTrackEvalDoes() {
        List<MotBox> gt = new ArrayList<>(), pr = new ArrayList<>();
        for (int f = 1; f <= 10; f++) {
            gt.add(b(f, 1, f));
            if (f != 3) pr.add(b(f, f <= 5 ? 7 : 8, f + 1));  // IoU 9/11 > 0.5; missed in frame 3; id changes at 6
            if (f == 4) pr.add(b(f, 9, 200));                  // one false positive
        }
        MotScore s = MotEvaluator.evaluate(gt, pr);
        assertThat(s.falseNegatives()).isEqualTo(1);
        assertThat(s.falsePositives()).isEqualTo(1);
        assertThat(s.idSwitches()).isEqualTo(1);
        assertThat(s.mota()).isCloseTo(1 - 3 / 10.0, within(1e-9));
        // best id mapping: gt 1 -> 8 (frames 6..10) = 5 IDTP; IDF1 = 2*5 / (10 + 10)
        assertThat(s.idf1()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void boxesBelowHalfOverlapDoNotMatch() {
        MotScore s = MotEvaluator.evaluate(List.of(b(1, 1, 0)), List.of(b(1, 1, 6))); // IoU 4/16
        assertThat(s.truePositives()).isZero();
        assertThat(s.mota()).isEqualTo(-1.0);
    }
}
