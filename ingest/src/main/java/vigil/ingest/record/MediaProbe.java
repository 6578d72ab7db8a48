package vigil.ingest.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;

/**
 * A media file read back with FFmpeg's demuxer: codec, picture size, frames and the time they span. Used to
 * catalogue segments found on disk after a crash, and by tests to check what was recorded.
 */
public record MediaProbe(String codec, int width, int height, int frames, int keyframes, double firstPtsSeconds,
                         double spanSeconds) {

    public static MediaProbe of(String path) {
        AVFormatContext ctx = new AVFormatContext(null);
        if (avformat_open_input(ctx, path, null, null) < 0) throw new IllegalStateException("cannot open " + path);
        try {
            if (avformat_find_stream_info(ctx, (org.bytedeco.ffmpeg.avutil.AVDictionary) null) < 0) {
                throw new IllegalStateException("no stream info in " + path);
            }
            int video = -1;
            for (int i = 0; i < ctx.nb_streams(); i++) {
                if (ctx.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) video = i;
            }
            if (video < 0) throw new IllegalStateException("no video stream in " + path);
            AVStream st = ctx.streams(video);
            double tb = av_q2d(st.time_base());
            AVPacket p = av_packet_alloc();
            int frames = 0, keys = 0;
            long first = Long.MAX_VALUE, last = Long.MIN_VALUE, lastDuration = 0;
            while (av_read_frame(ctx, p) >= 0) {
                if (p.stream_index() == video) {
                    frames++;
                    if ((p.flags() & AV_PKT_FLAG_KEY) != 0) keys++;
                    first = Math.min(first, p.pts());
                    if (p.pts() > last) {
                        last = p.pts();
                        lastDuration = p.duration();
                    }
                }
                av_packet_unref(p);
            }
            av_packet_free(p);
            return new MediaProbe(avcodec_get_name(st.codecpar().codec_id()).getString(), st.codecpar().width(),
                    st.codecpar().height(), frames, keys, first * tb, (last + lastDuration - first) * tb);
        } finally {
            avformat_close_input(ctx);
        }
    }
}
