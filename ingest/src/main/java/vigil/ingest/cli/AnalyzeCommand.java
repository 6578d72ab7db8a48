package vigil.ingest.cli;

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

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vigil.analytics.LumaFrame;
import vigil.analytics.motion.MotionDetector;
import vigil.analytics.motion.MotionEventDetector;
import vigil.analytics.motion.MotionEventSettings;
import vigil.analytics.motion.MotionResult;
import vigil.analytics.motion.MotionSettings;
import vigil.ingest.decode.FrameDecoder;

/**
 * {@code vigil analyze FILE}: runs the analytics over a video file offline and prints what it found, as JSON
 * lines or as MOTChallenge rows ({@code frame,id,left,top,width,height,conf,-1,-1,-1}, pixels of the file,
 * frames from 1; id is -1 until tracking exists).
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, description = "Analyse a video file offline.")
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "video file")
    Path file;

    @Option(names = "--format", description = "json or mot (default: ${DEFAULT-VALUE})", defaultValue = "json")
    String format;

    @Option(names = "--analysis-width", description = "width frames are reduced to for analysis (default: ${DEFAULT-VALUE})", defaultValue = "320")
    int analysisWidth;

    @Override
    public Integer call() {
        boolean mot = switch (format.toLowerCase(Locale.ROOT)) {
            case "mot" -> true;
            case "json" -> false;
            default -> throw new IllegalArgumentException("--format must be json or mot, not " + format);
        };
        if (!Files.isReadable(file)) throw new IllegalArgumentException("cannot read " + file);
        PrintStream out = System.out;
        AVFormatContext ctx = new AVFormatContext(null);
        if (avformat_open_input(ctx, file.toString(), null, null) < 0) {
            throw new IllegalArgumentException(file + " is not a media file FFmpeg can open");
        }
        AVPacket packet = av_packet_alloc();
        try (MotionDetector detector = new MotionDetector(MotionSettings.defaults().withAnalysisWidthPx(analysisWidth))) {
            if (avformat_find_stream_info(ctx, (org.bytedeco.ffmpeg.avutil.AVDictionary) null) < 0) {
                throw new IllegalArgumentException(file + ": cannot read stream information");
            }
            int video = av_find_best_stream(ctx, AVMEDIA_TYPE_VIDEO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
            if (video < 0) throw new IllegalArgumentException(file + " has no video stream");
            AVStream stream = ctx.streams(video);
            double timeBase = av_q2d(stream.time_base());
            MotionEventDetector events = new MotionEventDetector(MotionEventSettings.defaults());
            int[] frameNumber = {0};
            java.util.function.Consumer<LumaFrame> sink = f -> {
                frameNumber[0]++;
                long ms = f.captureTimeMs() == AV_NOPTS_VALUE ? frameNumber[0] * 40L
                        : Math.round(f.captureTimeMs() * timeBase * 1000);
                MotionResult r = detector.detect(new LumaFrame(f.data(), f.width(), f.height(), f.strideBytes(), ms));
                print(out, mot, frameNumber[0], f.width(), f.height(), r);
                events.accept(r).filter(e -> !e.open()).ifPresent(e -> {
                    if (!mot) out.println(eventJson(e));
                });
            };
            try (FrameDecoder decoder = FrameDecoder.forStream(stream.codecpar())) {
                while (av_read_frame(ctx, packet) >= 0) {
                    try {
                        if (packet.stream_index() == video) decoder.decode(packet, sink);
                    } finally {
                        av_packet_unref(packet);
                    }
                }
                decoder.flush(sink);
            }
            events.finish().ifPresent(e -> {
                if (!mot) out.println(eventJson(e));
            });
        } finally {
            av_packet_free(packet);
            avformat_close_input(ctx);
        }
        out.flush();
        return 0;
    }

    private static void print(PrintStream out, boolean mot, int frame, int width, int height, MotionResult r) {
        if (mot) {
            for (MotionResult.MotionBox b : r.boxes()) {
                out.printf(Locale.ROOT, "%d,-1,%.1f,%.1f,%.1f,%.1f,%.3f,-1,-1,-1%n", frame, b.box().x() * width,
                        b.box().y() * height, b.box().width() * width, b.box().height() * height, b.changedPixelFraction());
            }
            return;
        }
        StringBuilder s = new StringBuilder().append("{\"frame\":").append(frame).append(",\"timeMs\":")
                .append(r.captureTimeMs()).append(",\"boxes\":[");
        for (int i = 0; i < r.boxes().size(); i++) {
            MotionResult.MotionBox b = r.boxes().get(i);
            if (i > 0) s.append(',');
            s.append(String.format(Locale.ROOT, "{\"left\":%.1f,\"top\":%.1f,\"width\":%.1f,\"height\":%.1f,\"changed\":%.3f}",
                    b.box().x() * width, b.box().y() * height, b.box().width() * width, b.box().height() * height,
                    b.changedPixelFraction()));
        }
        out.println(s.append("]}"));
    }

    private static String eventJson(vigil.analytics.motion.MotionEvent e) {
        return String.format(Locale.ROOT, "{\"motionEvent\":{\"startMs\":%d,\"endMs\":%d,\"peakArea\":%.4f,"
                        + "\"box\":{\"x\":%.4f,\"y\":%.4f,\"width\":%.4f,\"height\":%.4f}}}", e.startMs(), e.endMs(),
                e.peakAreaFraction(), e.unionBox().x(), e.unionBox().y(), e.unionBox().width(), e.unionBox().height());
    }
}
