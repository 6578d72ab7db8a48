package vigil.ingest.rtsp;

import vigil.ingest.h264.AccessUnit;

/** What an {@link RtspClient} reports. Called on the connection's event loop: implementations must not block. */
public interface RtspListener {

    enum State {
        /** connecting or negotiating */
        CONNECTING,
        /** PLAY answered and media flowing */
        PLAYING,
        /** the connection failed or dropped; a reconnect is scheduled */
        DISCONNECTED,
        /** the server refused in a way retrying soon will not fix (authentication, no H.264 track) */
        REFUSED
    }

    /** The client's state changed; {@code detail} explains a failure and never contains credentials. */
    void stateChanged(State state, String detail);

    /** A complete access unit, in stream order. */
    void accessUnit(AccessUnit unit);

    /**
     * The camera's RTP timestamps turned out unusable (they do not advance, or leapt ahead): the session's access units
     * are timed by their arrival from now on ({@link vigil.ingest.rtp.TimestampGuard}); {@code detail} says why. Once
     * per session.
     */
    default void timestampsUnusable(String detail) {
    }
}
