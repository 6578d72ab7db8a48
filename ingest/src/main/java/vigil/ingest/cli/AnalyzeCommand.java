package vigil.ingest.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vigil.analytics.FrameAnalysis;
import vigil.analytics.LumaFrame;
import vigil.analytics.motion.MotionEvent;
import vigil.analytics.motion.BoxList;
import vigil.analytics.motion.MotionResult;
import vigil.analytics.motion.MotionSettings;
import vigil.analytics.track.FinishedTrack;
import vigil.analytics.track.TrackedObject;
import vigil.analytics.track.ObjectKind;
import vigil.analytics.track.SceneSettings;
import vigil.ingest.analyze.VideoFileAnalyzer;

/**
 * {@code vigil analyze FILE}: runs the analytics over a video file offline and prints what it found, as JSON
 * lines or as MOTChallenge rows ({@code frame,id,left,top,width,height,conf,-1,-1,-1}: tracked objects with
 * their track ids, pixels of the file, frames from 1).
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, description = "Analyse a video file offline.")
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "video file")
    Path file;

    @Option(names = "--format", description = "json or mot (default: ${DEFAULT-VALUE})", defaultValue = "json")
    String format;

    @Option(names = "--analysis-width", description = "width frames are reduced to for analysis (default: ${DEFAULT-VALUE})", defaultValue = "320")
    int analysisWidth;

    @Mixin
    PeopleOptions people = new PeopleOptions();

    @Mixin
    DecodeOptions decode = new DecodeOptions();

    @Option(names = "--kind", description = "which tracks to print: all, person or object (default: ${DEFAULT-VALUE})",
            defaultValue = "all")
    String kind;

    @Override
    public Integer call() {
        Set<ObjectKind> kinds = "all".equalsIgnoreCase(kind) ? EnumSet.allOf(ObjectKind.class)
                : EnumSet.of(ObjectKind.ofLabel(kind.toLowerCase(Locale.ROOT)));
        SceneSettings scene = people.scene();
        boolean mot = switch (format.toLowerCase(Locale.ROOT)) {
            case "mot" -> true;
            case "json" -> false;
            default -> throw new IllegalArgumentException("--format must be json or mot, not " + format);
        };
        PrintStream out = System.out;
        new VideoFileAnalyzer(MotionSettings.defaults().withAnalysisWidthPx(analysisWidth), scene, decode.deblock)
                .analyze(file, new FrameAnalysis.Listener() {
                    private int frameNumber;

                    @Override
                    public void frame(LumaFrame frame, MotionResult motion, List<TrackedObject> objects) {
                        FrameRow r = new FrameRow(++frameNumber, frame.captureTimeMs(), frame.width(), frame.height(), motion, objects);
                        if (mot) printMot(out, r, kinds);
                        else printJson(out, r, kinds);
                    }

                    @Override
                    public void motionEvent(MotionEvent e) {
                        if (!mot && !e.open()) out.println(eventJson(e));
                    }

                    @Override
                    public void trackFinished(FinishedTrack t) {
                        if (!mot && t.moved() && kinds.contains(t.kind())) {
                            out.printf(Locale.ROOT, "{\"track\":{\"id\":%d,\"kind\":\"%s\",\"startMs\":%d,\"endMs\":%d,\"boxes\":%d}}%n",
                                    t.trackId(), t.kind().label(), t.startMs(), t.endMs(), t.boxes().size());
                        }
                    }
                });
        out.flush();
        return 0;
    }

    /** What one frame gave; frames are numbered from 1 in presentation order. */
    record FrameRow(int frame, long timeMs, int width, int height, MotionResult motion, List<TrackedObject> objects) {
    }

    static void printMot(PrintStream out, FrameRow r, Set<ObjectKind> kinds) {
        for (TrackedObject o : r.objects()) {
            if (!kinds.contains(o.kind())) continue;
            out.printf(Locale.ROOT, "%d,%d,%.1f,%.1f,%.1f,%.1f,%.2f,-1,-1,-1%n", r.frame(), o.trackId(),
                    o.box().x() * r.width(), o.box().y() * r.height(), o.box().width() * r.width(),
                    o.box().height() * r.height(), o.observed() ? 1.0 : 0.5);
        }
    }

    private static void printJson(PrintStream out, FrameRow r, Set<ObjectKind> kinds) {
        StringBuilder s = new StringBuilder().append("{\"frame\":").append(r.frame()).append(",\"timeMs\":")
                .append(r.timeMs()).append(",\"boxes\":[");
        BoxList boxes = r.motion().boxes();
        for (int i = 0; i < boxes.size(); i++) {
            if (i > 0) s.append(',');
            s.append(String.format(Locale.ROOT, "{\"left\":%.1f,\"top\":%.1f,\"width\":%.1f,\"height\":%.1f,\"changed\":%.3f}",
                    boxes.x(i) * r.width(), boxes.y(i) * r.height(), boxes.width(i) * r.width(),
                    boxes.height(i) * r.height(), r.motion().changedPixelFraction(i)));
        }
        s.append("],\"objects\":[");
        boolean first = true;
        for (TrackedObject o : r.objects()) {
            if (!kinds.contains(o.kind())) continue;
            if (!first) s.append(',');
            first = false;
            s.append(String.format(Locale.ROOT, "{\"id\":%d,\"kind\":\"%s\",\"left\":%.1f,\"top\":%.1f,\"width\":%.1f,\"height\":%.1f,\"observed\":%b}",
                    o.trackId(), o.kind().label(), o.box().x() * r.width(), o.box().y() * r.height(), o.box().width() * r.width(),
                    o.box().height() * r.height(), o.observed()));
        }
        out.println(s.append("]}"));
    }

    private static String eventJson(MotionEvent e) {
        return String.format(Locale.ROOT, "{\"motionEvent\":{\"startMs\":%d,\"endMs\":%d,\"peakArea\":%.4f,"
                        + "\"box\":{\"x\":%.4f,\"y\":%.4f,\"width\":%.4f,\"height\":%.4f}}}", e.startMs(), e.endMs(),
                e.peakAreaFraction(), e.unionBox().x(), e.unionBox().y(), e.unionBox().width(), e.unionBox().height());
    }
}
