package vigil.catalog.store;

import java.time.Instant;

/**
 * One recorded segment file.
 *
 * @param path  absolute path of the segment file on the node that recorded it
 * @param codec codec name, e.g. {@code h264}
 */
public record Clip(String id, String cameraId, Instant start, Instant end, String path, long bytes, String codec,
                   int width, int height) {
}
