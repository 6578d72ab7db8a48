package vigil.ingest.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class SenderReportClockTest {

    private static ByteBuf compound(long wallMs, long rtp) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x80).writeByte(200).writeShort(6).writeInt(42);
        b.writeInt((int) (wallMs / 1000 + SenderReportClock.NTP_UNIX_OFFSET_SECONDS));
        b.writeInt((int) (((wallMs % 1000) << 32) / 1000));
        b.writeInt((int) rtp).writeInt(0).writeInt(0);
        b.writeByte(0x81).writeByte(202).writeShort(1).writeInt(42); // an SDES after it, skipped
        return b;
    }

    @Test
    void mapsRtpTimeThroughTheSenderReport() {
        SenderReportClock clock = new SenderReportClock(90_000);
        long wall = System.currentTimeMillis() - 2_000; // the camera captured this two seconds ago
        clock.captureTimeMs(0xFFFFFF00L);
        clock.acceptRtcp(compound(wall, 0xFFFFFF00L));
        assertThat(clock.synchronisedBySenderReport()).isTrue();
        assertThat(clock.captureTimeMs(0xFFFFFF00L)).isEqualTo(wall);
        // 90 000 ticks later (across the 32-bit wrap, already unwrapped by the depacketizer) is one second later
        assertThat(clock.captureTimeMs(0xFFFFFF00L + 90_000)).isEqualTo(wall + 1_000);
    }

    @Test
    void ignoresACameraClockThatIsFarOff() {
        SenderReportClock clock = new SenderReportClock(90_000);
        long first = clock.captureTimeMs(1_000);
        clock.acceptRtcp(compound(System.currentTimeMillis() - 3_600_000, 1_000)); // an hour wrong
        assertThat(clock.synchronisedBySenderReport()).isFalse();
        assertThat(clock.implausibleReports()).isEqualTo(1);
        assertThat(clock.captureTimeMs(1_000 + 9_000)).isEqualTo(first + 100);
    }

    @Test
    void aCameraClockRunningFastIsHeldToTheFramesArrivals() {
        // a camera stamping 40 ms a frame while it sends a frame every 32 ms: its RTP time runs a quarter fast, and
        // anchored at the first arrival its frames would be filed ever further in the future
        long[] now = {1_750_000_000_000L};
        SenderReportClock clock = new SenderReportClock(90_000, () -> now[0]);
        for (int frame = 0; frame < 18_750; frame++) { // ten minutes
            long captured = clock.captureTimeMs(frame * 3_600L);
            assertThat(captured).isBetween(now[0], now[0] + SenderReportClock.MAX_AHEAD_MS);
            now[0] += 32;
        }
        assertThat(clock.reanchored()).isBetween(140L, 160L); // a second ahead every 4 s
    }

    @Test
    void aCameraClockRunningSlowIsHeldWithinHalfAMinute() {
        // 1 % slow: without a new anchor its frames would be filed 6 s late after ten minutes, 14 min after a day
        long[] now = {1_750_000_000_000L};
        SenderReportClock clock = new SenderReportClock(90_000, () -> now[0]);
        for (int frame = 0; frame < 25 * 3_600 * 2; frame++) { // two hours
            long captured = clock.captureTimeMs(frame * 3_564L);
            assertThat(captured).isBetween(now[0] - SenderReportClock.MAX_BEHIND_MS, now[0]);
            now[0] += 40;
        }
        assertThat(clock.reanchored()).isEqualTo(2L); // 72 s of drift over two hours, 30 s at a time
    }

    @Test
    void framesThatComeLateOrEarlyByANetworksJitterKeepTheirCameraTime() {
        long[] now = {1_750_000_000_000L};
        SenderReportClock clock = new SenderReportClock(90_000, () -> now[0]);
        long first = clock.captureTimeMs(0);
        for (int frame = 1; frame < 2_500; frame++) {
            // later frames come up to 0.6 s earlier than the first did, or up to 5 s later (a stall, then a burst)
            long jitter = frame % 500 < 100 ? 5_000 - (frame % 500) * 50 : (frame % 7) * 100 - 300 - 300;
            now[0] = first + frame * 40L + jitter;
            assertThat(clock.captureTimeMs(frame * 3_600L)).isEqualTo(first + frame * 40L);
        }
        assertThat(clock.reanchored()).isZero();
    }

    @Test
    void aClockSetBySenderReportsIsLeftToThem() {
        long[] now = {1_750_000_000_000L};
        SenderReportClock clock = new SenderReportClock(90_000, () -> now[0]);
        clock.captureTimeMs(0);
        clock.acceptRtcp(compound(now[0] + 120_000, 0)); // the camera's clock two minutes ahead: plausible, trusted
        assertThat(clock.captureTimeMs(90_000)).isEqualTo(now[0] + 121_000);
        assertThat(clock.reanchored()).isZero();
    }

    @Test
    void garbageRtcpIsSkipped() {
        SenderReportClock clock = new SenderReportClock(90_000);
        clock.acceptRtcp(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 200, 0x7F, 0x7F, 1, 2}));
        clock.acceptRtcp(Unpooled.wrappedBuffer(new byte[] {0, 0, 0}));
        assertThat(clock.synchronisedBySenderReport()).isFalse();
    }
}
