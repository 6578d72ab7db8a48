package vigil.ingest.analyze;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import vigil.analytics.FrameAnalysis;
import vigil.analytics.LumaFrame;
import vigil.analytics.eval.MotBox;
import vigil.analytics.eval.MotEvaluator;
import vigil.analytics.eval.MotScore;
import vigil.analytics.motion.MotionResult;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.TrackedObject;
import vigil.analytics.track.ObjectKind;
import vigil.analytics.track.SceneSettings;
import vigil.ingest.h264.AccessUnit;
import vigil.ingest.record.SegmentRecorder;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.H264Encoder;
import vigil.ingest.sim.TrackingScene;

/**
 * The tracking quality suite: each synthetic scene is encoded to H.264 (libopenh264), analysed as a file the
 * way {@code vigil analyze} does, and scored against its exact ground truth; MOTChallenge sequences are scored
 * against their published labels.
 */
public final class TrackingEvaluation {

    private final MotionSettings motion;
    private final SceneSettings scene;

    public TrackingEvaluation(MotionSettings motion, SceneSettings scene) {
        this.motion = motion;
        this.scene = scene;
    }

    /** Scores every scene of {@link TrackingScene#suite()}; {@code workDir} receives the encoded media. */
    public Map<String, MotScore> synthetic(Path workDir) {
        Map<String, MotScore> out = new LinkedHashMap<>();
        for (TrackingScene scene : TrackingScene.suite()) out.put(scene.name(), scene(scene, workDir));
        return out;
    }

    public MotScore scene(TrackingScene scene, Path workDir) {
        return MotEvaluator.evaluate(scene.truth(), track(record(scene, workDir), EnumSet.allOf(ObjectKind.class)));
    }

    /** The scene recorded as a node records a camera, as an MP4 file under {@code workDir}; answers the file. */
    static Path record(TrackingScene scene, Path workDir) {
        List<byte[]> lumas = new ArrayList<>();
        for (int f = 0; f < scene.frames(); f++) {
            byte[] luma = new byte[scene.width() * scene.height()];
            scene.drawLuma(f, luma);
            lumas.add(luma);
        }
        // recorded as a node records a camera (MP4 by stream copy, one keyframe a second), so that the file
        // carries the scene's own frame times
        EncodedLoop encoded = EncodedLoop.encode(lumas, scene.width(), scene.height(), scene.fps(), scene.fps());
        Path[] file = {null};
        try (SegmentRecorder recorder = new SegmentRecorder(scene.name(), workDir, Long.MAX_VALUE / 4, s -> file[0] = s.path())) {
            List<H264Encoder.EncodedFrame> frames = encoded.frames();
            for (int f = 0; f < frames.size(); f++) {
                long ms = Math.round(f * 1000.0 / scene.fps());
                recorder.write(new AccessUnit(frames.get(f).annexB(), ms * 90, ms, frames.get(f).keyframe(), false));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("recording " + scene.name() + " under " + workDir, e);
        }
        return file[0];
    }

    /**
     * Scores every sequence directory {@code <name>/<name>.mp4} with {@code <name>/gt/gt.txt} under {@code root}
     * by the tracks of the given kinds (MOTChallenge labels people: score {@link ObjectKind#PERSON} tracks).
     */
    public Map<String, MotScore> motChallenge(Path root, Set<ObjectKind> kinds) {
        return eachSequence(root, (video, truth) -> MotEvaluator.evaluate(truth, track(video, kinds)));
    }

    /**
     * Each MOTChallenge sequence under {@code root} scored again as {@link #VARIATION_STARTS} trimmed openings played
     * forwards and backwards (the first of them the sequence itself), pooled per sequence: a short labelled
     * sequence is one draw of when people enter and how the background is learned, and a change to the tracker moves
     * its score by more than it moves the tracker's quality. Sequences larger than {@link #VARIATIONS_BUDGET_BYTES}
     * decoded are left out.
     */
    public Map<String, MotScore> motChallengeVariations(Path root, Set<ObjectKind> kinds) {
        return eachSequence(root, (video, truth) -> {
            DecodedSequence frames = DecodedSequence.of(video, VARIATIONS_BUDGET_BYTES);
            if (frames == null) return null;
            List<MotScore> scores = new ArrayList<>();
            for (boolean backwards : new boolean[] {false, true}) {
                for (int i = 0; i < VARIATION_STARTS; i++) {
                    int[] order = frames.order(backwards, i * frames.size() / 6);
                    scores.add(MotEvaluator.evaluate(renumbered(truth, order), track(frames, order, kinds)));
                }
            }
            return pooled(scores);
        });
    }

    /** The score {@code score} gives each sequence under {@code root} (its video and labels), by name; null leaves it out. */
    private static Map<String, MotScore> eachSequence(Path root, BiFunction<Path, List<MotBox>, MotScore> score) {
        Map<String, MotScore> out = new LinkedHashMap<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                String name = dir.getFileName().toString();
                Path video = dir.resolve(name + ".mp4");
                Path gt = dir.resolve("gt").resolve("gt.txt");
                if (!Files.isRegularFile(video) || !Files.isRegularFile(gt)) continue;
                List<MotBox> truth = new ArrayList<>();
                for (String line : Files.readAllLines(gt)) if (!line.isBlank()) truth.add(MotBox.parse(line));
                MotScore s = score.apply(video, truth);
                if (s != null) out.put(name, s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + root, e);
        }
        return out;
    }

