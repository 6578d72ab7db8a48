package vigil.ingest.sim;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Encodes generated luma frames to H.264 (FFmpeg with libopenh264) for test media and the simulated camera.
 * Owns its encoder context, frame and packet; {@link #close()} frees them.
 */
public final class H264Encoder implements AutoCloseable {

    /** One encoded picture: Annex B bytes and whether it is a keyframe. */
    public record EncodedFrame(byte[] annexB, boolean keyframe) {
    }

    private final AVCodecContext ctx;
    private final AVFrame frame;
    private final AVPacket packet;
    private final int width;
    private final int height;
    private long pts;

    public H264Encoder(int width, int height, int fps, int gopFrames, int bitRate) {
        if (width % 2 != 0 || height % 2 != 0) throw new IllegalArgumentException("H.264 4:2:0 needs even sizes: " + width + "x" + height);
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null) throw new IllegalStateException("FFmpeg build has no libopenh264 encoder");
        this.width = width;
        this.height = height;
        ctx = avcodec_alloc_context3(codec);
        ctx.width(width);
        ctx.height(height);
        ctx.pix_fmt(AV_PIX_FMT_YUV420P);
        ctx.time_base(av_make_q(1, fps));
        ctx.framerate(av_make_q(fps, 1));
        ctx.gop_size(gopFrames);
        ctx.max_b_frames(0);
        ctx.bit_rate(bitRate);
        AVDictionary opts = new AVDictionary(null);
        org.bytedeco.ffmpeg.global.avutil.av_dict_set(opts, "allow_skip_frames", "0", 0);
        int err = avcodec_open2(ctx, codec, opts);
        org.bytedeco.ffmpeg.global.avutil.av_dict_free(opts);
        if (err < 0) {
            avcodec_free_context(ctx);
            throw new IllegalStateException("cannot open libopenh264 (error " + err + ")");
        }
        frame = av_frame_alloc();
        frame.format(AV_PIX_FMT_YUV420P);
        frame.width(width);
        frame.height(height);
        if (av_frame_get_buffer(frame, 32) < 0) throw new OutOfMemoryError("av_frame_get_buffer");
        packet = av_packet_alloc();
    }

    /** Encodes one picture from a luma plane ({@code width*height}, no padding) with neutral chroma. */
    public List<EncodedFrame> encode(byte[] luma) {
        av_frame_make_writable(frame);
        BytePointer y = frame.data(0);
        int stride = frame.linesize(0);
        for (int row = 0; row < height; row++) y.position((long) row * stride).put(luma, row * width, width);
        y.position(0);
        for (int plane = 1; plane <= 2; plane++) {
            BytePointer p = frame.data(plane);
            int s = frame.linesize(plane);
            byte[] gray = new byte[width / 2];
            java.util.Arrays.fill(gray, (byte) 128);
            for (int row = 0; row < height / 2; row++) p.position((long) row * s).put(gray, 0, gray.length);
            p.position(0);
        }
        frame.pts(pts++);
        if (avcodec_send_frame(ctx, frame) < 0) throw new IllegalStateException("encoder refused frame " + (pts - 1));
        return drain();
    }

    /** Drains what the encoder still holds. */
    public List<EncodedFrame> finish() {
        avcodec_send_frame(ctx, null);
        return drain();
    }

    private List<EncodedFrame> drain() {
        List<EncodedFrame> out = new ArrayList<>();
        while (true) {
            int r = avcodec_receive_packet(ctx, packet);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF()) return out;
            if (r < 0) throw new IllegalStateException("encoder failed (error " + r + ")");
            byte[] bytes = new byte[packet.size()];
            packet.data().get(bytes);
            out.add(new EncodedFrame(bytes, (packet.flags() & AV_PKT_FLAG_KEY) != 0));
            av_packet_unref(packet);
        }
    }

    @Override
    public void close() {
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(ctx);
    }
}
