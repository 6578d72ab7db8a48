package vigil.catalog.store;

import java.time.Instant;

/**
 * A motion event as catalogued. Box coordinates are normalised to 0..1 of the frame.
 *
 * @param open true while ingest may still extend it
 */
public record MotionEventRecord(String id, String cameraId, Instant start, Instant end, double peakAreaFraction,
                                double boxX, double boxY, double boxWidth, double boxHeight, boolean open) {
}
