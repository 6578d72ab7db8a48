package vigil.analytics.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vigil.analytics.LumaFrame;

class MotionDetectorTest {

    private static final int W = 640;
    private static final int H = 360;
    private static final int STRIDE = 704; // padded rows, as decoders hand them out

    private final BytePointer plane = new BytePointer((long) STRIDE * H);
    private final byte[] pixels = new byte[STRIDE * H];
    private final SplittableRandom random = new SplittableRandom(42);
    private final MotionDetector detector = new MotionDetector(MotionSettings.defaults());

    @AfterEach
    void tearDown() {
        detector.close();
        plane.close();
    }

    /** A textured background, sensor noise, and optionally a dark box at (x, y, w, h). */
    private LumaFrame frame(long t, int offset, int x, int y, int w, int h) {
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                int v = 100 + (int) (30 * Math.sin(c / 20.0) * Math.cos(r / 15.0)) + offset + random.nextInt(-3, 4);
                if (c >= x && c < x + w && r >= y && r < y + h) v = 30 + (c + r) % 5;
                pixels[r * STRIDE + c] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        plane.position(0).put(pixels, 0, pixels.length).position(0);
        return new LumaFrame(plane, W, H, STRIDE, t);
    }

    private MotionResult settle() {
        MotionResult last = null;
        for (int i = 0; i < 20; i++) last = detector.detect(frame(i * 40L, 0, 0, 0, 0, 0));
        return last;
    }

    @Test
    void staticSceneHasNoMotionAfterCalibration() {
        MotionResult first = detector.detect(frame(0, 0, 0, 0, 0, 0));
        assertThat(first.calibrating()).isTrue();
        MotionResult settled = settle();
        assertThat(settled.calibrating()).isFalse();
        assertThat(settled.boxes().toList()).isEmpty();
    }

    @Test
    void movingObjectIsBoxedWhereItIs() {
        settle();
        MotionResult r = detector.detect(frame(1000, 0, 320, 120, 64, 128));
        assertThat(r.boxes().toList()).hasSize(1);
        NormalizedBox box = r.boxes().get(0);
        // dilation grows the box by a few analysis pixels (2 px at 320 wide = 4 px here)
        assertThat(box.x() * W).isCloseTo(320, within(8.0));
        assertThat(box.y() * H).isCloseTo(120, within(8.0));
        assertThat(box.width() * W).isCloseTo(64, within(16.0));
        assertThat(box.height() * H).isCloseTo(128, within(16.0));
    }

    @Test
    void twoSeparateObjectsAreTwoBoxesLargestFirst() {
        settle();
        LumaFrame f = frame(2000, 0, 400, 200, 100, 120);
        for (int row = 30; row < 90; row++) {
            for (int c = 50; c < 90; c++) pixels[row * STRIDE + c] = 20; // a second, smaller object
        }
        plane.position(0).put(pixels, 0, pixels.length).position(0);
        MotionResult two = detector.detect(f);
        assertThat(two.boxes().toList()).hasSize(2);
        assertThat(two.boxes().get(0).area()).isGreaterThan(two.boxes().get(1).area());
        assertThat(two.boxes().get(0).x() * W).isCloseTo(400, within(8.0));
        assertThat(two.boxes().get(1).x() * W).isCloseTo(50, within(8.0));
    }

    @Test
    void lightsSwitchedOnShiftTheBackgroundAndObjectsStayVisible() {
        settle();
        MotionResult lightsOn = detector.detect(frame(1000, 60, 0, 0, 0, 0));
        assertThat(lightsOn.boxes().toList()).isEmpty();
        assertThat(lightsOn.calibrating()).isFalse();
        // an object walking through right after the change is still seen
        MotionResult moving = detector.detect(frame(1040, 60, 100, 100, 60, 100));
        assertThat(moving.boxes().toList()).hasSize(1);
    }

    @Test
    void somethingThatStopsForGoodFadesAsSoonAtSevenFramesASecondAsAtTwentyFive() {
        // a 7 fps camera learns its background as fast in time as a 25 fps one: per frame, it took 3.6 times longer
        // to let an object that stopped (or the ghost a passer-by leaves) fade, and kept tracks on it for a minute
        double at25 = secondsUntilFaded(40), at7 = secondsUntilFaded(143);
        assertThat(at25).as("fades at all").isBetween(5.0, 60.0);
        assertThat(at7).isCloseTo(at25, within(0.25 * at25));
    }

