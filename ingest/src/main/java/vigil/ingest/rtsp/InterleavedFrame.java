package vigil.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One {@code $}-framed RTP or RTCP packet carried on the RTSP connection (RFC 2326 section 10.12).
 * Reference-counted: whoever receives it from the pipeline releases it.
 */
public final class InterleavedFrame extends DefaultByteBufHolder {

    private final int channel;

    public InterleavedFrame(int channel, ByteBuf payload) {
        super(payload);
        this.channel = channel;
    }

    public int channel() {
        return channel;
    }
}
