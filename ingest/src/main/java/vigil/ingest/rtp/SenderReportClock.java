package vigil.ingest.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Maps a stream's 90 kHz RTP time to wall-clock capture time: through the latest RTCP sender report (RFC 3550
 * section 6.4.1) when the camera sends them and its clock is plausible, otherwise anchored at the arrival of
 * the first packet. A sender report whose wall time is more than {@link #MAX_CLOCK_SKEW_MS} away from this
 * node's clock is ignored and counted: a camera with a wrong clock must not file footage under the wrong hour.
 * Confined to one event loop.
 */
public final class SenderReportClock {

    static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;
    public static final long MAX_CLOCK_SKEW_MS = 5 * 60_000;

    private final int clockRate;
    private long anchorRtp = Long.MIN_VALUE;
    private long anchorWallMs;
    private long lastUnwrapped = Long.MIN_VALUE;
    private boolean fromSenderReport;
    private long implausibleReports;

    public SenderReportClock(int clockRate) {
        this.clockRate = clockRate;
    }

    /** Capture time of an unwrapped RTP timestamp, UTC epoch ms. */
    public long captureTimeMs(long unwrappedRtp) {
        lastUnwrapped = unwrappedRtp;
        if (anchorRtp == Long.MIN_VALUE) {
            anchorRtp = unwrappedRtp;
            anchorWallMs = System.currentTimeMillis();
        }
        return anchorWallMs + (unwrappedRtp - anchorRtp) * 1000 / clockRate;
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
        if (Math.abs(wallMs - System.currentTimeMillis()) > MAX_CLOCK_SKEW_MS) {
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
