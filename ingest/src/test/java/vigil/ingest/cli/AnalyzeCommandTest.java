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
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.H264Encoder;
import vigil.ingest.sim.SyntheticScene;
import vigil.ingest.sim.TestMedia;

/** {@code vigil analyze} on an encoded synthetic scene whose ground truth is known. */
class AnalyzeCommandTest {

    @TempDir
    Path dir;

    @Test
    void motFormatBoxesTheMovingObjectsWhereTheTruthSaysTheyAre() throws Exception {
        int frames = 150;
        EncodedLoop loop = TestMedia.small(frames, 7);
        SyntheticScene scene = TestMedia.smallScene(frames, 7);
        Path file = dir.resolve("scene.h264");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (H264Encoder.EncodedFrame f : loop.frames()) out.write(f.annexB());
        }

        String output = run("analyze", file.toString(), "--format", "mot");
        List<double[]> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            assertThat(f).hasSize(10);
            assertThat(f[1]).isEqualTo("-1");
            rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5])});
        }
        assertThat(rows).isNotEmpty();

        // every truth box fully inside the frame, after the detector has settled, is matched by a box (IoU >= 0.5)
        int truthBoxes = 0, matched = 0;
        for (int frame = 10; frame < frames; frame++) {
            List<SyntheticScene.TruthBox> truth = scene.truth(frame);
            for (SyntheticScene.TruthBox t : truth) {
                if (t.left() == 0 || t.left() + t.width() >= scene.width()) continue; // entering or leaving
                // objects that touch are one motion blob; telling them apart is the tracker's job
                if (truth.stream().anyMatch(o -> o != t && near(o, t, 8))) continue;
                truthBoxes++;
                int motFrame = frame + 1;
                boolean hit = rows.stream().filter(r -> r[0] == motFrame).anyMatch(r -> iou(r, t) >= 0.5);
                if (hit) matched++;
            }
        }
        assertThat(truthBoxes).isGreaterThan(50);
        assertThat(matched / (double) truthBoxes).as("matched %d of %d truth boxes", matched, truthBoxes).isGreaterThan(0.95);

        // quiet frames at the start of the loop have no boxes after calibration
        assertThat(rows.stream().filter(r -> r[0] > 10 && r[0] <= 25)).isEmpty();
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
        CommandLine cli = new CommandLine(new VigilCommand());
        cli.setErr(new java.io.PrintWriter(err, true));
        int code = cli.execute("analyze", dir.resolve("missing.mp4").toString());
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("cannot read");
    }

    private static boolean near(SyntheticScene.TruthBox a, SyntheticScene.TruthBox b, int px) {
        return a.left() - px < b.left() + b.width() && b.left() - px < a.left() + a.width()
                && a.top() - px < b.top() + b.height() && b.top() - px < a.top() + a.height();
    }

    private static double iou(double[] r, SyntheticScene.TruthBox t) {
        double ix = Math.max(0, Math.min(r[1] + r[3], t.left() + t.width()) - Math.max(r[1], t.left()));
        double iy = Math.max(0, Math.min(r[2] + r[4], t.top() + t.height()) - Math.max(r[2], t.top()));
        double inter = ix * iy;
        return inter / (r[3] * r[4] + (double) t.width() * t.height() - inter);
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new VigilCommand()).execute(args);
            assertThat(code).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
