package vigil.ingest.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import vigil.ingest.h264.AccessUnit;

class TimestampGuardTest {

    private static final long FRAME_TICKS = 3_600; // 25 fps at 90 kHz
    private static final long FRAME_NANOS = 40_000_000;

    private long nanos = 1_000_000_000L;
    private long wallMs = 1_750_000_000_000L;
    private final AtomicInteger said = new AtomicInteger();
    private String why;
    private final TimestampGuard guard = new TimestampGuard(reason -> {
        said.incrementAndGet();
        why = reason;
    }, () -> nanos, () -> wallMs);

    @Test
    void advancingTimestampsPassUnchangedEvenReorderedForBPictures() {
        // decode order I P B B P B B ...: each B-picture's timestamp lies before the P-picture sent ahead of it
        long[] order = {0, 3, 1, 2, 6, 4, 5, 9, 7, 8};
        for (int round = 0; round < 20; round++) {
            for (long frame : order) {
                AccessUnit unit = unit(1_000 + (round * 10 + frame) * FRAME_TICKS, 500 + round * 400 + frame * 40);
                assertThat(guard.retime(unit)).isSameAs(unit);
                tick();
            }
        }
        assertThat(guard.byArrival()).isFalse();
        assertThat(said).hasValue(0);
    }

    @Test
    void timestampsThatStandStillAreReplacedByArrivalTimesOnceSaid() {
        long frozen = 77_000;
        AccessUnit last = null;
        // the first unit sets the newest timestamp; so many after it not advancing it give the camera away
        for (int i = 0; i <= TimestampGuard.STUCK_UNITS; i++) {
            assertThat(guard.byArrival()).isFalse();
            last = guard.retime(unit(frozen, 42));
            tick();
        }
        assertThat(guard.byArrival()).isTrue();
        assertThat(said).hasValue(1);
        assertThat(why).contains("do not advance");
        // the unit that gave it away is already timed by its arrival: a frame after the newest timestamp
        assertThat(last.rtpTimestamp()).isEqualTo(frozen + FRAME_TICKS);
        assertThat(last.captureTimeMs()).isEqualTo(wallMs - 40);
        long previous = last.rtpTimestamp();
        for (int i = 0; i < 100; i++) {
            AccessUnit in = unit(frozen, 42);
            AccessUnit u = guard.retime(in);
            assertThat(u.rtpTimestamp()).isEqualTo(previous + FRAME_TICKS);
            assertThat(u.captureTimeMs()).isEqualTo(wallMs);
            assertThat(u.keyframe()).isEqualTo(in.keyframe());
            assertThat(u.annexB()).isSameAs(in.annexB());
            previous = u.rtpTimestamp();
            tick();
        }
        // units arriving together (a burst over TCP) still advance
        AccessUnit a = guard.retime(unit(frozen, 42));
        AccessUnit b = guard.retime(unit(frozen, 42));
        assertThat(b.rtpTimestamp()).isGreaterThan(a.rtpTimestamp());
        assertThat(said).hasValue(1);
    }

    @Test
    void timestampsThatLeapAheadAreReplacedByArrivalTimes() {
        long ts = 5_000_000;
        for (int i = 0; i < 50; i++) {
            guard.retime(unit(ts, 42));
            ts += FRAME_TICKS;
            tick();
        }
        // an encoder restarting its clock mid-session: read as a wrap of the 32-bit timestamp, hours ahead
        AccessUnit leapt = guard.retime(unit(ts + (1L << 32) - 4_000_000, 42));
        assertThat(guard.byArrival()).isTrue();
        assertThat(why).contains("leapt");
        assertThat(leapt.rtpTimestamp()).as("the newest timestamp and a frame's arrival after it").isEqualTo(ts);
        // a camera silent for a minute (its arrivals as far apart as its timestamps) is no leap
        TimestampGuard quiet = new TimestampGuard(reason -> said.incrementAndGet(), () -> nanos, () -> wallMs);
        quiet.retime(unit(0, 42));
        nanos += 60_000_000_000L;
        quiet.retime(unit(60 * 90_000L, 42));
        assertThat(quiet.byArrival()).isFalse();
        assertThat(said).hasValue(1);
    }

    private int sent;

    private AccessUnit unit(long rtp, long captureMs) {
        return new AccessUnit(new byte[] {0, 0, 0, 1, 0x65}, rtp, captureMs, sent++ % 25 == 0, false);
    }

    private void tick() {
        nanos += FRAME_NANOS;
        wallMs += 40;
    }
}
