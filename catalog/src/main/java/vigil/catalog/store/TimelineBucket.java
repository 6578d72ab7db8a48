package vigil.catalog.store;

import java.time.Instant;

/**
 * One camera's activity in one bucket of a timeline.
 *
 * @param recordedMs time covered by recorded segments (a gap in recording shows as less than the bucket)
 * @param motionMs   time covered by motion events
 * @param persons    tracks of people that started in the bucket
 * @param objects    tracks of other moving objects that started in the bucket
 */
public record TimelineBucket(String cameraId, Instant start, long recordedMs, long motionMs, int persons, int objects) {
}
