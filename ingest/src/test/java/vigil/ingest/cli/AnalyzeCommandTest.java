package vigil.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vigil.analytics.FrameAnalysis;
import vigil.analytics.LumaFrame;
import vigil.analytics.eval.MotBox;
import vigil.analytics.eval.MotEvaluator;
import vigil.analytics.eval.MotScore;
import vigil.analytics.motion.MotionResult;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.SceneSettings;
import vigil.analytics.track.TrackedObject;
import vigil.ingest.analyze.VideoFileAnalyzer;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.H264Encoder;
import vigil.ingest.sim.SyntheticScene;
import vigil.ingest.sim.TestMedia;

/** {@code vigil analyze} on an encoded synthetic scene whose ground truth is known. */
class AnalyzeCommandTest {

    @TempDir
    Path dir;

    @Test
    void motFormatTracksTheMovingObjectsWhereTheTruthSaysTheyAre() throws Exception {
        int frames = 150;
        EncodedLoop loop = TestMedia.small(frames, 7);
        SyntheticScene scene = TestMedia.smallScene(frames, 7);
        Path file = dir.resolve("scene.h264");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (H264Encoder.EncodedFrame f : loop.frames()) out.write(f.annexB());
        }

        // as a node decodes for analysis (without the deblocking filter), and exact pictures (--deblock)
        for (List<String> decoding : List.of(List.<String>of(), List.of("--deblock"))) {
            List<String> args = new ArrayList<>(List.of("analyze", file.toString(), "--format", "mot"));
            args.addAll(decoding);
            assertTracksFollowTheTruth(run(args.toArray(String[]::new)), scene, frames, String.join(" ", decoding));
        }
    }

    private static void assertTracksFollowTheTruth(String output, SyntheticScene scene, int frames, String decoding) {
        List<MotBox> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            assertThat(f).hasSize(10);
            assertThat(Long.parseLong(f[1])).isPositive(); // a track id
            rows.add(MotBox.parse(line));
        }
        List<MotBox> truth = new ArrayList<>();
        for (int frame = 0; frame < frames; frame++) {
            for (SyntheticScene.TruthBox t : scene.truth(frame)) {
                truth.add(new MotBox(frame + 1, t.objectId(), t.left(), t.top(), t.width(), t.height()));
            }
        }
        MotScore score = MotEvaluator.evaluate(truth, rows);
        assertThat(score.mota()).as(decoding + " " + score).isGreaterThan(0.8);
        assertThat(score.idf1()).as(decoding + " " + score).isGreaterThan(0.8);
        assertThat(score.predictedIds()).isLessThanOrEqualTo(4); // two objects, crossing once
    }

    @Test
    void jsonFormatReportsFramesAndMotionEvents() throws Exception {
        EncodedLoop loop = TestMedia.small(150, 7);
        Path file = dir.resolve("scene.h264");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (H264Encoder.EncodedFrame f : loop.frames()) out.write(f.annexB());
        }
        String output = run("analyze", file.toString());
        assertThat(output.lines().filter(l -> l.startsWith("{\"frame\":"))).hasSize(150);
        assertThat(output).contains("{\"motionEvent\":");
    }

    @Test
    void unreadableFileIsAClearError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = VigilCommand.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));
        int code = cli.execute("analyze", dir.resolve("missing.mp4").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("vigil: cannot read").doesNotContain("at vigil.");
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        CommandLine cli2 = VigilCommand.commandLine();
        cli2.setErr(new java.io.PrintWriter(err2, true));
        Path notVideo = dir.resolve("notes.txt");
        try {
            Files.writeString(notVideo, "not a video");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(cli2.execute("analyze", notVideo.toString())).isEqualTo(2);
        assertThat(err2.toString()).contains("is not a media file FFmpeg can open");
        ByteArrayOutputStream err3 = new ByteArrayOutputStream();
        CommandLine cli3 = VigilCommand.commandLine();
        cli3.setErr(new java.io.PrintWriter(err3, true));
        Path empty = dir.resolve("empty.mp4");
        try {
            Files.write(empty, new byte[0]);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(cli3.execute("analyze", empty.toString())).isEqualTo(2);
        assertThat(err3.toString()).startsWith("vigil: ").contains("is empty").doesNotContain("at vigil.");
    }

    @Test
    void evaluateRefusesANegativeCountOfMoreScenes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = VigilCommand.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));
        assertThat(cli.execute("evaluate", "--more-raised=-3")).isEqualTo(2);
        assertThat(err.toString()).startsWith("vigil: --more-raised must be 0..200, not -3").doesNotContain("at vigil.");
    }

    @Test
    void badPeopleOptionsAreClearErrors() {
        for (String[] args : List.of(new String[] {"--people", "maybe"}, new String[] {"--min-person-height", "0"},
                new String[] {"--kind", "car"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CommandLine cli = VigilCommand.commandLine();
            cli.setErr(new java.io.PrintWriter(err, true));
            List<String> all = new java.util.ArrayList<>(List.of("analyze", dir.resolve("any.mp4").toString()));
            all.addAll(List.of(args));
            assertThat(cli.execute(all.toArray(String[]::new))).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).startsWith("vigil: ").contains(args[0].equals("--kind") ? "kind" : args[0])
                    .doesNotContain("at vigil.");
        }
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = VigilCommand.commandLine().execute(args);
            assertThat(code).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void analysisReportsEveryFrameOnceInOrderOpeningIncluded() throws Exception {
        EncodedLoop loop = TestMedia.small(250, 7); // longer than the opening kept for the median background
        Path file = dir.resolve("once.h264");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (H264Encoder.EncodedFrame f : loop.frames()) out.write(f.annexB());
        }
        List<Long> times = new ArrayList<>();
        new VideoFileAnalyzer(MotionSettings.defaults(), SceneSettings.defaults()).analyze(file, new FrameAnalysis.Listener() {
            @Override
            public void frame(LumaFrame frame, MotionResult motion, List<TrackedObject> objects) {
                times.add(frame.captureTimeMs());
            }
        });
        assertThat(times).hasSize(250).isSorted().doesNotHaveDuplicates();
    }
}
