package vigil.ingest.rtp;

import io.netty.buffer.ByteBuf;

/**
 * A parsed RTP packet (RFC 3550 section 5.1). {@code payload} is a slice of the buffer given to
 * {@link #parse}: it shares that buffer's memory and lifetime and is not retained.
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, ByteBuf payload) {

    /** Largest packet accepted; RTP over TCP carries at most 65535 bytes per interleaved frame anyway. */
    public static final int MAX_BYTES = 65535;

    /**
     * Parses the packet in {@code buf}'s readable bytes.
     *
     * @throws IllegalArgumentException if it is not RTP version 2 or its lengths are inconsistent
     */
    public static RtpPacket parse(ByteBuf buf) {
        int len = buf.readableBytes();
        if (len < 12) throw new IllegalArgumentException("RTP packet of " + len + " bytes is shorter than its header");
        if (len > MAX_BYTES) throw new IllegalArgumentException("RTP packet of " + len + " bytes is too large");
        int base = buf.readerIndex();
        int b0 = buf.getUnsignedByte(base);
        if ((b0 >> 6) != 2) throw new IllegalArgumentException("RTP version " + (b0 >> 6) + " is not 2");
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int b1 = buf.getUnsignedByte(base + 1);
        int header = 12 + 4 * csrcCount;
        if (extension) {
            if (len < header + 4) throw new IllegalArgumentException("RTP header extension is truncated");
            int words = buf.getUnsignedShort(base + header + 2);
            header += 4 + 4 * words;
        }
        int pad = 0;
        if (padding) pad = buf.getUnsignedByte(base + len - 1);
        int payloadLength = len - header - pad;
        if (payloadLength < 0) throw new IllegalArgumentException("RTP header and padding exceed the packet");
        return new RtpPacket((b1 & 0x80) != 0, b1 & 0x7F, buf.getUnsignedShort(base + 2),
                buf.getUnsignedInt(base + 4), buf.getUnsignedInt(base + 8), buf.slice(base + header, payloadLength));
    }
}
