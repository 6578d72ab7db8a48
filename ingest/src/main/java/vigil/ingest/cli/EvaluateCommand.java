package vigil.ingest.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vigil.analytics.eval.MotScore;
import vigil.analytics.motion.MotionSettings;
import java.util.EnumSet;
import vigil.analytics.track.ObjectKind;
import vigil.analytics.track.SceneSettings;
import vigil.ingest.analyze.TrackingEvaluation;
import vigil.ingest.sim.TrackingScene;

/** {@code vigil evaluate}: the tracking quality suite (synthetic scenes, and MOTChallenge sequences if present). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score tracking (MOTA, IDF1, ID switches at IoU 0.5) on the synthetic suite and MOT15 sequences.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--mot15", description = "folder of MOTChallenge sequences (default: ${DEFAULT-VALUE}; skipped if absent)",
            defaultValue = "../shared/data/mot15")
    Path mot15;

    @Option(names = "--more-raised", description = "also score this many more seeded raised-camera variations, pooled"
            + " (the family's six move by a few hundredths with any change; more of them judge a change more surely;"
            + " about 5 s of CPU each; default: ${DEFAULT-VALUE})", defaultValue = "0")
    int moreRaised;

    @Option(names = "--more-raised-seed", description = "seed of those variations (default: ${DEFAULT-VALUE}; the family's own is "
            + TrackingScene.RAISED_VARIANTS_SEED + ")", defaultValue = "77")
    long moreRaisedSeed;

    @Option(names = "--real-variations", description = "also score each MOTChallenge sequence's people as 8 variations,"
            + " pooled: trimmed openings (from the first frame, a sixth, a third, half in) played forwards and backwards;"
            + " a short real sequence's own score moves by tenths with any change")
    boolean realVariations;

    @Override
    public Integer call() throws IOException {
        if (moreRaised < 0 || moreRaised > 200) throw new IllegalArgumentException("--more-raised must be 0..200, not " + moreRaised);
        TrackingEvaluation evaluation = new TrackingEvaluation(MotionSettings.defaults(), SceneSettings.defaults());
        TrackingEvaluation motionOnly = new TrackingEvaluation(MotionSettings.defaults(), SceneSettings.motionOnly());
        Path work = Files.createTempDirectory("vigil-evaluate");
        try {
            System.out.println(MotScore.header());
            Map<String, MotScore> synthetic = evaluation.synthetic(work);
            synthetic.forEach((name, s) -> System.out.println(s.row(name)));
            System.out.println(TrackingEvaluation.pooled(synthetic.values()).row("synthetic (pooled)"));
            System.out.println(TrackingEvaluation.pooled(TrackingEvaluation.raisedFamily(synthetic).values()).row("raised family (pooled)"));
            if (moreRaised > 0) {
                List<MotScore> more = new ArrayList<>();
                for (TrackingScene scene : TrackingScene.raisedCameraVariants(moreRaised, moreRaisedSeed)) more.add(evaluation.scene(scene, work));
                System.out.println(TrackingEvaluation.pooled(more).row(moreRaised + " more raised (pooled)"));
            }
            // MOTChallenge labels people: the people tracks are scored; beside them, every track (people and
            // other moving objects) and the motion-only tracker, to show what each part brings
            Map<String, MotScore> people = evaluation.motChallenge(mot15, EnumSet.of(ObjectKind.PERSON));
            if (people.isEmpty()) {
                System.out.println("(no MOTChallenge sequences under " + mot15 + ")");
                return 0;
            }
            people.forEach((name, s) -> System.out.println(s.row(name + " people")));
            if (realVariations) {
                Map<String, MotScore> varied = evaluation.motChallengeVariations(mot15, EnumSet.of(ObjectKind.PERSON));
                varied.forEach((name, s) -> System.out.println(s.row(name + " people, 8 variations")));
                people.keySet().stream().filter(name -> !varied.containsKey(name))
                        .forEach(name -> System.out.println("(" + name + ": not varied, too large to hold decoded in memory)"));
            }
            evaluation.motChallenge(mot15, EnumSet.allOf(ObjectKind.class))
                    .forEach((name, s) -> System.out.println(s.row(name + " all tracks")));
            motionOnly.motChallenge(mot15, EnumSet.allOf(ObjectKind.class))
                    .forEach((name, s) -> System.out.println(s.row(name + " motion only")));
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }
}
