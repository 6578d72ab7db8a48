package vigil.analytics.motion;

/**
 * A span of motion in one camera's view.
 *
 * @param startMs           capture time of the first frame with motion, UTC epoch ms
 * @param endMs             capture time of the last frame with motion so far
 * @param peakAreaFraction  largest motion area of one frame, as a fraction of the frame
 * @param unionBox          union of every motion box in the span
 * @param open              true while the span may still grow; the same {@code startMs} is reported again
 */
public record MotionEvent(long startMs, long endMs, double peakAreaFraction, NormalizedBox unionBox, boolean open) {
}
