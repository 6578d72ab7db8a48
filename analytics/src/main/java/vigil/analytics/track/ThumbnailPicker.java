package vigil.analytics.track;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import vigil.analytics.LumaFrame;
import vigil.analytics.motion.NormalizedBox;

/**
 * Keeps, for every live track, a crop of the frame where the object was seen best: observed (not inside a
 * merged blob), clear of the frame's edges, and largest. The crop is copied only when a better moment comes, so
 * most frames cost a comparison. {@link #take} encodes the kept crop as JPEG (luma only: grey).
 *
 * <p>Owns one small Mat per live track; {@link #take} and {@link #discard} free it, {@link #close} frees all.
 * Not thread-safe: used on the camera's worker turn.
 */
public final class ThumbnailPicker implements AutoCloseable {

    /** Crops are scaled down to at most this height. */
    public static final int MAX_HEIGHT_PX = 160;
    private static final double EDGE_MARGIN = 0.01;
    private static final double CONTEXT = 0.15; // a little of the surroundings around the box

    private record Best(double score, Mat crop) {
    }

    private final Map<Long, Best> best = new HashMap<>();

    /** Considers this frame for the object's thumbnail. */
    public void offer(TrackedObject object, LumaFrame frame) {
        if (!object.observed()) return;
        NormalizedBox b = object.box();
        if (b.x() < EDGE_MARGIN || b.y() < EDGE_MARGIN || b.right() > 1 - EDGE_MARGIN || b.bottom() > 1 - EDGE_MARGIN) return;
        double score = b.width() * frame.width() * b.height() * frame.height();
        Best current = best.get(object.trackId());
        if (current != null && current.score() >= score) return;
        int x0 = clamp((int) ((b.x() - CONTEXT * b.width()) * frame.width()), frame.width());
        int y0 = clamp((int) ((b.y() - CONTEXT * b.height()) * frame.height()), frame.height());
        int x1 = clamp((int) Math.ceil((b.right() + CONTEXT * b.width()) * frame.width()), frame.width());
        int y1 = clamp((int) Math.ceil((b.bottom() + CONTEXT * b.height()) * frame.height()), frame.height());
        if (x1 - x0 < 2 || y1 - y0 < 2) return;
        Mat crop = new Mat();
        try (Mat luma = new Mat(frame.height(), frame.width(), CV_8UC1, frame.data(), frame.strideBytes());
             Rect r = new Rect(x0, y0, x1 - x0, y1 - y0); Mat roi = luma.apply(r)) {
            int h = y1 - y0;
            if (h > MAX_HEIGHT_PX) {
                try (Size size = new Size(Math.max(1, (x1 - x0) * MAX_HEIGHT_PX / h), MAX_HEIGHT_PX)) {
                    resize(roi, crop, size, 0, 0, INTER_AREA);
                }
            } else {
                roi.copyTo(crop);
            }
        }
        if (current != null) current.crop().close();
        best.put(object.trackId(), new Best(score, crop));
    }

    /** The JPEG of the track's best moment, if it had one; forgets the track. */
    public Optional<byte[]> take(long trackId) {
        Best b = best.remove(trackId);
        if (b == null) return Optional.empty();
        try (Mat crop = b.crop(); BytePointer jpeg = new BytePointer()) {
            if (!imencode(".jpg", crop, jpeg)) return Optional.empty();
            byte[] out = new byte[(int) jpeg.limit()];
            jpeg.get(out);
            return Optional.of(out);
        }
    }

    public void discard(long trackId) {
        Best b = best.remove(trackId);
        if (b != null) b.crop().close();
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    @Override
    public void close() {
        best.values().forEach(b -> b.crop().close());
        best.clear();
    }
}
