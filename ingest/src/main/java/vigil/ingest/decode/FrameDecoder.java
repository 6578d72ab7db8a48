package vigil.ingest.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NV12;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import vigil.analytics.LumaFrame;

/**
 * Decodes compressed pictures with FFmpeg's avcodec and hands out the luma plane of each decoded frame.
 * Owns its codec context, packet and frame, reused for every call and freed in {@link #close()}. Not
 * thread-safe: one per stream, fed in order.
 *
 * <p>Pictures are for analysis, not for viewing: unless asked for exact ones ({@code deblock}), the decoder skips
 * H.264's in-loop deblocking filter, about a sixth of its decoding time. The pictures then drift from the
 * encoder's until the next keyframe, by little: the luma of a 1080p stream at 4 Mb/s with a keyframe every 2 s
 * stays at 50 dB PSNR (44 dB at worst) of the exact decoding, at 1 Mb/s with one every 10 s at 40 dB (37.6 at
 * worst) — block edges a few grey levels apart, below what motion detection (which reduces and blurs the frame)
 * and the person model see. Recordings are the stream as received, never these pictures.
 */
public final class FrameDecoder implements AutoCloseable {

    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private long corruptPackets;

    private FrameDecoder(AVCodecContext context) {
        this.context = context;
        this.packet = av_packet_alloc();
        this.frame = av_frame_alloc();
    }

    /**
     * A single-threaded H.264 decoder for Annex B access units (parameter sets in band); {@code deblock}: exact
     * pictures, with the deblocking filter.
     */
    public static FrameDecoder h264(boolean deblock) {
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_H264);
        if (codec == null) throw new IllegalStateException("FFmpeg has no H.264 decoder");
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        return open(ctx, codec, "H.264", deblock);
    }

    /** A single-threaded decoder for a demuxed stream (offline analysis of a file); {@code deblock} as above. */
    public static FrameDecoder forStream(AVCodecParameters parameters, boolean deblock) {
        AVCodec codec = avcodec_find_decoder(parameters.codec_id());
        if (codec == null) throw new IllegalArgumentException("FFmpeg has no decoder for codec id " + parameters.codec_id());
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        if (avcodec_parameters_to_context(ctx, parameters) < 0) {
            avcodec_free_context(ctx);
            throw new IllegalStateException("cannot configure decoder from stream parameters");
        }
        return open(ctx, codec, codec.name().getString(), deblock);
    }

    private static FrameDecoder open(AVCodecContext ctx, AVCodec codec, String what, boolean deblock) {
        if (!deblock) ctx.skip_loop_filter(AVDISCARD_ALL);
        ctx.thread_count(1); // cameras run in parallel across workers; one thread each keeps cores busy without contention
        int err = avcodec_open2(ctx, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (err < 0) {
            avcodec_free_context(ctx);
            throw new IllegalStateException("cannot open " + what + " decoder (error " + err + ")");
        }
        return new FrameDecoder(ctx);
    }

    public long corruptPackets() {
        return corruptPackets;
    }

    /**
     * Decodes one access unit; every frame it completes is passed to {@code sink} as a luma view valid only
     * during that call.
     *
     * @return frames produced
     */
    public int decode(byte[] data, int length, long captureTimeMs, Consumer<LumaFrame> sink) {
        if (av_new_packet(packet, length) < 0) throw new OutOfMemoryError("av_new_packet(" + length + ")");
        try {
            packet.data().put(data, 0, length);
            packet.pts(captureTimeMs);
            packet.dts(captureTimeMs);
            int err = avcodec_send_packet(context, packet);
            if (err < 0 && err != AVERROR_EAGAIN()) {
                corruptPackets++;
                return 0;
            }
        } finally {
            av_packet_unref(packet);
        }
        return drain(sink);
    }

    /**
     * Feeds an already demuxed packet (offline analysis); the caller keeps ownership of it. Frames carry the
     * packet's own presentation time, in the stream's time base.
     */
    public int decode(AVPacket demuxed, Consumer<LumaFrame> sink) {
        int err = avcodec_send_packet(context, demuxed);
        if (err < 0 && err != AVERROR_EAGAIN()) {
            corruptPackets++;
            return 0;
        }
        return drain(sink);
    }

    /** Drains frames still buffered in the decoder at end of stream. */
    public int flush(Consumer<LumaFrame> sink) {
        avcodec_send_packet(context, (AVPacket) null);
        return drain(sink);
    }

    private int drain(Consumer<LumaFrame> sink) {
        int produced = 0;
        while (true) {
            int r = avcodec_receive_frame(context, frame);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF()) return produced;
            if (r < 0) {
                corruptPackets++;
                return produced;
            }
            try {
                if (hasLumaPlane(frame.format())) {
                    long t = frame.best_effort_timestamp();
                    if (t == org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE) t = frame.pts();
                    sink.accept(new LumaFrame(frame.data(0), frame.width(), frame.height(), frame.linesize(0), t));
                    produced++;
                }
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    private static boolean hasLumaPlane(int format) {
        return format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_NV12
                || format == AV_PIX_FMT_YUV422P || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUV444P
                || format == AV_PIX_FMT_YUVJ444P || format == AV_PIX_FMT_GRAY8;
    }

    @Override
    public void close() {
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(context);
    }
}
