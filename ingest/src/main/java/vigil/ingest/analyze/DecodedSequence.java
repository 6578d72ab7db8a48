package vigil.ingest.analyze;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.javacpp.BytePointer;
import vigil.analytics.LumaFrame;

/**
 * A short video file's luma planes, decoded once and kept in memory, to be played again in any order (the
 * evaluation's trimmed and reversed variations of a labelled sequence).
 */
final class DecodedSequence {

    private final List<byte[]> planes;
    private final int width;
    private final int height;
    private final long frameMs;

    private DecodedSequence(List<byte[]> planes, int width, int height, long frameMs) {
        this.planes = planes;
        this.width = width;
        this.height = height;
        this.frameMs = frameMs;
    }

    /** The file's frames, or null if they take more than {@code budgetBytes} (or there are none, or their size changes). */
    static DecodedSequence of(Path file, long budgetBytes) {
        List<byte[]> planes = new ArrayList<>();
        int[] size = {0, 0};
        long[] times = {-1, -1};
        boolean[] refused = {false};
        VideoFileAnalyzer.decode(file, false, f -> {
            if (refused[0]) return;
            if (planes.isEmpty()) {
                size[0] = f.width();
                size[1] = f.height();
                times[0] = f.captureTimeMs();
            }
            if (f.width() != size[0] || f.height() != size[1] || (planes.size() + 1L) * f.width() * f.height() > budgetBytes) {
                refused[0] = true;
                return;
            }
            byte[] plane = new byte[f.width() * f.height()];
            long position = f.data().position(); // the decoder's pointer: read through it, leave it as found
            try {
                for (int y = 0; y < f.height(); y++) {
                    f.data().position(position + (long) y * f.strideBytes()).get(plane, y * f.width(), f.width());
                }
            } finally {
                f.data().position(position);
            }
            planes.add(plane);
            times[1] = f.captureTimeMs();
        });
        if (refused[0] || planes.isEmpty()) return null;
        long frameMs = planes.size() > 1 ? Math.max(1, Math.round((times[1] - times[0]) / (double) (planes.size() - 1))) : 40;
        return new DecodedSequence(planes, size[0], size[1], frameMs);
    }

    int size() {
        return planes.size();
    }

    /** Frame indices (from 0) played from {@code skipped} frames in, forwards or backwards. */
    int[] order(boolean backwards, int skipped) {
        int n = Math.max(0, planes.size() - skipped);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = backwards ? planes.size() - 1 - skipped - i : skipped + i;
        return order;
    }

    /** Passes the frames in {@code order} to {@code sink}, timed as the file's frames are, from 0. */
    void play(int[] order, Consumer<LumaFrame> sink) {
        try (BytePointer plane = new BytePointer((long) width * height)) {
            for (int i = 0; i < order.length; i++) {
                plane.position(0).put(planes.get(order[i]), 0, width * height).position(0);
                sink.accept(new LumaFrame(plane, width, height, width, i * frameMs));
            }
        }
    }
}
