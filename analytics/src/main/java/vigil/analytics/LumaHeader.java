package vigil.analytics;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A native OpenCV header over the planes of successive {@link LumaFrame}s, kept across frames: a header made per
 * frame would be a Java object per frame. For frames of one size and stride only the data pointers move. Owns the
 * header (not the planes); {@link #close()} releases it. Not thread-safe.
 */
public final class LumaHeader implements AutoCloseable {

    private Mat header;
    private int width;
    private int height;
    private int stride;

    /** A header over {@code frame}'s plane, valid while the frame is. */
    public Mat over(LumaFrame frame) {
        if (header == null || frame.width() != width || frame.height() != height || frame.strideBytes() != stride) {
            if (header != null) header.close();
            header = new Mat(frame.height(), frame.width(), CV_8UC1, frame.data(), frame.strideBytes());
            width = frame.width();
            height = frame.height();
            stride = frame.strideBytes();
        } else {
            // as the constructor sets them for a plane of rows x step: data, datastart, dataend, datalimit
            BytePointer plane = frame.data();
            long at = plane.position();
            long limit = (long) stride * height;
            header.data(plane).datastart(plane);
            header.dataend(plane.position(at + limit - stride + width));
            header.datalimit(plane.position(at + limit));
            plane.position(at);
        }
        return header;
    }

    @Override
    public void close() {
        if (header != null) header.close();
        header = null;
    }
}
