package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vigil.ingest.node.DegradePolicy.Level;
import vigil.ingest.node.DegradePolicy.Step;

class DegradePolicyTest {

    private static final String CAMERA = "cam-d";

    private final CameraStatusBoard board = new CameraStatusBoard();
    private final List<Boolean> peopleSwitches = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private long nowMs = 1_000_000;
    private final DegradePolicy policy = new DegradePolicy(CAMERA, 50, board, peopleSwitches::add, levels::add, () -> nowMs);

    DegradePolicyTest() {
        board.track(CAMERA);
    }

    @Test
    void fallingBehindPausesPeopleFirstThenKeepsKeyframesOnlyAndRecoversStepByStep() {
        assertThat(policy.next(10, false, false)).isEqualTo(Step.ANALYSE);
        assertThat(levels).isEmpty();

        assertThat(policy.next(30, false, false)).as("past half the backlog").isEqualTo(Step.ANALYSE);
        assertThat(peopleSwitches).containsExactly(true);
        assertThat(board.statusOf(CAMERA).analysisReduced()).contains("person detection paused");

        assertThat(policy.next(60, false, false)).as("past the backlog allowed").isEqualTo(Step.SKIP_ENDING_TRACKS);
        assertThat(policy.next(59, true, false)).as("keyframes are still analysed").isEqualTo(Step.ANALYSE);
        assertThat(board.statusOf(CAMERA).analysisReduced()).contains("keyframes only");

        // caught up for a moment (the end of a burst): nothing comes back yet
        assertThat(policy.next(0, false, false)).isEqualTo(Step.SKIP_ENDING_TRACKS);
        nowMs += DegradePolicy.RECOVER_AFTER_MS / 2;
        assertThat(policy.next(1, true, false)).isEqualTo(Step.ANALYSE);
        assertThat(policy.next(30, false, false)).as("the next burst").isEqualTo(Step.SKIP_ENDING_TRACKS);
        nowMs += DegradePolicy.RECOVER_AFTER_MS;
        assertThat(policy.next(0, false, false)).as("the time kept up starts again after a burst").isEqualTo(Step.SKIP_ENDING_TRACKS);
        assertThat(peopleSwitches).containsExactly(true);

        // kept up long enough: people come back, every frame at the next keyframe (a picture that decodes alone)
        nowMs += DegradePolicy.RECOVER_AFTER_MS;
        assertThat(policy.next(0, false, false)).isEqualTo(Step.SKIP_ENDING_TRACKS);
        assertThat(peopleSwitches).containsExactly(true, false);
        assertThat(policy.next(0, true, false)).isEqualTo(Step.ANALYSE);
        assertThat(policy.next(0, false, false)).isEqualTo(Step.ANALYSE);
        assertThat(levels).containsExactly(Level.PEOPLE_PAUSED, Level.KEYFRAMES_ONLY, Level.FULL);
        assertThat(board.statusOf(CAMERA).analysisReduced()).isNull();
    }

    @Test
    void keyframePatrolSkipsOtherFramesWithoutEndingTracksAndIsNoDegradation() {
        assertThat(policy.next(0, true, true)).isEqualTo(Step.ANALYSE);
        assertThat(policy.next(0, false, true)).isEqualTo(Step.SKIP);
        assertThat(levels).isEmpty();
        assertThat(board.statusOf(CAMERA).analysisReduced()).isNull();
    }
}
