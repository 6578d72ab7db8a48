package vigil.analytics.motion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MotionEventDetectorTest {

    private final MotionEventDetector detector = new MotionEventDetector(new MotionEventSettings(2, 1_000, 0.0, 500));
    private final List<MotionEvent> reported = new ArrayList<>();

    private void feed(long t, boolean motion, double x) {
        List<NormalizedBox> boxes = motion ? List.of(new NormalizedBox(x, 0.2, 0.1, 0.3)) : List.of();
        List<Double> changed = motion ? List.of(0.8) : List.of();
        // the detector fills the same event again at its next report
        if (detector.accept(MotionResult.of(t, boxes, changed, motion ? 0.03 : 0, false))) reported.add(detector.event().copy());
    }

    @Test
    void singleFrameBlipDoesNotOpenAnEvent() {
        feed(0, false, 0);
        feed(40, true, 0.1);
        for (long t = 80; t < 3000; t += 40) feed(t, false, 0);
        assertThat(reported).isEmpty();
    }

    @Test
    void eventOpensGrowsAndClosesAfterQuiet() {
        for (long t = 0; t <= 2000; t += 40) feed(t, true, 0.1 + t / 10_000.0);
        for (long t = 2040; t <= 4000; t += 40) feed(t, false, 0);
        assertThat(reported.get(0).open()).isTrue();
        assertThat(reported.get(0).startMs()).isEqualTo(0);
        MotionEvent closed = reported.get(reported.size() - 1);
        assertThat(closed.open()).isFalse();
        assertThat(closed.startMs()).isEqualTo(0);
        assertThat(closed.endMs()).isEqualTo(2000);
        assertThat(closed.unionBox().x()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(closed.unionBox().right()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        // reported again while open, about every 500 ms
        assertThat(reported.stream().filter(MotionEvent::open).count()).isBetween(4L, 6L);
        assertThat(reported.stream().filter(e -> !e.open()).count()).isEqualTo(1);
    }

    @Test
    void shortPauseKeepsOneEvent() {
        for (long t = 0; t <= 1000; t += 40) feed(t, true, 0.1);
        for (long t = 1040; t <= 1500; t += 40) feed(t, false, 0);
        for (long t = 1540; t <= 2000; t += 40) feed(t, true, 0.1);
        for (long t = 2040; t <= 4000; t += 40) feed(t, false, 0);
        assertThat(reported.stream().filter(e -> !e.open()).toList()).hasSize(1);
        assertThat(reported.stream().map(MotionEvent::startMs).distinct().toList()).containsExactly(0L);
    }

    @Test
    void finishClosesTheOpenEvent() {
        for (long t = 0; t <= 400; t += 40) feed(t, true, 0.1);
        assertThat(detector.finish()).isTrue();
        assertThat(detector.event().open()).isFalse();
        assertThat(detector.event().endMs()).isEqualTo(400);
        assertThat(detector.finish()).isFalse();
    }
}
