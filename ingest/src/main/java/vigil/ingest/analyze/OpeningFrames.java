package vigil.ingest.analyze;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import vigil.analytics.LumaFrame;

/**
 * Copies of a file's first frames, kept while the median background of the opening is not known yet, so the
 * file is decoded once. Stops keeping at a frame past the opening's duration or a memory budget, whichever
 * comes first.
 *
 * <p>Owns one luma Mat per frame kept; {@link #release()} (or {@link #close()}) frees them all. Not thread-safe.
 */
final class OpeningFrames implements AutoCloseable {

    private final long durationMs;
    private final long budgetBytes;
    private final List<Mat> planes = new ArrayList<>();
    private final List<LumaFrame> frames = new ArrayList<>();
    private long bytes;
    private boolean collecting = true;

    OpeningFrames(long durationMs, long budgetBytes) {
        this.durationMs = durationMs;
        this.budgetBytes = budgetBytes;
    }

    /** Whether frames are still being kept (no frame was refused and nothing released yet). */
    boolean collecting() {
        return collecting;
    }

    /** Keeps a copy of the frame; false, keeping nothing more from now on, once the opening is full. */
    boolean keep(LumaFrame f) {
        long size = (long) f.width() * f.height();
        boolean full = !frames.isEmpty()
                && (f.captureTimeMs() - frames.get(0).captureTimeMs() >= durationMs || bytes + size > budgetBytes);
        if (!collecting || full) {
            collecting = false;
            return false;
        }
        Mat copy = new Mat();
        try (Mat view = new Mat(f.height(), f.width(), CV_8UC1, f.data(), f.strideBytes())) {
            view.copyTo(copy);
        }
        planes.add(copy);
        frames.add(new LumaFrame(copy.data(), f.width(), f.height(), (int) copy.step(), f.captureTimeMs()));
        bytes += size;
        return true;
    }

    /** The frames kept, in decoding order; valid until {@link #release()}. */
    List<LumaFrame> frames() {
        return frames;
    }

    void release() {
        collecting = false;
        frames.clear();
        planes.forEach(Mat::close);
        planes.clear();
    }

    @Override
    public void close() {
        release();
    }
}