    /**
     * Seconds from a dark box appearing and staying put until no motion is reported, frames {@code intervalMs} apart;
     * it must never be taken for a ghost on the way.
     */
    private double secondsUntilFaded(long intervalMs) {
        try (MotionDetector d = new MotionDetector(MotionSettings.defaults())) {
            long t = 0;
            for (int i = 0; i < 20 + MotionSettings.defaults().relearnFrames(); i++) d.detect(frame(t += intervalMs, 0, 0, 0, 0, 0));
            long appeared = t + intervalMs;
            while (t - appeared < 120_000) {
                MotionResult r = d.detect(frame(t += intervalMs, 0, 300, 120, 60, 100));
                // it is in view, outlined in the frame: fading, never taken for a ghost
                assertThat(r.ghostsCleared()).as("ghosts at %d ms", t - appeared).isZero();
                if (r.boxes().isEmpty()) return (t - appeared) / 1000.0;
            }
            return Double.NaN;
        }
    }

    @Test
    void aSmallChangeOfLightLeavesNoGhostWhereSomeoneStoodWhenItCame() {
        settle();
        long t = 1000;
        // past the relearning that follows calibration (the background learns the whole view quickly)
        for (int i = 0; i < MotionSettings.defaults().relearnFrames(); i++) detector.detect(frame(t += 40, 0, 0, 0, 0, 0));
        // someone stands two seconds (the background under them learns a little of them), the light rises by less
        // than the difference threshold while they stand, and they walk off
        for (int i = 0; i < 50; i++) detector.detect(frame(t += 40, 0, 200, 100, 60, 100));
        for (int i = 0; i < 5; i++) detector.detect(frame(t += 40, 22, 200, 100, 60, 100));
        MotionResult r = null;
        for (int x = 210; x <= 450; x += 10) r = detector.detect(frame(t += 40, 22, x, 100, 60, 100));
        assertThat(r.boxes().toList()).as("only the walker, nothing where they stood").hasSize(1);
        assertThat(r.boxes().x(0) * W).isCloseTo(450, within(10.0));
    }

