package vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code vigil bench streams} as a performance engineer runs it: a real node process, real RTSP, FFmpeg's CLI. */
class StreamsBenchCommandTest {

    @Test
    void oneShortRunMeasuresTheNodeAgainstTheDecodeFloorAndTheCaptureToCatalogLatency() throws Exception {
        Result r = run("streams", "--cameras", "1", "--resolution", "720p", "--scene", "synthetic", "--seconds", "6",
                "--warmup-seconds", "4", "--port", Integer.toString(freePort()));
        assertThat(r.exit).as(r.out).isZero();
        List<String> rows = r.out.lines().filter(l -> l.startsWith("| 1 |")).toList();
        assertThat(rows).as(r.out).hasSize(1);
        String[] cells = Arrays.stream(rows.get(0).split("\\|")).map(String::strip).filter(c -> !c.isEmpty()).toArray(String[]::new);
        // | cameras | node cores | per camera | received | analysed | skipped | reduced | node ms | FFmpeg ms | ratio | motion ms | track ms
        // | FFmpeg at the stream's pace ms | ratio to it |
        assertThat(cells).hasSize(14);
        assertThat(Long.parseLong(cells[3])).as("frames received in 6 s at 25 fps").isBetween(100L, 200L);
        assertThat(Long.parseLong(cells[4])).isPositive();
        assertThat(Double.parseDouble(cells[8])).as("FFmpeg's decode of the same stream").isPositive();
        assertThat(Double.parseDouble(cells[9])).as("the node decodes and does more than decode").isGreaterThan(1.0);
        assertThat(Double.parseDouble(cells[10])).as("motion events reach the catalog").isBetween(0.0, 10_000.0);
        assertThat(Double.parseDouble(cells[12])).as("FFmpeg's decode of the stream at its pace").isPositive();
        assertThat(Double.parseDouble(cells[13])).isCloseTo(Double.parseDouble(cells[7]) / Double.parseDouble(cells[12]), withinPercentage(3));
    }

    @Test
    void aResolutionItDoesNotKnowIsOneClearLine() throws Exception {
        Result r = run("streams", "--resolution", "4k");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--resolution must be 1080p, 720p or a list of them");
    }

    @Test
    void aGatheringTimeTheNodeWouldRefuseIsOneClearLineBeforeAnythingStarts() throws Exception {
        Result r = run("streams", "--gather-ms", "-1");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--gather-ms must be 0..2000");
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8); PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            System.setOut(po);
            System.setErr(pe);
            int exit = BenchCommand.cli().setOut(new PrintWriter(po, true)).setErr(new PrintWriter(pe, true)).execute(args);
            return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
