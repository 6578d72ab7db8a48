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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.opencv.opencv_core.Mat;
import vigil.analytics.LumaFrame;
import vigil.analytics.motion.MotionDetector;
import vigil.analytics.motion.MotionEvent;
import vigil.analytics.motion.MotionEventDetector;
import vigil.analytics.motion.MotionEventSettings;
import vigil.analytics.motion.MotionResult;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.FinishedTrack;
import vigil.analytics.track.SceneSettings;
import vigil.analytics.track.SceneTracker;
import vigil.analytics.track.TrackedObject;
import vigil.ingest.decode.FrameDecoder;

/**
 * Runs the analytics over a video file, offline: demux and decode with FFmpeg, then motion, motion events and
 * tracking per frame, as a node does per camera. What it finds goes to a {@link Listener}.
 */
public final class VideoFileAnalyzer {

    /** What one decoded frame gave; frames are numbered from 1 in presentation order. */
    public record FrameResult(int frame, long timeMs, int width, int height, MotionResult motion,
                              List<TrackedObject> objects) {
    }

    public interface Listener {
        void frame(FrameResult result);

        default void motionEvent(MotionEvent event) {
        }

        default void trackFinished(FinishedTrack track) {
        }
    }

    private static final int MEDIAN_SAMPLE_STEP = 2;
    private static final int MEDIAN_SAMPLES = 101;

    private final MotionSettings motionSettings;
    private final SceneSettings sceneSettings;

    public VideoFileAnalyzer(MotionSettings motionSettings, SceneSettings sceneSettings) {
        this.motionSettings = motionSettings;
        this.sceneSettings = sceneSettings;
    }

    /**
     * Analyses the whole file. The background starts as the temporal median of every second frame of the first
     * 201 (about 8 s at 25 fps; only those are decoded for it), as only an offline pass can: objects in view from
     * the first frame are then found at once, where a live camera has to learn its background first.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read as video
     */
    public void analyze(Path file, Listener listener) {
        try (MotionDetector detector = new MotionDetector(motionSettings);
             SceneTracker tracker = new SceneTracker(sceneSettings)) {
            seedWithMedianBackground(file, detector);
            MotionEventDetector events = new MotionEventDetector(MotionEventSettings.defaults());
            int[] frameNumber = {0};
            decode(file, f -> {
                frameNumber[0]++;
                MotionResult r = detector.detect(f);
                List<TrackedObject> objects = tracker.update(f, r);
                listener.frame(new FrameResult(frameNumber[0], f.captureTimeMs(), f.width(), f.height(), r, objects));
                events.accept(r).filter(e -> !e.open()).ifPresent(listener::motionEvent);
                tracker.drainFinished().forEach(listener::trackFinished);
            });
            events.finish().ifPresent(listener::motionEvent);
            tracker.finishAll().forEach(listener::trackFinished);
        }
    }

    private void seedWithMedianBackground(Path file, MotionDetector detector) {
        List<byte[]> samples = new ArrayList<>();
        int[] size = new int[4]; // analysis width, height; input width, height
        int[] index = {0};
        try (Mat prepared = new Mat()) {
            // only the frames sampled are decoded: the file is decoded once for analysis, not twice
            decode(file, MEDIAN_SAMPLE_STEP * (MEDIAN_SAMPLES - 1) + 1, f -> {
                if (index[0]++ % MEDIAN_SAMPLE_STEP != 0 || samples.size() >= MEDIAN_SAMPLES) return;
                detector.prepare(f, prepared);
                byte[] plane = new byte[prepared.cols() * prepared.rows()];
                prepared.data().get(plane);
                samples.add(plane);
                size[0] = prepared.cols();
                size[1] = prepared.rows();
                size[2] = f.width();
                size[3] = f.height();
            });
        }
        if (samples.size() < 3) return; // too short to tell background from objects: learn it live
        int n = samples.size();
        byte[] median = new byte[samples.get(0).length];
        int[] values = new int[n];
        for (int p = 0; p < median.length; p++) {
            for (int k = 0; k < n; k++) values[k] = samples.get(k)[p] & 0xFF;
            java.util.Arrays.sort(values);
            median[p] = (byte) values[n / 2];
        }
        try (Mat m = new Mat(size[1], size[0], org.bytedeco.opencv.global.opencv_core.CV_8UC1)) {
            m.data().put(median);
            detector.seedBackground(m, size[2], size[3]);
        }
    }

    /**
     * Decodes every video frame of the file with FFmpeg; each luma view (valid during the call only) carries its
     * presentation time in ms.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read as video
     */
    public static void decode(Path file, Consumer<LumaFrame> sink) {
        decode(file, Integer.MAX_VALUE, sink);
    }

    /** Decodes the first {@code maxFrames} video frames of the file (all of them when it has fewer). */
    public static void decode(Path file, int maxFrames, Consumer<LumaFrame> sink) {
        if (!Files.isReadable(file)) throw new IllegalArgumentException("cannot read " + file);
        AVFormatContext ctx = new AVFormatContext(null);
        if (avformat_open_input(ctx, file.toString(), null, null) < 0) {
            throw new IllegalArgumentException(file + " is not a media file FFmpeg can open");
        }
        AVPacket packet = av_packet_alloc();
        try {
            if (avformat_find_stream_info(ctx, (org.bytedeco.ffmpeg.avutil.AVDictionary) null) < 0) {
                throw new IllegalArgumentException(file + ": cannot read stream information");
            }
            int video = av_find_best_stream(ctx, AVMEDIA_TYPE_VIDEO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
            if (video < 0) throw new IllegalArgumentException(file + " has no video stream");
            AVStream stream = ctx.streams(video);
            double timeBase = av_q2d(stream.time_base());
            int[] count = {0};
            Consumer<LumaFrame> timed = f -> {
                if (count[0] >= maxFrames) return; // a packet may give more frames than asked for
                count[0]++;
                long ms = f.captureTimeMs() == AV_NOPTS_VALUE ? count[0] * 40L : Math.round(f.captureTimeMs() * timeBase * 1000);
                sink.accept(new LumaFrame(f.data(), f.width(), f.height(), f.strideBytes(), ms));
            };
            try (FrameDecoder decoder = FrameDecoder.forStream(stream.codecpar())) {
                while (count[0] < maxFrames && av_read_frame(ctx, packet) >= 0) {
                    try {
                        if (packet.stream_index() == video) decoder.decode(packet, timed);
                    } finally {
                        av_packet_unref(packet);
                    }
                }
                if (count[0] < maxFrames) decoder.flush(timed);
            }
        } finally {
            av_packet_free(packet);
            avformat_close_input(ctx);
        }
    }
}
