package vigil.ingest.rtsp;

/**
 * How an RTSP client connects and recovers.
 *
 * @param transport            RTP over the RTSP connection (TCP) or over UDP
 * @param connectTimeoutMs     TCP connect timeout
 * @param handshakeTimeoutMs   time from connecting to PLAY answered
 * @param stallTimeoutMs       time without media after which the connection counts as stalled and is dropped
 * @param minBackoffMs         first reconnect delay
 * @param maxBackoffMs         cap of the exponential reconnect delay
 * @param defaultSessionTimeoutSeconds RTSP session timeout assumed when the server states none (RFC 2326: 60)
 */
public record RtspClientSettings(Transport transport, int connectTimeoutMs, int handshakeTimeoutMs, int stallTimeoutMs,
                                 int minBackoffMs, int maxBackoffMs, int defaultSessionTimeoutSeconds) {

    public enum Transport { TCP, UDP }

    public static RtspClientSettings defaults() {
        return new RtspClientSettings(Transport.TCP, 5_000, 10_000, 5_000, 500, 30_000, 60);
    }

    public RtspClientSettings withTransport(Transport t) {
        return new RtspClientSettings(t, connectTimeoutMs, handshakeTimeoutMs, stallTimeoutMs, minBackoffMs,
                maxBackoffMs, defaultSessionTimeoutSeconds);
    }

    public RtspClientSettings withBackoff(int minMs, int maxMs) {
        return new RtspClientSettings(transport, connectTimeoutMs, handshakeTimeoutMs, stallTimeoutMs, minMs, maxMs,
                defaultSessionTimeoutSeconds);
    }

    public RtspClientSettings withStallTimeoutMs(int ms) {
        return new RtspClientSettings(transport, connectTimeoutMs, handshakeTimeoutMs, ms, minBackoffMs, maxBackoffMs,
                defaultSessionTimeoutSeconds);
    }
}
