package vigil.ingest.rtp;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import vigil.ingest.h264.AccessUnit;
import vigil.ingest.h264.NalUnits;

/**
 * Rebuilds H.264 access units from RTP payloads (RFC 6184, non-interleaved mode): single NAL unit packets,
 * STAP-A and FU-A. An access unit ends when the marker bit is set or the timestamp changes. Parameter sets
 * from SDP ({@code sprop-parameter-sets}) or seen in band are put before every IDR access unit that lacks them,
 * so each keyframe stands alone for the recorder and the decoder.
 *
 * <p>Limits: an access unit larger than {@link #MAX_ACCESS_UNIT_BYTES} is dropped and counted; a lost packet
 * marks its access unit damaged and drops the fragment in progress. Not thread-safe: one per stream.
 */
public final class H264Depacketizer {

    public static final int MAX_ACCESS_UNIT_BYTES = 8 * 1024 * 1024;

    /** Receives completed access units. */
    public interface Sink {
        void accept(AccessUnit unit);
    }

    private final Sink sink;
    private final LongUnaryOperator captureTimeOf; // unwrapped 90 kHz timestamp -> wall-clock ms

    private final ByteArrayOutputStream unit = new ByteArrayOutputStream(64 * 1024);
    private final Bytes fragment = new Bytes(64 * 1024);
    private final Bytes scratch = new Bytes(4 * 1024);
    private boolean fragmentOpen;
    private boolean unitHasIdr;
    private boolean unitHasSps;
    private boolean unitHasPps;
    private boolean unitDamaged;
    private boolean unitOversize;
    private long unitTimestamp = -1;
    private int lastSequence = -1;
    private long lastRawTimestamp = -1;
    private long timestampCycles;
    private byte[] sps;
    private byte[] pps;

    private long packetsLost;
    private long unitsDropped;
    private long malformedPackets;

    public H264Depacketizer(Sink sink, LongUnaryOperator captureTimeOf) {
        this.sink = sink;
        this.captureTimeOf = captureTimeOf;
    }

    /** Parameter sets known before the stream starts (from SDP). */
    public void setParameterSets(byte[] sps, byte[] pps) {
        if (sps != null && sps.length > 0) this.sps = sps.clone();
        if (pps != null && pps.length > 0) this.pps = pps.clone();
    }

    public byte[] sps() {
        return sps;
    }

    public byte[] pps() {
        return pps;
    }

    public long packetsLost() {
        return packetsLost;
    }

    public long unitsDropped() {
        return unitsDropped;
    }

    public long malformedPackets() {
        return malformedPackets;
    }

    /** Feeds one packet's payload. The packet's buffer is not retained. */
    public void accept(RtpPacket packet) {
        if (lastSequence >= 0) {
            int expected = (lastSequence + 1) & 0xFFFF;
            if (packet.sequence() != expected) {
                int gap = (packet.sequence() - expected) & 0xFFFF;
                if (gap > 0x8000) return; // late or duplicate packet: already past it
                packetsLost += gap;
                unitDamaged = true;
                fragmentOpen = false;
                fragment.reset();
            }
        }
        lastSequence = packet.sequence();
        long ts = unwrap(packet.timestamp());
        if (unitTimestamp >= 0 && ts != unitTimestamp) flush();
        unitTimestamp = ts;
        try {
            payload(packet.payload());
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            malformedPackets++;
            unitDamaged = true;
            fragmentOpen = false;
            fragment.reset();
        }
        if (packet.marker()) flush();
    }

