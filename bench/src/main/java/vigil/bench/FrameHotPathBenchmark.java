package vigil.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import vigil.analytics.AnalysisSettings;
import vigil.analytics.FrameAnalysis;
import vigil.analytics.LumaFrame;
import vigil.analytics.motion.BoxList;
import vigil.analytics.motion.MotionDetector;
import vigil.analytics.motion.MotionResult;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.MultiObjectTracker;
import vigil.analytics.track.TrackedObject;
import vigil.analytics.track.SceneSettings;
import vigil.analytics.track.SceneTracker;
import vigil.analytics.track.TrackerSettings;
import vigil.ingest.decode.FrameDecoder;
import vigil.ingest.h264.AccessUnit;
import vigil.ingest.rtp.H264Depacketizer;
import vigil.ingest.rtp.RtpPacket;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.H264Encoder;
import vigil.ingest.sim.H264Packetizer;
import vigil.ingest.sim.SyntheticScene;

/**
 * The per-frame hot path of one camera, each stage on the same stream (a recorded or a synthetic scene encoded
 * with libopenh264, one keyframe per second): FFmpeg's H.264 decode is the reference every other stage
 * is compared with. Sizes are the stream's picture size.
 *
 * <pre>java -jar bench/target/benchmarks.jar FrameHotPath -f 1 -wi 3 -i 5 -w 2s -r 2s</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FrameHotPathBenchmark {

    private static final int FRAMES = 50;
    private static final int FPS = 25;
    /**
     * Frames the analysis benchmarks are fed, made before measuring (a frame made in the measured method would be
     * counted as allocated by it): the recording played forwards, backwards, forwards... so that the objects in it
     * turn round at its ends instead of jumping back to where they were (a cut would end every track each loop).
     */
    private static final int TIMELINE = 100_000;

    @Param({"1920x1080"})
    public String size;

    /** {@code synthetic}: the generated street scene; {@code vtest}: OpenCV's recorded pedestrian square, scaled. */
    @Param({"vtest", "synthetic"})
    public String scene;

    private EncodedLoop loop;
    private FrameDecoder decoder;
    private FrameDecoder analysisDecoder;
    private int analysisDecodeIndex;
    private MotionDetector detector;
    private final List<BytePointer> planes = new ArrayList<>();
    private LumaFrame[] timeline;
    private final List<List<ByteBuf>> packets = new ArrayList<>();
    private H264Depacketizer depacketizer;
    private int width;
    private int height;
    private int decodeIndex;
    private int keyIndex;
    private int motionIndex;
    private int packetIndex;
    private int trackIndex;
    private long trackTime;
    private final List<BoxList> detections = new ArrayList<>();
    private final List<MotionResult> motionResults = new ArrayList<>();
    private SceneTracker sceneTracker;
    private FrameAnalysis analysisMotionOnly;
    private FrameAnalysis analysisDefaults;
    private int analysisIndex;
    /**
     * The recording played forwards, then the view without anyone in it (the per-pixel median of the recording) for as
     * long, again and again: people come into view and leave, so their tracks end, as a camera's do.
     */
    private LumaFrame[] comeAndGo;
    private BytePointer emptyView;
    private FrameAnalysis comeAndGoMotionOnly;
    private FrameAnalysis comeAndGoDefaults;
    private int comeAndGoIndex;
    private int sceneIndex;
    private final MultiObjectTracker tracker = new MultiObjectTracker(TrackerSettings.defaults());
    private int packetRound;
    private int sequence;
    private long sink;

    @Setup(Level.Trial)
    public void setUp() {
        org.bytedeco.opencv.global.opencv_core.setNumThreads(1); // as in a node: one thread per camera's work
        String[] wh = size.split("x");
        width = Integer.parseInt(wh[0]);
        height = Integer.parseInt(wh[1]);
        List<byte[]> lumas = new ArrayList<>();
        if (scene.equals("vtest")) {
            lumas.addAll(RecordedScene.luma(RecordedScene.VTEST, width, height, FRAMES));
        } else {
            SyntheticScene synthetic = new SyntheticScene(width, height, FPS, FRAMES, 11);
            for (int i = 0; i < FRAMES; i++) {
                byte[] luma = new byte[width * height];
                synthetic.drawLuma(i, luma);
                lumas.add(luma);
            }
        }
        loop = EncodedLoop.encode(lumas, width, height, FPS, FPS);
        decoder = FrameDecoder.h264(true);
        analysisDecoder = FrameDecoder.h264(false);
        detector = new MotionDetector(MotionSettings.defaults());
        for (byte[] luma : lumas) {
            BytePointer p = new BytePointer(luma.length);
            p.put(luma, 0, luma.length);
            planes.add(p);
        }
        H264Packetizer packetizer = new H264Packetizer(1400, 96, 1, 0);
        for (int i = 0; i < loop.frames().size(); i++) {
            packets.add(packetizer.packetize(loop.frames().get(i).annexB(), (long) i * 3600, ByteBufAllocator.DEFAULT));
        }
        timeline = new LumaFrame[TIMELINE];
        for (int k = 0; k < TIMELINE; k++) timeline[k] = new LumaFrame(planes.get(pingPong(k)), width, height, width, k * 40L);
        byte[] empty = medianOf(lumas);
        emptyView = new BytePointer(empty.length);
        emptyView.put(empty, 0, empty.length);
        comeAndGo = new LumaFrame[TIMELINE];
        for (int k = 0; k < TIMELINE; k++) {
            int at = k % (2 * planes.size());
            comeAndGo[k] = new LumaFrame(at < planes.size() ? planes.get(at) : emptyView, width, height, width, k * 40L);
        }
        depacketizer = new H264Depacketizer(this::consume, ts -> ts / 90);
        sceneTracker = new SceneTracker(SceneSettings.defaults());
        FrameAnalysis.Listener nothing = new FrameAnalysis.Listener() {
        };
        analysisMotionOnly = new FrameAnalysis(AnalysisSettings.offline(MotionSettings.defaults(), SceneSettings.motionOnly()), nothing);
        analysisDefaults = new FrameAnalysis(AnalysisSettings.offline(MotionSettings.defaults(), SceneSettings.defaults()), nothing);
        comeAndGoMotionOnly = new FrameAnalysis(AnalysisSettings.offline(MotionSettings.defaults(), SceneSettings.motionOnly()), nothing);
        comeAndGoDefaults = new FrameAnalysis(AnalysisSettings.offline(MotionSettings.defaults(), SceneSettings.defaults()), nothing);
        try (MotionDetector d = new MotionDetector(MotionSettings.defaults())) {
            for (int i = 0; i < planes.size(); i++) {
                MotionResult r = d.detect(new LumaFrame(planes.get(i), width, height, width, i * 40L));
                detections.add(BoxList.of(r.boxes().toList()));
                motionResults.add(r.copy()); // the detector fills the same result again next frame
            }
        }
    }

    /** The plane shown at step {@code k} of the timeline: 0, 1, ... last, ... 1, 0, 1, ... */
    private int pingPong(int k) {
        int period = 2 * (planes.size() - 1);
        int at = k % period;
        return at < planes.size() ? at : period - at;
    }

    /** The frame at step {@code k}; after the timeline's end it starts again (its clock goes back once). */
    private LumaFrame frameAt(int k) {
        return timeline[k % TIMELINE];
    }

    private void consume(AccessUnit unit) {
        sink += unit.annexB().length;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        decoder.close();
        analysisDecoder.close();
        detector.close();
        sceneTracker.close();
        analysisMotionOnly.close();
        analysisDefaults.close();
        comeAndGoMotionOnly.close();
        comeAndGoDefaults.close();
        emptyView.close();
        planes.forEach(BytePointer::close);
        packets.forEach(list -> list.forEach(ByteBuf::release));
    }

    /** Reference: FFmpeg's single-threaded H.264 decoder, every frame in stream order. */
    @Benchmark
    public int decodeEveryFrame() {
        H264Encoder.EncodedFrame f = loop.frames().get(decodeIndex);
        decodeIndex = (decodeIndex + 1) % loop.frames().size();
        return decoder.decode(f.annexB(), f.annexB().length, decodeIndex * 40L, frame -> sink += frame.width());
    }

    /** As a node decodes for analysis: without the deblocking filter (see {@link FrameDecoder}). */
    @Benchmark
    public int decodeForAnalysis() {
        H264Encoder.EncodedFrame f = loop.frames().get(analysisDecodeIndex);
        analysisDecodeIndex = (analysisDecodeIndex + 1) % loop.frames().size();
        return analysisDecoder.decode(f.annexB(), f.annexB().length, analysisDecodeIndex * 40L, frame -> sink += frame.width());
    }

    /** Keyframe-only mode: decoding one IDR picture for analysis (what a camera on patrol costs per analysed frame). */
    @Benchmark
    public int decodeKeyframeOnly() {
        H264Encoder.EncodedFrame f = loop.frames().get(keyIndex * FPS);
        keyIndex = (keyIndex + 1) % (loop.frames().size() / FPS);
        return analysisDecoder.decode(f.annexB(), f.annexB().length, keyIndex * 1000L, frame -> sink += frame.width());
    }

    /** Downscale of the full luma plane to the analysis size and motion detection on it. */
    @Benchmark
    public MotionResult motion() {
        LumaFrame frame = frameAt(motionIndex++);
        return detector.detect(frame);
    }

    /** Multi-object tracking of one frame's motion boxes (the boxes this stream's motion detection found). */
    @Benchmark
    public List<TrackedObject> track() {
        BoxList boxes = detections.get(pingPong(trackIndex++ % TIMELINE));
        return tracker.update(boxes, trackTime += 40);
    }

    /**
     * People and objects of one frame with the default settings: the person detector searching this stream's
     * motion regions (and the people already followed), both trackers, the hand-over between them.
     */
    @Benchmark
    public List<TrackedObject> peopleAndObjects() {
        LumaFrame frame = frameAt(sceneIndex);
        MotionResult motion = motionResults.get(pingPong(sceneIndex++ % TIMELINE));
        return sceneTracker.update(frame, motion);
    }

    /**
     * The whole analysis of one decoded frame as a node and {@code vigil analyze} run it ({@link FrameAnalysis}):
     * motion, motion events, tracking, people off. With {@code -prof gc}: what it allocates per frame.
     */
    @Benchmark
    public long analysisMotionOnly() {
        return analyse(analysisMotionOnly, frameAt(analysisIndex++));
    }

    /** As {@link #analysisMotionOnly()}, with the default settings: people looked for. */
    @Benchmark
    public long analysisDefaults() {
        return analyse(analysisDefaults, frameAt(analysisIndex++));
    }

    /**
     * As {@link #analysisMotionOnly()}, on the recording and then the empty view in turn: tracks end when people
     * leave, and a track's history goes back to the tracker for the next. With {@code -prof gc}: what a camera's
     * analysis allocates per frame once its pools are sized.
     */
    @Benchmark
    public long analysisMotionOnlyComeAndGo() {
        return analyse(comeAndGoMotionOnly, comeAndGo[comeAndGoIndex++ % TIMELINE]);
    }

    /** As {@link #analysisMotionOnlyComeAndGo()}, with the default settings: people looked for. */
    @Benchmark
    public long analysisDefaultsComeAndGo() {
        return analyse(comeAndGoDefaults, comeAndGo[comeAndGoIndex++ % TIMELINE]);
    }

    /** Each pixel's median over the frames: the view without the people walking through it. */
    private static byte[] medianOf(List<byte[]> frames) {
        byte[] median = new byte[frames.get(0).length];
        int[] values = new int[frames.size()];
        for (int p = 0; p < median.length; p++) {
            for (int f = 0; f < values.length; f++) values[f] = frames.get(f)[p] & 0xff;
            Arrays.sort(values);
            median[p] = (byte) values[values.length / 2];
        }
        return median;
    }

    private static long analyse(FrameAnalysis analysis, LumaFrame frame) {
        analysis.analyse(frame);
        return frame.captureTimeMs();
    }

    /** RTP parsing and H.264 depacketizing of one frame's packets. */
    @Benchmark
    public void depacketize(Blackhole bh) {
        long timestamp = (long) packetRound * packets.size() * 3600 + packetIndex * 3600L;
        for (ByteBuf p : packets.get(packetIndex)) {
            // renumber, as a live stream would, so the depacketizer never sees the loop as late packets
            p.setShort(2, sequence++);
            p.setInt(4, (int) timestamp);
            depacketizer.accept(RtpPacket.parse(p));
        }
        packetIndex = (packetIndex + 1) % packets.size();
        if (packetIndex == 0) packetRound++;
        bh.consume(sink);
    }
}