    @Test
    void aChangeThatIsNoShiftRelearnsTheBackground() {
        settle();
        // the camera turned to another view: the texture itself changed
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) pixels[r * STRIDE + c] = (byte) (((c / 8 + r / 8) % 2) * 200 + 20);
        }
        plane.position(0).put(pixels, 0, pixels.length).position(0);
        MotionResult turned = detector.detect(new LumaFrame(plane, W, H, STRIDE, 1000));
        assertThat(turned.boxes().toList()).isEmpty();
        assertThat(turned.calibrating()).isTrue();
        MotionResult after = null;
        for (int i = 0; i < 10; i++) after = detector.detect(new LumaFrame(plane, W, H, STRIDE, 1040 + i * 40L));
        assertThat(after.calibrating()).isFalse();
        assertThat(after.boxes().toList()).isEmpty();
    }

    /** Ignores the left third of the view, settles and learns the empty view; answers the time of the last frame. */
    private long settledWithTheLeftThirdIgnored() {
        detector.setIgnoreAreas(List.of(List.of(new double[] {0, 0}, new double[] {0.33, 0}, new double[] {0.33, 1},
                new double[] {0, 1})));
        settle();
        long t = 1000;
        for (int i = 0; i < MotionSettings.defaults().relearnFrames(); i++) detector.detect(frame(t += 40, 0, 0, 0, 0, 0));
        return t;
    }

    /**
     * The view {@code light} grey levels brighter, a screen over its columns left of {@code screenEnd} {@code screen}
     * brighter still, and someone 28 brighter than the ground at (400, 100), 60x100.
     */
    private LumaFrame screenAndWalker(long t, int light, int screenEnd, int screen) {
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                int v = 100 + light + (int) (30 * Math.sin(c / 20.0) * Math.cos(r / 15.0)) + random.nextInt(-3, 4);
                if (c < screenEnd) v += screen;
                if (c >= 400 && c < 460 && r >= 100 && r < 200) v += 28;
                pixels[r * STRIDE + c] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        plane.position(0).put(pixels, 0, pixels.length).position(0);
        return new LumaFrame(plane, W, H, STRIDE, t);
    }

    @Test
    void aScreenFlashingInAnIgnoreAreaIsNotTakenForAChangeOfLight() {
        // the left third ignored: a big screen there flashes 60 grey levels brighter, as someone 28 brighter than the
        // ground walks in elsewhere (taking the flash for the light would raise the whole background and hide them)
        long t = settledWithTheLeftThirdIgnored();
        MotionResult r = detector.detect(screenAndWalker(t + 40, 0, W / 3, 60));
        assertThat(r.boxes().toList()).as("the walker, and nothing in the ignored area").hasSize(1);
        assertThat(r.boxes().x(0) * W).isCloseTo(400, within(10.0));
    }

    @Test
    void aLightChangeIsMeasuredWithoutTheIgnoreAreas() {
        // the lights come on (+40 everywhere, a global change) while a big screen in the ignored left third goes 90
        // brighter still: the background shifts by the light's 40, not by a mean the screen pulls up, and someone 28
        // brighter than the lit ground is seen at once
        long t = settledWithTheLeftThirdIgnored();
        // the screen a little inside the ignored area (blur spreads its edge)
        MotionResult r = detector.detect(screenAndWalker(t + 40, 40, W / 3 - 8, 90));
        assertThat(r.calibrating()).as("the light explained, nothing relearned").isFalse();
        assertThat(r.boxes().toList()).as("the walker").hasSize(1);
        assertThat(r.boxes().x(0) * W).isCloseTo(400, within(10.0));
    }

    @Test
    void motionInsideAnIgnoreAreaIsNotReported() {
        // ignore the left third of the view (a tree)
        detector.setIgnoreAreas(List.of(List.of(new double[] {0, 0}, new double[] {0.33, 0}, new double[] {0.33, 1},
                new double[] {0, 1})));
        settle();
        assertThat(detector.detect(frame(1000, 0, 60, 100, 60, 100)).boxes().toList()).isEmpty();
        MotionResult outside = detector.detect(frame(1040, 0, 400, 100, 60, 100));
        assertThat(outside.boxes().toList()).hasSize(1);
        assertThat(outside.boxes().get(0).x() * W).isCloseTo(400, within(8.0));
        detector.setIgnoreAreas(List.of());
        assertThat(detector.detect(frame(1080, 0, 60, 100, 60, 100)).boxes().toList()).hasSize(1);
    }

    @Test
    void someoneInViewWhileTheBackgroundWasLearnedLeavesNoGhostWhenTheyWalkOff() {
        // standing through the calibration and the relearning after it, they are learned as ground; the ground they
        // covered was a ghost once they walked off, reported (and tracked) until it faded, about 20 s
        long t = 0;
        for (int i = 0; i < 20 + MotionSettings.defaults().relearnFrames(); i++) detector.detect(frame(t += 40, 0, 200, 100, 60, 100));
        assertWalksOffLeavingNoGhost(t, 40);
    }

    @Test
    void aMedianBackgroundHoldingSomeoneWhoStoodThroughTheOpeningLosesThemWhenTheyLeave() {
        // offline analysis starts from the median of its opening: someone who stood through most of it is in that
        // median (PETS 2009's people talking by the pole), and the ground there showed as motion for a minute at 7 fps
        long t = 0;
        List<LumaFrame> samples = new java.util.ArrayList<>();
        List<BytePointer> copies = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 9; i++) {
                LumaFrame f = i < 2 ? frame(t += 143, 0, 0, 0, 0, 0) : frame(t += 143, 0, 200, 100, 60, 100);
                BytePointer copy = new BytePointer((long) STRIDE * H);
                copy.put(pixels, 0, pixels.length).position(0);
                copies.add(copy);
                samples.add(new LumaFrame(copy, W, H, STRIDE, f.captureTimeMs()));
            }
            detector.seedMedianBackground(samples);
        } finally {
            copies.forEach(BytePointer::close);
        }
        assertThat(detector.detect(frame(t += 143, 0, 200, 100, 60, 100)).boxes().toList()).as("they are the background").isEmpty();
        assertWalksOffLeavingNoGhost(t, 143);
    }

    /**
     * The dark box standing at (200, 100), learned as ground, walks off to the right, 10 px a frame for 36 frames
     * {@code intervalMs} apart from {@code t}: at the end, only the walker is reported, and the ghost was counted.
     */
    private void assertWalksOffLeavingNoGhost(long t, long intervalMs) {
        MotionResult r = null;
        int ghosts = 0;
        for (int x = 210; x <= 560; x += 10) {
            r = detector.detect(frame(t += intervalMs, 0, x, 100, 60, 100));
            ghosts += r.ghostsCleared();
        }
        assertThat(ghosts).as("ghosts counted").isPositive();
        assertThat(r.boxes().toList()).as("only the walker, nothing where they stood").hasSize(1);
        assertThat(r.boxes().x(0) * W).isCloseTo(560, within(10.0));
    }

    @Test
    void tinyChangesBelowMinimumAreaAreIgnored() {
        settle();
        MotionResult r = detector.detect(frame(1000, 0, 300, 100, 2, 2));
        assertThat(r.boxes().toList()).isEmpty();
    }
}
