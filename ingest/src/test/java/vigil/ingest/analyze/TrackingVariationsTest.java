package vigil.ingest.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.analytics.eval.MotBox;
import vigil.analytics.eval.MotScore;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.ObjectKind;
import vigil.analytics.track.SceneSettings;
import vigil.ingest.sim.TrackingScene;

/** A labelled sequence scored again trimmed and played backwards, as {@code vigil evaluate --real-variations} does. */
class TrackingVariationsTest {

    @TempDir
    Path dir;

    @Test
    void eachVariationIsScoredAgainstTheLabelsOfTheFramesItPlays() throws Exception {
        TrackingScene scene = TrackingScene.suite().stream().filter(s -> s.name().equals("crossing")).findFirst().orElseThrow();
        // a MOTChallenge folder: <name>/<name>.mp4 and <name>/gt/gt.txt
        Path root = dir.resolve("mot"), seq = root.resolve(scene.name());
        Files.createDirectories(seq.resolve("gt"));
        Files.move(TrackingEvaluation.record(scene, dir), seq.resolve(scene.name() + ".mp4"));
        List<String> lines = new ArrayList<>();
        for (MotBox b : scene.truth()) {
            lines.add(b.frame() + "," + b.id() + "," + b.left() + "," + b.top() + "," + b.width() + "," + b.height() + ",1,-1,-1,-1");
        }
        Files.write(seq.resolve("gt").resolve("gt.txt"), lines);

        TrackingEvaluation evaluation = new TrackingEvaluation(MotionSettings.defaults(), SceneSettings.defaults());
        Map<String, MotScore> pooled = evaluation.motChallengeVariations(root, EnumSet.allOf(ObjectKind.class));
        MotScore whole = evaluation.motChallenge(root, EnumSet.allOf(ObjectKind.class)).get(scene.name());

        // forwards from frame 1, a sixth, a third and half in; backwards from the last frame and as far from it
        int n = scene.frames();
        long expected = 0;
        for (int i = 0; i < 4; i++) {
            int skipped = i * n / 6;
            for (MotBox b : scene.truth()) {
                if (b.frame() > skipped) expected++;
                if (b.frame() <= n - skipped) expected++;
            }
        }
        assertThat(pooled).containsOnlyKeys(scene.name());
        MotScore variations = pooled.get(scene.name());
        assertThat(variations.gtBoxes()).isEqualTo(expected);
        // two people crossing are followed as well backwards and from later starts as the sequence itself
        assertThat(whole.mota()).isGreaterThan(0.9);
        assertThat(variations.mota()).isGreaterThan(whole.mota() - 0.1);
        assertThat(variations.idf1()).isGreaterThan(0.85);
    }
}
