package vigil.ingest.record;

import java.nio.file.Path;

/**
 * A finished segment file.
 *
 * @param startMs capture time of its first frame, UTC epoch ms
 * @param endMs   capture time just past its last frame
 */
public record ClosedSegment(String cameraId, Path path, long startMs, long endMs, long bytes, String codec,
                            int width, int height) {
}
