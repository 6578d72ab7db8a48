package vigil.ingest.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import vigil.ingest.h264.NalUnits;

/**
 * Splits an H.264 access unit into RTP packets (RFC 6184, packetization mode 1): NAL units that fit the MTU go
 * as single NAL unit packets, larger ones as FU-A fragments. The marker bit is set on the last packet.
 */
public final class H264Packetizer {

    private final int mtu;
    private final int payloadType;
    private final long ssrc;
    private int sequence;

    public H264Packetizer(int mtu, int payloadType, long ssrc, int firstSequence) {
        this.mtu = mtu;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.sequence = firstSequence & 0xFFFF;
    }

    public long ssrc() {
        return ssrc;
    }

    /** Packets of one access unit; the caller owns (and releases or sends) the returned buffers. */
    public List<ByteBuf> packetize(byte[] annexB, long timestamp, ByteBufAllocator alloc) {
        List<byte[]> nals = NalUnits.split(annexB);
        List<ByteBuf> out = new ArrayList<>();
        for (int n = 0; n < nals.size(); n++) {
            byte[] nal = nals.get(n);
            boolean lastNal = n == nals.size() - 1;
            if (nal.length <= mtu) {
                ByteBuf p = header(alloc, lastNal, timestamp, nal.length);
                p.writeBytes(nal);
                out.add(p);
                continue;
            }
            int header = nal[0] & 0xFF;
            int offset = 1;
            while (offset < nal.length) {
                int chunk = Math.min(mtu - 2, nal.length - offset);
                boolean first = offset == 1;
                boolean last = offset + chunk == nal.length;
                ByteBuf p = header(alloc, last && lastNal, timestamp, chunk + 2);
                p.writeByte((header & 0xE0) | 28);
                p.writeByte((first ? 0x80 : 0) | (last ? 0x40 : 0) | (header & 0x1F));
                p.writeBytes(nal, offset, chunk);
                out.add(p);
                offset += chunk;
            }
        }
        return out;
    }

    private ByteBuf header(ByteBufAllocator alloc, boolean marker, long timestamp, int payload) {
        ByteBuf p = alloc.buffer(12 + payload);
        p.writeByte(0x80);
        p.writeByte((marker ? 0x80 : 0) | payloadType);
        p.writeShort(sequence);
        sequence = (sequence + 1) & 0xFFFF;
        p.writeInt((int) timestamp);
        p.writeInt((int) ssrc);
        return p;
    }
}
