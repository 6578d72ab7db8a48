package vigil.ingest.rtp;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import vigil.ingest.h264.AccessUnit;

/**
 * Keeps a camera's frame times usable when its RTP timestamps are not. A camera whose timestamps stand still (the
 * same on every frame: seen on cheap encoders and misconfigured relays) would otherwise have all its frames recorded
 * at one instant, a file that plays as a still and, with no sender reports to move its clock, is never cut into
 * segments nor catalogued, and all its motion filed under the moment it connected. A camera whose timestamps leap
 * ahead (an encoder restarting its clock, read as a wrap of the 32-bit timestamp: hours ahead) would leave a gap of
 * that length inside its recording. After {@link #STUCK_UNITS} access units in a row that do not advance the newest
 * timestamp (frames reordered for B-pictures step back a few at most), or one more than {@link #MAX_LEAP_MS} ahead of
 * the newest that came within a second of it, the session's units are timed by their arrival instead: capture time
 * the wall clock at arrival, and a 90 kHz timestamp carried on from the newest one by the time between arrivals,
 * always advancing. Said once per session through {@code onUnusable}; a new session trusts the camera again.
 *
 * <p>Confined to the session's event loop.
 */
public final class TimestampGuard {

    /** Units in a row not advancing the newest timestamp: a second of video at 25 fps; B-picture runs are far shorter. */
    static final int STUCK_UNITS = 25;
    /** A unit this far ahead of the newest timestamp, arriving within {@link #LEAP_ARRIVAL_MS} of it, is a leap. */
    static final long MAX_LEAP_MS = 10_000;
    private static final long LEAP_ARRIVAL_MS = 1_000;
    private static final long TICKS_PER_MS = 90;

    private final Consumer<String> onUnusable;
    private final LongSupplier nanoTime;
    private final LongSupplier wallMs;
    private long newest = Long.MIN_VALUE;
    private int stuck;
    private boolean byArrival;
    private long lastArrivalNanos;
    private long lastTimestamp;

    /** {@code onUnusable} is told, once, why the camera's timestamps are not used from then on. */
    public TimestampGuard(Consumer<String> onUnusable) {
        this(onUnusable, System::nanoTime, System::currentTimeMillis);
    }

    TimestampGuard(Consumer<String> onUnusable, LongSupplier nanoTime, LongSupplier wallMs) {
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
            long ts = unit.rtpTimestamp();
            if (newest != Long.MIN_VALUE && ts - newest > MAX_LEAP_MS * TICKS_PER_MS
                    && now - lastArrivalNanos < LEAP_ARRIVAL_MS * 1_000_000) {
                unusable("the camera's RTP timestamps leapt " + (ts - newest) / (TICKS_PER_MS * 1_000)
                        + " s ahead between two frames: its frames are timed by their arrival");
            } else if (ts > newest) {
                newest = ts;
                stuck = 0;
            } else if (++stuck >= STUCK_UNITS) {
                unusable("the camera's RTP timestamps do not advance: its frames are timed by their arrival");
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

    private void unusable(String why) {
        byArrival = true;
        lastTimestamp = newest;
        onUnusable.accept(why);
    }
}
