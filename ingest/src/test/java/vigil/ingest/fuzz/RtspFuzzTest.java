package vigil.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.util.ReferenceCountUtil;
import vigil.ingest.rtp.H264Depacketizer;
import vigil.ingest.rtp.RtpPacket;
import vigil.ingest.rtsp.RtspFrameSplitter;
import vigil.ingest.rtsp.Sdp;

/**
 * What a camera (or anything answering on its address) sends, fuzzed: RTSP replies with interleaved frames, SDP,
 * RTP packets and the H.264 inside them. Every decoder may refuse input only in the way it documents (Netty's
 * {@link DecoderException} for framing, {@link IllegalArgumentException} for SDP and RTP headers); nothing
 * else may escape, and the depacketizer refuses nothing: it counts and drops. {@code mvn test} runs the inputs
 * kept under {@code src/test/resources}; {@code JAZZER_FUZZ=1} fuzzes one method (see {@code .ci/run}).
 */
class RtspFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void rtspRepliesAndInterleavedFrames(byte[] data) {
        EmbeddedChannel channel = new EmbeddedChannel(new RtspFrameSplitter(), new RtspDecoder(),
                new HttpObjectAggregator(RtspFrameSplitter.MAX_BODY_BYTES));
        try {
            // the bytes arrive in two reads, as TCP may split them anywhere
            int cut = data.length / 2;
            channel.writeInbound(Unpooled.wrappedBuffer(data, 0, cut));
            channel.writeInbound(Unpooled.wrappedBuffer(data, cut, data.length - cut));
        } catch (DecoderException e) {
            assertDocumented(e);
        } finally {
            Object m;
            while ((m = channel.readInbound()) != null) ReferenceCountUtil.release(m);
            try {
                channel.finishAndReleaseAll(); // the connection closes: a decoder may refuse what is left
            } catch (DecoderException e) {
                assertDocumented(e);
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void sessionDescriptions(String text) {
        try {
            Sdp sdp = Sdp.parse(text);
            assertThat(sdp.media().size()).isLessThanOrEqualTo(Sdp.MAX_MEDIA);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void rtpPacketsAndH264(FuzzedDataProvider data) {
        long[] units = {0};
        H264Depacketizer depacketizer = new H264Depacketizer(unit -> {
            // an access unit is bounded: the parameter sets put before an IDR come on top of its limit
            assertThat(unit.annexB().length).isLessThanOrEqualTo(H264Depacketizer.MAX_ACCESS_UNIT_BYTES + 2 * 1024);
            units[0]++;
        }, rtpTime -> rtpTime);
        if (data.consumeBoolean()) {
            try {
                H264Depacketizer.parseSpropParameterSets(data.consumeString(200));
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        while (data.remainingBytes() > 0) {
            byte[] bytes = data.consumeBytes(data.consumeInt(0, 1600));
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            try {
                RtpPacket packet;
                try {
                    packet = RtpPacket.parse(buf);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                depacketizer.accept(packet);
            } finally {
                buf.release();
            }
        }
        assertThat(units[0]).isGreaterThanOrEqualTo(0);
    }

    /** Netty wraps whatever a decoder throws: only the decoders' own refusals are expected. */
    private static void assertDocumented(DecoderException e) {
        Throwable cause = e.getCause();
        if (cause == null || cause instanceof DecoderException || cause instanceof IllegalArgumentException) return;
        throw new AssertionError("a decoder failed with " + cause + " on input it should refuse cleanly", e);
    }
}
