package vigil.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import vigil.analytics.detect.PersonSettings;
import vigil.analytics.motion.MotionEvent;
import vigil.analytics.motion.MotionResult;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.SceneSettings;
import vigil.analytics.track.TrackedObject;

/** The same analysis for every frame, or, for frames that stand alone (keyframe patrol), motion only. */
class FrameAnalysisTest {

    private static final int W = 320;
    private static final int H = 180;

    private final List<MotionResult> motion = new ArrayList<>();
    private final List<List<TrackedObject>> objects = new ArrayList<>();
    private final List<MotionEvent> events = new ArrayList<>();

    private final FrameAnalysis.Listener listener = new FrameAnalysis.Listener() {
        @Override
        public void frame(LumaFrame frame, MotionResult result, List<TrackedObject> tracked) {
            motion.add(result.copy()); // the detector fills the same result again next frame
            objects.add(List.copyOf(tracked));
        }

        @Override
        public void motionEvent(MotionEvent event) {
            events.add(event);
        }
    };

    /** A grey view with a dark block at column {@code x} (none when negative). */
    private static void draw(BytePointer plane, int x) {
        byte[] pixels = new byte[W * H];
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                boolean block = x >= 0 && c >= x && c < x + 24 && r >= 60 && r < 120;
                pixels[r * W + c] = (byte) (block ? 20 : 120 + (c * 7 + r * 3) % 11);
            }
        }
        plane.position(0).put(pixels, 0, pixels.length).position(0);
    }

    @Test
    void framesAloneReportMotionAndEventsButFollowNothing() {
        try (BytePointer plane = new BytePointer((long) W * H);
             FrameAnalysis analysis = new FrameAnalysis(AnalysisSettings.offline(MotionSettings.defaults(), SceneSettings.defaults()), listener)) {
            // every frame analysed: the block crossing is followed
            long t = emptyThenCrossing(analysis, plane);
            assertThat(objects.get(objects.size() - 1)).isNotEmpty();
            int before = motion.size();
            // keyframes two seconds apart, something creeping: motion and its event, no person model and no objects
            // (analyse() would search the blob for people on each and report it as an object once it has crept far enough)
            analysis.endTracks();
            for (int i = 0; i < 6; i++, t += 2_000) {
                draw(plane, 100 + 4 * i);
                analysis.analyseAlone(new LumaFrame(plane, W, H, W, t));
                assertThat(analysis.lastPersonDetectNanos()).isEqualTo(-1);
            }
            assertThat(motion.subList(before, motion.size())).allSatisfy(m -> assertThat(m.hasMotion()).isTrue());
            assertThat(objects.subList(before, objects.size())).allSatisfy(o -> assertThat(o).isEmpty());
            assertThat(events).isNotEmpty();
        }
    }

    @Test
    void tracksFollowedAfterThePeopleSettingChangesHaveNewIds() {
        try (BytePointer plane = new BytePointer((long) W * H);
             FrameAnalysis analysis = new FrameAnalysis(AnalysisSettings.offline(MotionSettings.defaults(), SceneSettings.defaults()), listener)) {
            long t = emptyThenCrossing(analysis, plane);
            Set<Long> first = ids(objects);
            assertThat(first).isNotEmpty();
            objects.clear();
            // the operator turns people off for this camera: tracking starts again, numbering goes on
            analysis.usePeople(PersonSettings.off());
            for (int i = 0; i < 20; i++, t += 40) {
                draw(plane, 140 - 6 * i);
                analysis.analyse(new LumaFrame(plane, W, H, W, t));
            }
            Set<Long> second = ids(objects);
            assertThat(second).isNotEmpty().doesNotContainAnyElementsOf(first);
        }
    }

    /** 30 frames of the empty view, then the block crossing it for 20, every frame analysed; answers the next frame's time. */
    private static long emptyThenCrossing(FrameAnalysis analysis, BytePointer plane) {
        long t = 0;
        for (int i = 0; i < 30; i++, t += 40) {
            draw(plane, -1);
            analysis.analyse(new LumaFrame(plane, W, H, W, t));
        }
        for (int i = 0; i < 20; i++, t += 40) {
            draw(plane, 20 + 6 * i);
            analysis.analyse(new LumaFrame(plane, W, H, W, t));
        }
        return t;
    }

    private static Set<Long> ids(List<List<TrackedObject>> frames) {
        Set<Long> ids = new HashSet<>();
        frames.forEach(f -> f.forEach(o -> ids.add(o.trackId())));
        return ids;
    }
}
