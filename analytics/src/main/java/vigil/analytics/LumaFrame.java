package vigil.analytics;

import org.bytedeco.javacpp.BytePointer;

/**
 * A borrowed view of an 8-bit luma plane. The caller owns {@code data}; the view is valid only for the
 * duration of the call it is passed to, and analytics never keeps it.
 *
 * @param data          first byte of the plane
 * @param width         pixels per row
 * @param height        rows
 * @param strideBytes   bytes from one row to the next (at least {@code width})
 * @param captureTimeMs wall-clock capture time, UTC epoch milliseconds
 */
public record LumaFrame(BytePointer data, int width, int height, int strideBytes, long captureTimeMs) {
    public LumaFrame {
        if (width <= 0 || height <= 0 || strideBytes < width) {
            throw new IllegalArgumentException("luma plane " + width + "x" + height + " stride " + strideBytes);
        }
    }
}
