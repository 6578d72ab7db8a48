package vigil.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Splits the bytes of an RTSP connection into {@link InterleavedFrame}s ({@code $} framing) and whole RTSP
 * messages, which it passes on as one {@link ByteBuf} each for Netty's {@code RtspDecoder}.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><td>message head (start line and headers)</td><td>{@value #MAX_HEAD_BYTES} bytes</td></tr>
 *   <tr><td>message body (Content-Length)</td><td>{@value #MAX_BODY_BYTES} bytes</td></tr>
 *   <tr><td>interleaved frame</td><td>65535 bytes (the framing's own limit)</td></tr>
 * </table>
 * A peer that exceeds a limit gets a {@link TooLongFrameException}; the session closes the connection.
 */
public final class RtspFrameSplitter extends ByteToMessageDecoder {

    public static final int MAX_HEAD_BYTES = 16 * 1024;
    public static final int MAX_BODY_BYTES = 64 * 1024;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            byte first = in.getByte(start);
            if (first == '$') {
                if (in.readableBytes() < 4) return;
                int channel = in.getUnsignedByte(start + 1);
                int length = in.getUnsignedShort(start + 2);
                if (in.readableBytes() < 4 + length) return;
                out.add(new InterleavedFrame(channel, in.retainedSlice(start + 4, length)));
                in.skipBytes(4 + length);
                continue;
            }
            if (first == '\r' || first == '\n') { // stray line ends between messages
                in.skipBytes(1);
                continue;
            }
            int headEnd = headEnd(in, start);
            if (headEnd < 0) {
                if (in.readableBytes() > MAX_HEAD_BYTES) {
                    in.skipBytes(in.readableBytes());
                    throw new TooLongFrameException("RTSP message head longer than " + MAX_HEAD_BYTES + " bytes");
                }
                return;
            }
            int bodyLength = contentLength(in, start, headEnd);
            if (bodyLength > MAX_BODY_BYTES) {
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException("RTSP message body of " + bodyLength + " bytes exceeds " + MAX_BODY_BYTES);
            }
            int total = headEnd - start + bodyLength;
            if (in.readableBytes() < total) return;
            out.add(in.retainedSlice(start, total));
            in.skipBytes(total);
        }
    }

    /** Index just past the blank line ending the head, or -1. */
    private static int headEnd(ByteBuf in, int start) {
        int limit = Math.min(in.writerIndex(), start + MAX_HEAD_BYTES);
        for (int i = start; i + 3 < limit; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
                return i + 4;
            }
        }
        for (int i = start; i + 1 < limit; i++) { // tolerate bare LF line ends
            if (in.getByte(i) == '\n' && in.getByte(i + 1) == '\n') return i + 2;
        }
        return -1;
    }

    private static int contentLength(ByteBuf in, int start, int headEnd) {
        String head = in.toString(start, headEnd - start, StandardCharsets.ISO_8859_1);
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    int n = Integer.parseInt(line.substring(colon + 1).strip());
                    if (n < 0) throw new NumberFormatException();
                    return n;
                } catch (NumberFormatException e) {
                    throw new io.netty.handler.codec.CorruptedFrameException("RTSP Content-Length is not a number");
                }
            }
        }
        return 0;
    }
}
