package vigil.ingest.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.catalog.store.Clip;
import vigil.catalog.store.JdbcCatalogStore;
import vigil.ingest.h264.AccessUnit;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.H264Encoder;
import vigil.ingest.sim.TestMedia;

class SegmentRecorderTest {

    private static final long T0 = Instant.parse("2026-11-21T02:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private static List<AccessUnit> units(int count, int firstFrame) {
        EncodedLoop loop = TestMedia.small(150, 7);
        List<AccessUnit> out = new ArrayList<>();
        for (int i = firstFrame; i < firstFrame + count; i++) {
            H264Encoder.EncodedFrame f = loop.frames().get(i % loop.frames().size());
            out.add(new AccessUnit(f.annexB(), i * 3600L, T0 + i * 40L, f.keyframe(), false));
        }
        return out;
    }

    @Test
    void cutsSegmentsAtKeyframesAfterTheTargetLengthAndSkipsTheLeadingPartialGop() throws Exception {
        List<ClosedSegment> closed = new ArrayList<>();
        SegmentRecorder recorder = new SegmentRecorder("cam", dir, 2_000, closed::add);
        for (AccessUnit u : units(135, 15)) recorder.write(u); // frames 15..149: starts mid-GOP
        recorder.close();

        assertThat(recorder.unitsSkipped()).isEqualTo(10); // frames 15..24 precede the first keyframe (25)
        assertThat(closed).hasSize(3);
        ClosedSegment first = closed.get(0);
        assertThat(first.startMs()).isEqualTo(T0 + 25 * 40);
        assertThat(first.endMs() - first.startMs()).isEqualTo(2_000);
        assertThat(first.path()).startsWith(dir.resolve("cam").resolve("2026-11-21"));
        assertThat(first.path().getFileName().toString()).isEqualTo("02-00-01.000.mp4");
        assertThat(closed.get(2).endMs()).isEqualTo(T0 + 150 * 40);
        for (ClosedSegment s : closed) {
            MediaProbe probe = MediaProbe.of(s.path().toString());
            assertThat(probe.codec()).isEqualTo("h264");
            assertThat(probe.frames()).isEqualTo((int) ((s.endMs() - s.startMs()) / 40));
            assertThat(probe.spanSeconds()).isCloseTo((s.endMs() - s.startMs()) / 1000.0, within(0.001));
            assertThat(s.bytes()).isEqualTo(Files.size(s.path()));
            assertThat(s.width()).isEqualTo(320);
        }
    }

    @Test
    void segmentLeftOpenByACrashIsRecoveredIntoTheCatalog() throws Exception {
        List<ClosedSegment> closed = new ArrayList<>();
        SegmentRecorder recorder = new SegmentRecorder("cam", dir.resolve("segments"), 10_000, closed::add);
        for (AccessUnit u : units(60, 0)) recorder.write(u); // 2.4 s written, never closed: the process "died"
        assertThat(closed).isEmpty();

        try (JdbcCatalogStore store = JdbcCatalogStore.sqlite(dir.resolve("catalog"))) {
            List<Clip> recovered = SegmentRecovery.recover(dir.resolve("segments"), store);
            assertThat(recovered).hasSize(1);
            Clip clip = recovered.get(0);
            assertThat(clip.start()).isEqualTo(Instant.ofEpochMilli(T0));
            // fragments are flushed at keyframes: at least the first two seconds are there to play
            assertThat(clip.end().toEpochMilli() - T0).isBetween(1_900L, 2_400L);
            assertThat(store.clips("cam", Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 60_000), 10)).hasSize(1);
            // a second pass finds nothing new
            assertThat(SegmentRecovery.recover(dir.resolve("segments"), store)).isEmpty();
        }
    }
}