    private void payload(ByteBuf p) {
        if (!p.isReadable()) throw new IllegalArgumentException("empty payload");
        int header = p.getUnsignedByte(p.readerIndex());
        if ((header & 0x80) != 0) throw new IllegalArgumentException("forbidden_zero_bit set");
        int type = header & 0x1F;
        if (type >= 1 && type <= 23) {
            scratch.reset();
            scratch.readFrom(p, p.readerIndex(), p.readableBytes());
            nal(scratch.array(), scratch.size());
        } else if (type == 24) { // STAP-A
            int i = p.readerIndex() + 1;
            int end = p.writerIndex();
            while (i + 2 <= end) {
                int size = p.getUnsignedShort(i);
                i += 2;
                if (size == 0 || i + size > end) throw new IllegalArgumentException("STAP-A unit overruns packet");
                scratch.reset();
                scratch.readFrom(p, i, size);
                nal(scratch.array(), scratch.size());
                i += size;
            }
        } else if (type == 28) { // FU-A
            if (p.readableBytes() < 2) throw new IllegalArgumentException("FU-A shorter than its headers");
            int fu = p.getUnsignedByte(p.readerIndex() + 1);
            boolean start = (fu & 0x80) != 0;
            boolean end = (fu & 0x40) != 0;
            if (start) {
                fragment.reset();
                fragment.write((header & 0xE0) | (fu & 0x1F));
                fragmentOpen = true;
            } else if (!fragmentOpen) {
                return; // the start was lost; the gap already marked the unit damaged
            }
            if (fragment.size() + p.readableBytes() - 2 > MAX_ACCESS_UNIT_BYTES) {
                unitOversize = true;
                fragmentOpen = false;
                fragment.reset();
                return;
            }
            fragment.readFrom(p, p.readerIndex() + 2, p.readableBytes() - 2);
            if (end) {
                fragmentOpen = false;
                nal(fragment.array(), fragment.size());
                fragment.reset();
            }
        } else {
            throw new IllegalArgumentException("unsupported RTP H.264 packet type " + type);
        }
    }

    /** One whole NAL unit, the first {@code length} bytes of {@code nal} (a reused buffer: copied, not kept). */
    private void nal(byte[] nal, int length) {
        if (length <= 0) throw new IllegalArgumentException("empty NAL unit");
        int type = NalUnits.type(nal[0]);
        switch (type) {
            case NalUnits.SPS -> {
                sps = java.util.Arrays.copyOf(nal, length);
                unitHasSps = true;
            }
            case NalUnits.PPS -> {
                pps = java.util.Arrays.copyOf(nal, length);
                unitHasPps = true;
            }
            case NalUnits.IDR -> {
                if (!unitHasIdr) {
                    unitHasIdr = true;
                    // A keyframe must carry its parameter sets, placed before the slice.
                    if (!unitHasSps && sps != null) append(sps, sps.length);
                    if (!unitHasPps && pps != null) append(pps, pps.length);
                }
            }
            default -> { }
        }
        append(nal, length);
    }

    private void append(byte[] nal, int length) {
        if (unit.size() + length + 4 > MAX_ACCESS_UNIT_BYTES) {
            unitOversize = true;
            return;
        }
        NalUnits.appendAnnexB(unit, nal, 0, length);
    }

    /** A growable byte buffer whose array can be read in place and filled straight from a ByteBuf. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }

        void readFrom(ByteBuf src, int index, int length) {
            if (count + length > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + length));
            src.getBytes(index, buf, count, length);
            count += length;
        }
    }

    private void flush() {
        if (unit.size() > 0 && !unitOversize) {
            sink.accept(new AccessUnit(unit.toByteArray(), unitTimestamp, captureTimeOf.applyAsLong(unitTimestamp),
                    unitHasIdr, unitDamaged));
        } else if (unitOversize) {
            unitsDropped++;
        }
        unit.reset();
        unitHasIdr = false;
        unitHasSps = false;
        unitHasPps = false;
        unitDamaged = false;
        unitOversize = false;
        unitTimestamp = -1;
    }

    private long unwrap(long raw) {
        if (lastRawTimestamp >= 0) {
            long delta = raw - lastRawTimestamp;
            if (delta < -0x80000000L) timestampCycles++;
            else if (delta > 0x80000000L && timestampCycles > 0) timestampCycles--;
        }
        lastRawTimestamp = raw;
        return (timestampCycles << 32) + raw;
    }

    /** Splits {@code sprop-parameter-sets} (base64, comma separated) into NAL units. */
    public static List<byte[]> parseSpropParameterSets(String value) {
        List<byte[]> out = new ArrayList<>();
        if (value == null) return out;
        for (String part : value.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) continue;
            try {
                byte[] nal = java.util.Base64.getDecoder().decode(s);
                if (nal.length > 0) out.add(nal);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sprop-parameter-sets holds invalid base64");
            }
        }
        return out;
    }
}
