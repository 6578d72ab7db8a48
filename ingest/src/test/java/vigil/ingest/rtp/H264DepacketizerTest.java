package vigil.ingest.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import vigil.ingest.h264.AccessUnit;
import vigil.ingest.h264.NalUnits;
import vigil.ingest.sim.H264Packetizer;

class H264DepacketizerTest {

    private final List<AccessUnit> units = new ArrayList<>();
    private final H264Depacketizer depacketizer = new H264Depacketizer(units::add, ts -> ts / 90);
    private final SplittableRandom random = new SplittableRandom(3);

    private byte[] nal(int type, int size) {
        byte[] n = new byte[size];
        random.nextBytes(n);
        n[0] = (byte) (0x60 | type);
        for (int i = 1; i < size; i++) if (n[i] == 0) n[i] = 1; // no accidental start codes
        return n;
    }

    private void feed(List<ByteBuf> packets) {
        for (ByteBuf p : packets) {
            try {
                depacketizer.accept(RtpPacket.parse(p));
            } finally {
                p.release();
            }
        }
    }

    @Test
    void rebuildsAccessUnitsFromSingleAndFragmentedUnits() {
        byte[] sps = nal(NalUnits.SPS, 12), pps = nal(NalUnits.PPS, 5), idr = nal(NalUnits.IDR, 5000), p1 = nal(NalUnits.SLICE, 800);
        H264Packetizer packetizer = new H264Packetizer(1400, 96, 1234, 65530); // sequence numbers wrap
        feed(packetizer.packetize(NalUnits.annexB(List.of(sps, pps, idr)), 0xFFFFF000L, ByteBufAllocator.DEFAULT));
        feed(packetizer.packetize(NalUnits.annexB(List.of(p1)), 0xFFFFF000L + 3600, ByteBufAllocator.DEFAULT));
        feed(packetizer.packetize(NalUnits.annexB(List.of(p1)), (0xFFFFF000L + 7200) & 0xFFFFFFFFL, ByteBufAllocator.DEFAULT));

        assertThat(units).hasSize(3);
        assertThat(units.get(0).keyframe()).isTrue();
        assertThat(NalUnits.split(units.get(0).annexB())).containsExactly(sps, pps, idr);
        assertThat(units.get(1).keyframe()).isFalse();
        assertThat(NalUnits.split(units.get(1).annexB())).containsExactly(p1);
        // the 32-bit timestamp wrapped between the second and third unit; time keeps increasing
        assertThat(units.get(2).rtpTimestamp() - units.get(1).rtpTimestamp()).isEqualTo(3600);
        assertThat(units).noneMatch(AccessUnit::damaged);
        assertThat(depacketizer.packetsLost()).isZero();
    }

    @Test
    void unpacksStapA() {
        byte[] sps = nal(NalUnits.SPS, 10), pps = nal(NalUnits.PPS, 4), idr = nal(NalUnits.IDR, 100);
        ByteBuf stap = Unpooled.buffer();
        stap.writeByte(24);
        for (byte[] n : List.of(sps, pps, idr)) stap.writeShort(n.length).writeBytes(n);
        feed(List.of(rtp(true, 1, 9000, stap)));
        assertThat(units).hasSize(1);
        assertThat(NalUnits.split(units.get(0).annexB())).containsExactly(sps, pps, idr);
    }

    @Test
    void parameterSetsFromSdpAreAddedToKeyframesThatLackThem() {
        byte[] sps = nal(NalUnits.SPS, 10), pps = nal(NalUnits.PPS, 4), idr = nal(NalUnits.IDR, 100);
        depacketizer.setParameterSets(sps, pps);
        feed(List.of(rtp(true, 1, 9000, Unpooled.wrappedBuffer(idr))));
        assertThat(NalUnits.split(units.get(0).annexB())).containsExactly(sps, pps, idr);
    }

    @Test
    void lostFragmentMarksTheUnitDamagedAndTheNextUnitIsWhole() {
        byte[] sei = nal(NalUnits.SEI, 40), idr = nal(NalUnits.IDR, 5000), p1 = nal(NalUnits.SLICE, 300);
        H264Packetizer packetizer = new H264Packetizer(1400, 96, 1, 100);
        List<ByteBuf> first = packetizer.packetize(NalUnits.annexB(List.of(sei, idr)), 0, ByteBufAllocator.DEFAULT);
        first.remove(2).release(); // lose the second fragment of the IDR slice
        feed(first);
        feed(packetizer.packetize(NalUnits.annexB(List.of(p1)), 3600, ByteBufAllocator.DEFAULT));
        assertThat(depacketizer.packetsLost()).isEqualTo(1);
        assertThat(units).hasSize(2);
        assertThat(units.get(0).damaged()).isTrue();
        assertThat(NalUnits.split(units.get(0).annexB())).containsExactly(sei); // the broken slice is not passed on
        assertThat(units.get(1).damaged()).isFalse();
        assertThat(NalUnits.split(units.get(1).annexB())).containsExactly(p1);
    }

    @Test
    void garbagePayloadsAreCountedNotFatal() {
        feed(List.of(rtp(false, 1, 0, Unpooled.wrappedBuffer(new byte[] {(byte) 0x9F, 1, 2})), // forbidden bit
                rtp(false, 2, 0, Unpooled.wrappedBuffer(new byte[] {30, 1, 2})),                // unsupported type
                rtp(true, 3, 0, Unpooled.wrappedBuffer(new byte[] {24, 0, 50, 1}))));           // STAP-A overrun
        assertThat(depacketizer.malformedPackets()).isEqualTo(3);
        byte[] p1 = nal(NalUnits.SLICE, 50);
        feed(List.of(rtp(true, 4, 3600, Unpooled.wrappedBuffer(p1))));
        assertThat(NalUnits.split(units.get(units.size() - 1).annexB())).containsExactly(p1);
    }

    @Test
    void rtpHeaderIsValidated() {
        assertThat(parseFails(new byte[] {(byte) 0x80, 96, 0})).isTrue();        // short
        assertThat(parseFails(new byte[12])).isTrue();                            // version 0
        byte[] csrcOverrun = new byte[14];
        csrcOverrun[0] = (byte) 0x8F;                                             // 15 CSRCs in 14 bytes
        assertThat(parseFails(csrcOverrun)).isTrue();
    }

    private static boolean parseFails(byte[] bytes) {
        try {
            RtpPacket.parse(Unpooled.wrappedBuffer(bytes));
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static ByteBuf rtp(boolean marker, int seq, long ts, ByteBuf payload) {
        ByteBuf p = Unpooled.buffer();
        p.writeByte(0x80).writeByte((marker ? 0x80 : 0) | 96).writeShort(seq).writeInt((int) ts).writeInt(7);
        p.writeBytes(payload);
        payload.release();
        return p;
    }
}
