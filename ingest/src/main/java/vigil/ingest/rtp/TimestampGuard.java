package vigil.ingest.rtp;

import java.util.function.LongSupplier;
import vigil.ingest.h264.AccessUnit;

/**
 * Keeps a camera's frame times usable when its RTP timestamps are not. A camera whose timestamps stand still (the
 * same on every frame: seen on cheap encoders and misconfigured relays) would otherwise have all its frames recorded
 * at one instant, a file that plays as a still and, with no sender reports to move its clock, is never cut into
 * segments nor catalogued, and all its motion filed under the moment it connected. After {@link #STUCK_UNITS} access
 * units in a row that do not advance the newest timestamp (frames reordered for B-pictures step back a few at most),
 * the session's units are timed by their arrival instead: capture time the wall clock at arrival, and a 90 kHz
 * timestamp carried on from the newest one by the time between arrivals, always advancing. Said once per session
 * through {@code onUnusable}; a new session trusts the camera again.
 *
 * <p>Confined to the session's event loop.
 */
public final class TimestampGuard {

    /** Units in a row not advancing the newest timestamp: a second of video at 25 fps; B-picture runs are far shorter. */
    static final int STUCK_UNITS = 25;
    private static final long TICKS_PER_MS = 90;

    private final Runnable onUnusable;
    private final LongSupplier nanoTime;
    private final LongSupplier wallMs;
    private long newest = Long.MIN_VALUE;
    private int stuck;
    private boolean byArrival;
    private long lastArrivalNanos;
    private long lastTimestamp;

    public TimestampGuard(Runnable onUnusable) {
        this(onUnusable, System::nanoTime, System::currentTimeMillis);
    }

    TimestampGuard(Runnable onUnusable, LongSupplier nanoTime, LongSupplier wallMs) {
        this.onUnusable = onUnusable;
        this.nanoTime = nanoTime;
        this.wallMs = wallMs;
    }

    /** Whether this session's units are timed by their arrival. */
    public boolean byArrival() {
        return byArrival;
    }

    /** The unit as it is to be timed: itself while the camera's timestamps advance, else retimed by its arrival. */
    public AccessUnit retime(AccessUnit unit) {
        long now = nanoTime.getAsLong();
        if (!byArrival) {
            if (unit.rtpTimestamp() > newest) {
                newest = unit.rtpTimestamp();
                stuck = 0;
            } else if (++stuck >= STUCK_UNITS) {
                byArrival = true;
                lastTimestamp = newest;
                onUnusable.run();
            }
            if (!byArrival) {
                lastArrivalNanos = now;
                return unit;
            }
        }
        long ticks = Math.max(1, (now - lastArrivalNanos) * TICKS_PER_MS / 1_000_000);
        lastArrivalNanos = now;
        lastTimestamp += ticks;
        return new AccessUnit(unit.annexB(), lastTimestamp, wallMs.getAsLong(), unit.keyframe(), unit.damaged());
    }
}
