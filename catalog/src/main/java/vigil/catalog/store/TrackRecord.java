package vigil.catalog.store;

import java.time.Instant;
import java.util.List;

/**
 * A catalogued track: where one moving object went in one camera's view. Coordinates are normalised to the
 * frame (x right, y down); the path follows the foot point (bottom centre of the box).
 *
 * @param footprint  32×32 cells of the frame the path crossed, 16 words of row-major bits (cell cx, cy is bit
 *                   cy·32+cx), cx = floor(x·32)
 * @param groundPath the path projected to WGS-84 when the camera is calibrated, else empty
 * @param h3Cells    H3 cells (resolution 12) the ground path passes, else empty
 * @param thumbnailPath JPEG of the object at its clearest moment, or null
 * @param objectKind "person" (found by the person detector) or "object" (any other moving object)
 */
public record TrackRecord(String id, String cameraId, Instant start, Instant end, List<Box> boxes, List<Point> path,
                          long[] footprint, double minX, double minY, double maxX, double maxY, double directionDeg,
                          double speedPerSecond, List<GroundFix> groundPath, List<String> h3Cells,
                          String thumbnailPath, String objectKind) {

    /** The values of {@code objectKind}. */
    public static final java.util.Set<String> OBJECT_KINDS = java.util.Set.of("person", "object");

    public TrackRecord {
        if (!OBJECT_KINDS.contains(objectKind)) {
            throw new IllegalArgumentException("track " + id + ": object kind must be person or object, not " + objectKind);
        }
    }

    /** Where the object stood at a time, WGS-84. */
    public record GroundFix(long timeMs, double lat, double lon) {
    }


    public record Box(long timeMs, double x, double y, double width, double height) {
    }

    public record Point(long timeMs, double x, double y) {
    }
}
