package vigil.ingest.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.analytics.eval.MotScore;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.ObjectKind;
import vigil.analytics.track.SceneSettings;
import vigil.ingest.sim.TrackingScene;

/**
 * The synthetic tracking suite (what {@code vigil evaluate} prints), held to floors just under what the tracker
 * scores today, so a change that makes tracking worse fails here. The targets are recorded in
 * bench/RESULTS.md next to the measured table.
 */
class TrackingQualityTest {

    @TempDir
    Path dir;

    @Test
    void syntheticSuiteStaysAboveItsFloors() {
        Map<String, MotScore> scores = new TrackingEvaluation(MotionSettings.defaults(), SceneSettings.defaults()).synthetic(dir);
        assertThat(scores).hasSize(10);
        Set<String> raised = new HashSet<>();
        TrackingScene.raisedCameras().forEach(scene -> raised.add(scene.name()));
        Map<String, MotScore> street = new LinkedHashMap<>(scores);
        street.keySet().removeAll(raised);
        StringBuilder table = new StringBuilder(MotScore.header()).append('\n');
        scores.forEach((name, s) -> table.append(s.row(name)).append('\n'));
        MotScore pooled = TrackingEvaluation.pooled(street.values());
        table.append(pooled.row("pooled (street family)"));
        assertThat(pooled.mota()).as(table.toString()).isGreaterThanOrEqualTo(0.92);
        assertThat(pooled.idf1()).as(table.toString()).isGreaterThanOrEqualTo(0.93);
        street.forEach((name, s) -> assertThat(s.mota()).as(name + "\n" + table).isGreaterThanOrEqualTo(0.85));
        // the raised-camera family: floors under today's scores (0.864/0.857 and 0.690/0.639); issue 9 aims at
        // MOTA 0.85 / IDF1 0.80 on both (raised-square has it); raise them as the people model improves
        assertThat(scores.get("raised-square").mota()).as(table.toString()).isGreaterThanOrEqualTo(0.83);
        assertThat(scores.get("raised-square").idf1()).as(table.toString()).isGreaterThanOrEqualTo(0.80);
        assertThat(scores.get("raised-groups-7fps").mota()).as(table.toString()).isGreaterThanOrEqualTo(0.58);
        assertThat(scores.get("raised-groups-7fps").idf1()).as(table.toString()).isGreaterThanOrEqualTo(0.60);
    }

    /**
     * MOT15's people, scored on people tracks, stay well above a plain MOG2 + IoU tracker (MOTA 0.02 and -0.46,
     * IDF1 0.23 and 0.09). Skipped where the shared data is absent.
     */
    @Test
    void mot15PeopleStayWellAboveTheBackgroundSubtractionBaseline() {
        Path root = Path.of("..", "..", "shared", "data", "mot15");
        assumeTrue(Files.isDirectory(root), "no MOT15 sequences at " + root.toAbsolutePath());
        Map<String, MotScore> scores = new TrackingEvaluation(MotionSettings.defaults(), SceneSettings.defaults())
                .motChallenge(root, EnumSet.of(ObjectKind.PERSON));
        StringBuilder table = new StringBuilder(MotScore.header()).append('\n');
        scores.forEach((name, s) -> table.append(s.row(name)).append('\n'));
        assertThat(scores).as(table.toString()).containsKeys("TUD-Campus", "TUD-Stadtmitte");
        // TUD-Campus fell from 0.407/0.591 to 0.114/0.378 when people came to be looked for per track at their own
        // size (issue 9: a group walking at different depths becomes one person box between their sizes); issue 9
        // asks 0.351 back
        assertThat(scores.get("TUD-Campus").mota()).as(table.toString()).isGreaterThanOrEqualTo(0.1);
        assertThat(scores.get("TUD-Campus").idf1()).as(table.toString()).isGreaterThanOrEqualTo(0.3);
        assertThat(scores.get("TUD-Stadtmitte").mota()).as(table.toString()).isGreaterThanOrEqualTo(0.5);
        assertThat(scores.get("TUD-Stadtmitte").idf1()).as(table.toString()).isGreaterThanOrEqualTo(0.55);
    }
}
