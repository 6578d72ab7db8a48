package vigil.ingest.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** {@code vigil evaluate}: the tracking quality suite (synthetic scenes, and MOTChallenge sequences if present). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score tracking (MOTA, IDF1, ID switches at IoU 0.5) on the synthetic suite and MOT15 sequences.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--mot15", description = "folder of MOTChallenge sequences (default: ${DEFAULT-VALUE}; skipped if absent)",
            defaultValue = "../shared/data/mot15")
    Path mot15;

    @Override
    public Integer call() throws IOException {
        TrackingEvaluation evaluation = new TrackingEvaluation(MotionSettings.defaults(), SceneSettings.defaults());
        TrackingEvaluation motionOnly = new TrackingEvaluation(MotionSettings.defaults(), SceneSettings.motionOnly());
        Path work = Files.createTempDirectory("vigil-evaluate");
        try {
            System.out.println(MotScore.header());
            Map<String, MotScore> synthetic = evaluation.synthetic(work);
            synthetic.forEach((name, s) -> System.out.println(s.row(name)));
            System.out.println(TrackingEvaluation.pooled(synthetic.values()).row("synthetic (pooled)"));
            System.out.println(TrackingEvaluation.pooled(TrackingEvaluation.raisedFamily(synthetic).values()).row("raised family (pooled)"));
            // MOTChallenge labels people: the people tracks are scored; beside them, every track (people and
            // other moving objects) and the motion-only tracker, to show what each part brings
            Map<String, MotScore> people = evaluation.motChallenge(mot15, EnumSet.of(ObjectKind.PERSON));
            if (people.isEmpty()) {
                System.out.println("(no MOTChallenge sequences under " + mot15 + ")");
                return 0;
            }
            people.forEach((name, s) -> System.out.println(s.row(name + " people")));
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