    /** Openings per direction in {@link #motChallengeVariations}: from the first frame, a sixth in, two sixths, three. */
    static final int VARIATION_STARTS = 4;
    static final long VARIATIONS_BUDGET_BYTES = 512L << 20;

    /** The labels of the frames played in {@code order} (original frame numbers from 1), numbered as played. */
    private static List<MotBox> renumbered(List<MotBox> truth, int[] order) {
        int[] playedAs = new int[order.length == 0 ? 1 : Arrays.stream(order).max().getAsInt() + 2];
        for (int i = 0; i < order.length; i++) playedAs[order[i] + 1] = i + 1;
        List<MotBox> out = new ArrayList<>();
        for (MotBox b : truth) {
            if (b.frame() < playedAs.length && playedAs[b.frame()] > 0) {
                out.add(new MotBox(playedAs[b.frame()], b.id(), b.left(), b.top(), b.width(), b.height()));
            }
        }
        return out;
    }

    /** The tracks of the given kinds in decoded frames played in {@code order}, as MOT rows numbered as played. */
    private List<MotBox> track(DecodedSequence frames, int[] order, Set<ObjectKind> kinds) {
        return track(sink -> frames.play(order, sink), kinds);
    }

    /** The tracks of the given kinds in a file, as MOT rows in the file's pixels. */
    public List<MotBox> track(Path file, Set<ObjectKind> kinds) {
        return track(sink -> VideoFileAnalyzer.decode(file, false, sink), kinds);
    }

    private List<MotBox> track(Consumer<Consumer<LumaFrame>> source, Set<ObjectKind> kinds) {
        List<MotBox> rows = new ArrayList<>();
        int[] frameNumber = {0};
        new VideoFileAnalyzer(motion, scene).analyze(source, new FrameAnalysis.Listener() {
            @Override
            public void frame(LumaFrame frame, MotionResult result, List<TrackedObject> objects) {
                frameNumber[0]++;
                int w = frame.width(), h = frame.height();
                for (TrackedObject o : objects) {
                    if (!kinds.contains(o.kind())) continue;
                    rows.add(new MotBox(frameNumber[0], o.trackId(), o.box().x() * w, o.box().y() * h,
                            o.box().width() * w, o.box().height() * h));
                }
            }
        });
        return rows;
    }

    /** The raised-camera family's scores among {@code synthetic} (the scripted scenes and their seeded variations). */
    public static Map<String, MotScore> raisedFamily(Map<String, MotScore> synthetic) {
        Set<String> names = new HashSet<>();
        TrackingScene.raisedCameras().forEach(s -> names.add(s.name()));
        TrackingScene.raisedCameraVariants(TrackingScene.RAISED_VARIANTS, TrackingScene.RAISED_VARIANTS_SEED).forEach(s -> names.add(s.name()));
        Map<String, MotScore> out = new LinkedHashMap<>(synthetic);
        out.keySet().retainAll(names);
        return out;
    }

    /** Scores pooled over sequences: counts summed, MOTA and IDF1 recomputed from the sums. */
    public static MotScore pooled(Iterable<MotScore> scores) {
        int gt = 0, pr = 0, tp = 0, fp = 0, fn = 0, sw = 0, gtIds = 0, prIds = 0;
        double idtp = 0, iou = 0;
        for (MotScore s : scores) {
            gt += s.gtBoxes();
            pr += s.predictedBoxes();
            tp += s.truePositives();
            fp += s.falsePositives();
            fn += s.falseNegatives();
            sw += s.idSwitches();
            gtIds += s.gtIds();
            prIds += s.predictedIds();
            idtp += s.idf1() * (s.gtBoxes() + s.predictedBoxes()) / 2;
            iou += s.motp() * s.truePositives();
        }
        return new MotScore(gt, pr, tp, fp, fn, sw, gt == 0 ? 0 : 1 - (fn + fp + sw) / (double) gt,
                tp == 0 ? 0 : iou / tp, gt + pr == 0 ? 0 : 2 * idtp / (gt + pr), gtIds, prIds);
    }
}
