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
    void garbageRtcpIsSkipped() {
        SenderReportClock clock = new SenderReportClock(90_000);
        clock.acceptRtcp(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 200, 0x7F, 0x7F, 1, 2}));
        clock.acceptRtcp(Unpooled.wrappedBuffer(new byte[] {0, 0, 0}));
        assertThat(clock.synchronisedBySenderReport()).isFalse();
    }
}
