package vigil.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RtspFrameSplitterTest {

    @Test
    void separatesInterleavedFramesFromMessagesAcrossArbitraryChunks() {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspFrameSplitter());
        String reply = "RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Length: 5\r\n\r\nhello";
        ByteBuf all = Unpooled.buffer();
        all.writeBytes(new byte[] {'$', 0, 0, 3, 1, 2, 3});
        all.writeBytes(reply.getBytes(StandardCharsets.US_ASCII));
        all.writeBytes(new byte[] {'$', 1, 0, 2, 9, 9});
        while (all.isReadable()) ch.writeInbound(all.readRetainedSlice(Math.min(4, all.readableBytes()))); // 4-byte chunks
        all.release();

        InterleavedFrame f0 = ch.readInbound();
        assertThat(f0.channel()).isZero();
        assertThat(f0.content().readableBytes()).isEqualTo(3);
        f0.release();
        ByteBuf msg = ch.readInbound();
        assertThat(msg.toString(StandardCharsets.US_ASCII)).isEqualTo(reply);
        msg.release();
        InterleavedFrame f1 = ch.readInbound();
        assertThat(f1.channel()).isEqualTo(1);
        f1.release();
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void refusesHeadsAndBodiesPastTheLimits() {
        EmbeddedChannel endless = new EmbeddedChannel(new RtspFrameSplitter());
        assertThatThrownBy(() -> endless.writeInbound(Unpooled.wrappedBuffer(
                ("RTSP/1.0 200 OK\r\nX: " + "a".repeat(RtspFrameSplitter.MAX_HEAD_BYTES)).getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(DecoderException.class).hasMessageContaining("head");
        EmbeddedChannel huge = new EmbeddedChannel(new RtspFrameSplitter());
        assertThatThrownBy(() -> huge.writeInbound(Unpooled.wrappedBuffer(
                "RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(DecoderException.class).hasMessageContaining("body");
    }
}
