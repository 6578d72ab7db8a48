package vigil.bench;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import vigil.ingest.decode.FrameDecoder;

/**
 * Luma frames of a real recording (OpenCV's {@code vtest.avi}, a static camera over a pedestrian square, from
 * Debian's opencv-doc), scaled to the benchmark's picture size: real texture and sensor noise for the encoder
 * and decoder, which a synthetic scene lacks.
 */
final class RecordedScene {

    static final String VTEST = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    private RecordedScene() {
    }

    static List<byte[]> luma(String path, int width, int height, int frames) {
        List<byte[]> out = new ArrayList<>();
        AVFormatContext ctx = new AVFormatContext(null);
        if (avformat_open_input(ctx, path, null, null) < 0) {
            throw new IllegalStateException(path + " is missing: apt-get install opencv-doc");
        }
        AVPacket packet = av_packet_alloc();
        try (Mat scaled = new Mat(); Size size = new Size(width, height)) {
            avformat_find_stream_info(ctx, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
            int video = av_find_best_stream(ctx, AVMEDIA_TYPE_VIDEO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
            try (FrameDecoder decoder = FrameDecoder.forStream(ctx.streams(video).codecpar())) {
                while (out.size() < frames && av_read_frame(ctx, packet) >= 0) {
                    try {
                        if (packet.stream_index() != video) continue;
                        decoder.decode(packet, f -> {
                            if (out.size() >= frames) return;
                            try (Mat src = new Mat(f.height(), f.width(), CV_8UC1, f.data(), f.strideBytes())) {
                                resize(src, scaled, size, 0, 0, INTER_LINEAR);
                                byte[] plane = new byte[width * height];
                                scaled.data().get(plane);
                                out.add(plane);
                            }
                        });
                    } finally {
                        av_packet_unref(packet);
                    }
                }
            }
        } finally {
            av_packet_free(packet);
            avformat_close_input(ctx);
        }
        return out;
    }
}
