package vigil.ingest.rtp;

import io.netty.buffer.ByteBuf;
import java.util.function.LongSupplier;

/**
 * Maps a stream's 90 kHz RTP time to wall-clock capture time: through the latest RTCP sender report (RFC 3550
 * section 6.4.1) when the camera sends them and its clock is plausible, otherwise anchored at the arrival of
 * the first packet. A sender report whose wall time is more than {@link #MAX_CLOCK_SKEW_MS} away from this
 * node's clock is ignored and counted: a camera with a wrong clock must not file footage under the wrong hour.
 *
 * <p>Anchored at an arrival, the mapping is only as good as the camera's RTP clock and that first arrival: a clock
 * that runs fast (a camera stamping its nominal frame rate while it sends fewer frames), a first frame that was old
 * when it came (a camera sending what it buffered before going live) or a slow clock over days would file footage
 * ever further from when it was recorded. So a frame that would be captured more than {@link #MAX_AHEAD_MS} after it
 * arrived (impossible), or more than {@link #MAX_BEHIND_MS} before (far beyond any network's delay), anchors the
 * mapping again at its arrival, and is counted.
 *
 * <p>Confined to one event loop.
 */
public final class SenderReportClock {

    static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;
    public static final long MAX_CLOCK_SKEW_MS = 5 * 60_000;
    /** A frame timed this much after its arrival by an arrival-anchored clock moves the anchor. */
    static final long MAX_AHEAD_MS = 1_000;
    /** A frame timed this much before its arrival by an arrival-anchored clock moves the anchor. */
    static final long MAX_BEHIND_MS = 30_000;

    private final int clockRate;
    private final LongSupplier wallClock;
    private long anchorRtp = Long.MIN_VALUE;
    private long anchorWallMs;
    private long lastUnwrapped = Long.MIN_VALUE;
    private boolean fromSenderReport;
    private long implausibleReports;
    private long reanchored;

    public SenderReportClock(int clockRate) {
        this(clockRate, System::currentTimeMillis);
    }

    SenderReportClock(int clockRate, LongSupplier wallClock) {
        this.clockRate = clockRate;
        this.wallClock = wallClock;
    }

    /** Capture time of an unwrapped RTP timestamp, UTC epoch ms; call it as the frame arrives. */
    public long captureTimeMs(long unwrappedRtp) {
        lastUnwrapped = unwrappedRtp;
        if (anchorRtp == Long.MIN_VALUE) {
            anchorRtp = unwrappedRtp;
            anchorWallMs = wallClock.getAsLong();
        }
        long captured = anchorWallMs + (unwrappedRtp - anchorRtp) * 1000 / clockRate;
        if (!fromSenderReport) {
            long now = wallClock.getAsLong();
            if (captured > now + MAX_AHEAD_MS || captured < now - MAX_BEHIND_MS) {
                anchorRtp = unwrappedRtp;
                anchorWallMs = now;
                reanchored++;
                captured = now;
            }
        }
        return captured;
    }

    /** Times the arrival-anchored mapping was anchored again because it strayed from the frames' arrivals. */
    public long reanchored() {
        return reanchored;
    }

    public boolean synchronisedBySenderReport() {
        return fromSenderReport;
    }

    public long implausibleReports() {
        return implausibleReports;
    }

    /** Reads the sender reports in a compound RTCP packet; anything else in it is skipped. */
    public void acceptRtcp(ByteBuf rtcp) {
        int i = rtcp.readerIndex();
        int end = rtcp.writerIndex();
        while (i + 4 <= end) {
            int b0 = rtcp.getUnsignedByte(i);
            if ((b0 >> 6) != 2) return; // not RTCP version 2: stop reading this packet
            int type = rtcp.getUnsignedByte(i + 1);
            int length = (rtcp.getUnsignedShort(i + 2) + 1) * 4;
            if (i + length > end) return;
            if (type == 200 && length >= 28) {
                long msw = rtcp.getUnsignedInt(i + 8);
                long lsw = rtcp.getUnsignedInt(i + 12);
                long rtp = rtcp.getUnsignedInt(i + 16);
                long wallMs = (msw - NTP_UNIX_OFFSET_SECONDS) * 1000 + ((lsw * 1000 + (1L << 31)) >>> 32);
                senderReport(wallMs, rtp);
            }
            i += length;
        }
    }

    private void senderReport(long wallMs, long rtp32) {
        if (Math.abs(wallMs - wallClock.getAsLong()) > MAX_CLOCK_SKEW_MS) {
            implausibleReports++;
            return;
        }
        long unwrapped;
        if (lastUnwrapped == Long.MIN_VALUE) {
            unwrapped = rtp32;
        } else {
            int delta = (int) (rtp32 - (lastUnwrapped & 0xFFFFFFFFL)); // signed distance in 32-bit time
            unwrapped = lastUnwrapped + delta;
        }
        anchorRtp = unwrapped;
        anchorWallMs = wallMs;
        fromSenderReport = true;
    }
}
