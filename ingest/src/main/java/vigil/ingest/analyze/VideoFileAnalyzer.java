package vigil.ingest.analyze;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import vigil.analytics.AnalysisSettings;
import vigil.analytics.FrameAnalysis;
import vigil.analytics.LumaFrame;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.SceneSettings;
import vigil.ingest.decode.FrameDecoder;

/**
 * Runs the analytics over a video file, offline: demux and decode with FFmpeg (once), then the same
 * {@link FrameAnalysis} a node runs per camera. What it finds goes to the analysis's listener.
 */
public final class VideoFileAnalyzer {

    /** The opening's median background is taken over its first 8 s (the light rarely changes in that time)... */
    private static final long MEDIAN_WINDOW_MS = 8_000;
    /** ...from at most this many frames spread evenly over it... */
    private static final int MEDIAN_SAMPLES = 101;
    /** ...of those that fit in this much memory (at 1080p about 120 frames; 4K about 30). */
    private static final long OPENING_BUDGET_BYTES = 256L << 20;

    private final AnalysisSettings settings;
    private final boolean deblock;

    /** Analysis of pictures decoded without the deblocking filter, as a node's (see {@link FrameDecoder}). */
    public VideoFileAnalyzer(MotionSettings motionSettings, SceneSettings sceneSettings) {
        this(motionSettings, sceneSettings, false);
    }

    /** {@code deblock}: analysis of exact pictures, decoded with H.264's deblocking filter. */
    public VideoFileAnalyzer(MotionSettings motionSettings, SceneSettings sceneSettings, boolean deblock) {
        this.settings = AnalysisSettings.offline(motionSettings, sceneSettings);
        this.deblock = deblock;
    }

    /**
     * Analyses the whole file, decoding it once. The background starts as the temporal median of the opening
     * frames, as only an offline pass can: objects in view from the first frame are then found at once, where a
     * live camera has to learn its background first. The opening is kept in memory until the median is known,
     * then analysed like every later frame.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read as video
     */
    public void analyze(Path file, FrameAnalysis.Listener listener) {
        analyze(sink -> decode(file, deblock, sink), listener);
    }

    /**
     * Analyses the frames {@code source} passes to the sink it is given, in order (views valid during the call
     * only), as {@link #analyze(Path, FrameAnalysis.Listener)} does a file's: pictures already decoded, in another
     * order or a part of a file (the evaluation's variations of a labelled sequence).
     */
    public void analyze(Consumer<Consumer<LumaFrame>> source, FrameAnalysis.Listener listener) {
        try (FrameAnalysis analysis = new FrameAnalysis(settings, listener);
             OpeningFrames opening = new OpeningFrames(MEDIAN_WINDOW_MS, OPENING_BUDGET_BYTES)) {
            source.accept(f -> {
                if (opening.collecting()) {
                    if (opening.keep(f)) return;
                    analyseOpening(analysis, opening);
                }
                analysis.analyse(f);
            });
            if (opening.collecting()) analyseOpening(analysis, opening);
            analysis.finish();
        }
    }

    private static void analyseOpening(FrameAnalysis analysis, OpeningFrames opening) {
        List<LumaFrame> kept = opening.frames();
        List<LumaFrame> samples = new ArrayList<>();
        int step = Math.max(1, (kept.size() + MEDIAN_SAMPLES - 1) / MEDIAN_SAMPLES);
        for (int i = 0; i < kept.size(); i += step) samples.add(kept.get(i));
        analysis.seedBackground(samples);
        kept.forEach(analysis::analyse);
        opening.release();
    }

    /**
     * Decodes every video frame of the file with FFmpeg ({@code deblock}: exact pictures, see {@link FrameDecoder});
     * each luma view (valid during the call only) carries its presentation time in ms.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read as video
     */
    public static void decode(Path file, boolean deblock, Consumer<LumaFrame> sink) {
        if (!Files.isReadable(file)) throw new IllegalArgumentException("cannot read " + file);
        try {
            if (Files.size(file) == 0) throw new IllegalArgumentException(file + " is empty");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        AVFormatContext ctx = new AVFormatContext(null);
        if (avformat_open_input(ctx, file.toString(), null, null) < 0) {
            throw new IllegalArgumentException(file + " is not a media file FFmpeg can open (or one cut short: an MP4 whose "
                    + "index was to be written at its end, when its writer stopped first, cannot be opened)");
        }
        AVPacket packet = av_packet_alloc();
        try {
            if (avformat_find_stream_info(ctx, (AVDictionary) null) < 0) {
                throw new IllegalArgumentException(file + ": cannot read stream information");
            }
            int video = av_find_best_stream(ctx, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (video < 0) throw new IllegalArgumentException(file + " has no video stream");
            AVStream stream = ctx.streams(video);
            double timeBase = av_q2d(stream.time_base());
            int[] count = {0};
            Consumer<LumaFrame> timed = f -> {
                count[0]++;
                long ms = f.captureTimeMs() == AV_NOPTS_VALUE ? count[0] * 40L : Math.round(f.captureTimeMs() * timeBase * 1000);
                sink.accept(new LumaFrame(f.data(), f.width(), f.height(), f.strideBytes(), ms));
            };
            try (FrameDecoder decoder = FrameDecoder.forStream(stream.codecpar(), deblock)) {
                while (av_read_frame(ctx, packet) >= 0) {
                    try {
                        if (packet.stream_index() == video) decoder.decode(packet, timed);
                    } finally {
                        av_packet_unref(packet);
                    }
                }
                decoder.flush(timed);
            }
        } finally {
            av_packet_free(packet);
            avformat_close_input(ctx);
        }
    }
}
