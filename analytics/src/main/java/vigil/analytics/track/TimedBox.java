package vigil.analytics.track;

import vigil.analytics.motion.NormalizedBox;

/** Where a tracked object was at one frame's capture time (UTC epoch ms). */
public record TimedBox(long timeMs, NormalizedBox box) {
}
