package vigil.ingest.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.ingest.rtp.H264Depacketizer;
import vigil.ingest.rtp.RtpPacket;
import vigil.ingest.rtp.SenderReportClock;
import vigil.ingest.rtp.TimestampGuard;

/**
 * Pulls one camera's H.264 video over RTSP (RFC 2326) and keeps pulling: OPTIONS, DESCRIBE, SETUP, PLAY, then
 * keepalives before the session times out. When the server closes, refuses or stalls, the client reconnects
 * after a capped exponential backoff with jitter, logging once per state change rather than per attempt. A session
 * is in one {@link Phase} at a time (connecting, negotiating, playing, streaming, ended); the backoff resets only when
 * its owner says media decoded ({@link #mediaDecoded}).
 *
 * <p>Pipeline of the RTSP connection: {@link RtspFrameSplitter} (interleaved frames vs messages), Netty's
 * {@link RtspDecoder} and {@link HttpObjectAggregator}, {@link RtspEncoder}, then the session handler. RTP goes
 * to an {@link H264Depacketizer}. All state is confined to the event loop the client was given.
 */
public final class RtspClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RtspClient.class);
    private static final String USER_AGENT = "Vigil/0.1";

    private final String name;
    private final URI url;          // without credentials: what goes on the wire
    private final String user;
    private final String password;
    private final RtspClientSettings settings;
    private final RtspListener listener;
    private final EventLoop loop;

    private final java.util.concurrent.atomic.AtomicLong protocolErrors = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong malformedRtp = new java.util.concurrent.atomic.AtomicLong();
    // what the sessions' depacketizers and clocks counted, summed over every session of this client
    private final java.util.concurrent.atomic.AtomicLong packetsLost = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong unitsDropped = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong senderReportsIgnored = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong clockReanchored = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;
    private int failures;
    private Session session;
    private ScheduledFuture<?> reconnect;
    private String lastLoggedProblem;

    /**
     * @param name  how logs and errors name this stream (the camera id)
     * @param url   the stream URL; user-info, if any, is used for authentication and never sent or logged
     */
    public RtspClient(String name, URI url, EventLoopGroup group, RtspClientSettings settings, RtspListener listener) {
        this.name = name;
        String userInfo = url.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            this.user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            this.password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        } else {
            this.user = null;
            this.password = null;
        }
        try {
            this.url = new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("stream " + name + ": invalid URL", e);
        }
        this.settings = settings;
        this.listener = listener;
        this.loop = group.next();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RTSP messages from the server that were not answers or did not parse. */
    public long protocolErrors() {
        return protocolErrors.get();
    }

    /** Packets on the RTP channel that were not RTP, or whose payload was not H.264 packed as RFC 6184 says. */
    public long malformedRtpPackets() {
        return malformedRtp.get();
    }

    /** RTP packets that never came (gaps in their sequence numbers), over every session. */
    public long packetsLost() {
        return packetsLost.get();
    }

    /** Access units too large to be a picture ({@link H264Depacketizer#MAX_ACCESS_UNIT_BYTES}), dropped. */
    public long unitsDropped() {
        return unitsDropped.get();
    }

    /** RTCP sender reports ignored because the camera's clock was far from this node's. */
    public long senderReportsIgnored() {
        return senderReportsIgnored.get();
    }

    /**
     * Times the frames' capture times, mapped from RTP time without sender reports, strayed from their arrivals and were
     * anchored again ({@link SenderReportClock}).
     */
    public long clockReanchored() {
        return clockReanchored.get();
    }

    public void start() {
        loop.execute(this::connect);
    }

    /** Tears the session down (TEARDOWN if playing) and stops reconnecting. */
    @Override
    public void close() {
        closed = true;
        loop.execute(() -> {
            if (reconnect != null) reconnect.cancel(false);
            if (session != null) session.teardown();
        });
    }

    private void connect() {
        if (closed) return;
        listener.stateChanged(RtspListener.State.CONNECTING, null);
        session = new Session();
        session.open();
    }

    private void sessionFailed(Session failed, String problem, boolean refused) {
        if (failed != session || closed) return;
        session = null;
        failures++;
        long cap = refused ? settings.maxBackoffMs() : Math.min(settings.maxBackoffMs(),
                (long) settings.minBackoffMs() << Math.min(failures - 1, 20));
        long delay = Math.max(settings.minBackoffMs(), (long) (cap * (0.75 + 0.5 * ThreadLocalRandom.current().nextDouble())));
        delay = Math.min(delay, settings.maxBackoffMs());
        if (!problem.equals(lastLoggedProblem)) {
            log.warn("stream {}: {}; reconnecting with backoff (next in {} ms)", name, problem, delay);
            lastLoggedProblem = problem;
        }
        listener.stateChanged(refused ? RtspListener.State.REFUSED : RtspListener.State.DISCONNECTED, problem);
        reconnect = loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void sessionPlaying() {
        if (lastLoggedProblem != null || failures > 0) log.info("stream {}: playing again", name);
        else log.info("stream {}: playing {}", name, url);
        // the backoff is not reset here: a server that answers PLAY and then sends junk would be reconnected to
        // at once, again and again; it is reset when media is known to decode (mediaDecoded)
        listener.stateChanged(RtspListener.State.PLAYING, null);
    }

    /**
     * The owner says media of this stream decoded: the connection is good, so the next failure starts the
     * backoff from its shortest delay again. Thread-safe.
     */
    public void mediaDecoded() {
        loop.execute(() -> {
            failures = 0;
            lastLoggedProblem = null;
        });
    }

    /** Failed sessions since media last decoded (what the next backoff grows from). */
    int failuresSinceMedia() {
        return failures;
    }

    /**
     * Where a session is: one value, changed only by {@code Session.enter}, in this order (any of them may end).
     */
    private enum Phase {
        /** the TCP connection is being made */
        CONNECTING,
        /** OPTIONS, DESCRIBE, SETUP, PLAY: one request outstanding at a time ({@code pendingMethod}) */
        NEGOTIATING,
        /** PLAY answered: keepalives run; media is waited for (the stall watchdog is armed) */
        PLAYING,
        /** media arrived and the listener was told the stream plays */
        STREAMING,
        /** failed or torn down: nothing more is sent, read or reported */
        ENDED;

        boolean playing() {
            return this == PLAYING || this == STREAMING;
        }
    }

    /** One connection: negotiation, play, keepalive, watchdog. */
    private final class Session extends SimpleChannelInboundHandler<Object> {

        private Phase phase = Phase.CONNECTING;

        private Channel channel;
        private Channel rtpUdp;
        private Channel rtcpUdp;
        private int cseq;
        private HttpMethod pendingMethod;
        private String pendingUri;
        private String pendingTransport;
        private DigestAuth auth;
        private boolean authRetried;
        private String sessionId;
        private int sessionTimeoutSeconds;
        private boolean getParameterSupported;
        private URI controlUri;
        private long lastMediaNanos;
        private long openedNanos;
        private H264Depacketizer depacketizer;
        private ScheduledFuture<?> watchdog;
        private ScheduledFuture<?> keepalive;
        private final SenderReportClock clock = new SenderReportClock(90_000);
        private final TimestampGuard timestamps = new TimestampGuard(listener::timestampsUnusable);
        private int rtpChannel = 0;

        Session() {
            super(false);
        }

        void open() {
            openedNanos = System.nanoTime();
            int port = url.getPort() > 0 ? url.getPort() : 554;
            Bootstrap b = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMs())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new RtspFrameSplitter(), new RtspDecoder(),
                                    new HttpObjectAggregator(RtspFrameSplitter.MAX_BODY_BYTES), new RtspEncoder(),
                                    Session.this);
                        }
                    });
            b.connect(url.getHost(), port).addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    fail("cannot connect to " + url.getHost() + ":" + port + " (" + describe(f.cause()) + ")", false);
                    return;
                }
                channel = f.channel();
                if (!enter(Phase.NEGOTIATING)) {
                    channel.close(); // torn down while connecting
                    return;
                }
                watchdog = loop.scheduleAtFixedRate(this::checkAlive, 500, 500, TimeUnit.MILLISECONDS);
                send(RtspMethods.OPTIONS, url.toString(), null);
            });
        }

        private void checkAlive() {
            long now = System.nanoTime();
            if (!phase.playing()) {
                if (now - openedNanos > TimeUnit.MILLISECONDS.toNanos(settings.handshakeTimeoutMs())) {
                    fail("no answer to " + pendingMethod + " within " + settings.handshakeTimeoutMs() + " ms", false);
                }
            } else if (now - lastMediaNanos > TimeUnit.MILLISECONDS.toNanos(settings.stallTimeoutMs())) {
                fail("no media for " + settings.stallTimeoutMs() + " ms (stalled)", false);
            }
        }

        private void send(HttpMethod method, String uri, String transport) {
            if (channel == null || !channel.isActive()) return;
            DefaultFullHttpRequest req = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri);
            req.headers().set(RtspHeaderNames.CSEQ, ++cseq);
            req.headers().set(RtspHeaderNames.USER_AGENT, USER_AGENT);
            if (sessionId != null) req.headers().set(RtspHeaderNames.SESSION, sessionId);
            if (method == RtspMethods.DESCRIBE) req.headers().set(RtspHeaderNames.ACCEPT, "application/sdp");
            if (transport != null) req.headers().set(RtspHeaderNames.TRANSPORT, transport);
            if (method == RtspMethods.PLAY) req.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
            if (auth != null) req.headers().set(RtspHeaderNames.AUTHORIZATION, auth.authorization(method.name(), uri));
            if (method != RtspMethods.GET_PARAMETER && method != RtspMethods.OPTIONS || !phase.playing()) {
                pendingMethod = method;
                pendingUri = uri;
                pendingTransport = transport;
            }
            channel.writeAndFlush(req).addListener(f -> {
                if (!f.isSuccess()) fail("writing " + method + " failed (" + describe(f.cause()) + ")", false);
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof InterleavedFrame frame) {
                    if (frame.channel() == rtpChannel && depacketizer != null) rtp(frame.content());
                    else if (frame.channel() == rtpChannel + 1) rtcp(frame.content());
                } else if (msg instanceof io.netty.handler.codec.http.HttpMessage message
                        && message.decoderResult().isFailure()) {
                    garbage(ctx, message.decoderResult().cause());
                } else if (msg instanceof FullHttpResponse response) {
                    response(response);
                } else if (msg instanceof io.netty.handler.codec.http.FullHttpRequest) {
                    // Servers may send requests (ANNOUNCE, GET_PARAMETER); Vigil needs none of them.
                    protocolErrors.incrementAndGet();
                }
            } finally {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }

        /**
         * Bytes that framed as an RTSP message but did not parse. The decoder is reset so the next message reads
         * cleanly; during negotiation the session is dropped (the answer it waits for is lost), while playing it
         * is counted and media goes on.
         */
        private void garbage(ChannelHandlerContext ctx, Throwable cause) {
            protocolErrors.incrementAndGet();
            RtspDecoder decoder = ctx.pipeline().get(RtspDecoder.class);
            if (decoder != null) decoder.reset();
            if (!phase.playing()) {
                fail("unparseable RTSP reply to " + pendingMethod + " (" + describe(cause) + ")", false);
            } else if (!loggedGarbage) {
                loggedGarbage = true;
                log.warn("stream {}: ignoring bytes from the server that are not RTSP ({})", name, describe(cause));
            }
        }

        private void rtp(ByteBuf buf) {
            RtpPacket packet;
            try {
                packet = RtpPacket.parse(buf);
            } catch (IllegalArgumentException e) {
                malformedRtp.incrementAndGet();
                return;
            }
            lastMediaNanos = System.nanoTime();
            if (phase == Phase.PLAYING && enter(Phase.STREAMING)) sessionPlaying();
            depacketizer.accept(packet);
            long lost = depacketizer.packetsLost(), malformed = depacketizer.malformedPackets(), dropped = depacketizer.unitsDropped();
            if (lost != lostSeen || malformed != malformedSeen || dropped != droppedSeen) {
                packetsLost.addAndGet(lost - lostSeen);
                malformedRtp.addAndGet(malformed - malformedSeen);
                unitsDropped.addAndGet(dropped - droppedSeen);
                lostSeen = lost;
                malformedSeen = malformed;
                droppedSeen = dropped;
            }
            long reanchored = clock.reanchored();
            if (reanchored != reanchoredSeen) {
                if (reanchoredSeen == 0) {
                    log.info("stream {}: frames' RTP times strayed from their arrival (the camera's clock runs off, or it sent"
                            + " old frames first); their capture times are anchored at arrival again", name);
                }
                clockReanchored.addAndGet(reanchored - reanchoredSeen);
                reanchoredSeen = reanchored;
            }
        }

        private void rtcp(ByteBuf buf) {
            clock.acceptRtcp(buf);
            long ignored = clock.implausibleReports();
            if (ignored != ignoredSeen) {
                senderReportsIgnored.addAndGet(ignored - ignoredSeen);
                ignoredSeen = ignored;
            }
        }

        // this session's depacketizer and clock counts already added to the client's
        private long lostSeen;
        private long malformedSeen;
        private long droppedSeen;
        private long ignoredSeen;
        private long reanchoredSeen;

        private boolean loggedGarbage;


        private void response(FullHttpResponse r) {
            int status = r.status().code();
            if (phase.playing()) {
                keepaliveAnswered(r, status);
                return;
            }
            HttpMethod method = pendingMethod;
            if (status == 401) {
                if (user == null) {
                    fail("RTSP " + method + " answered 401 and the URL has no credentials", true);
                    return;
                }
                if (authRetried) {
                    fail("RTSP " + method + " answered 401 after " + (auth == null ? "" : "authentication ") + "retry: wrong credentials", true);
                    return;
                }
                try {
                    auth = DigestAuth.answer(r.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE), user, password);
                } catch (IllegalArgumentException e) {
                    fail("RTSP " + method + " answered 401: " + e.getMessage(), true);
                    return;
                }
                authRetried = true;
                send(method, pendingUri, pendingTransport);
                return;
            }
            if (status != 200) {
                boolean refused = status == 403 || status == 404 || status == 451;
                fail("RTSP " + method + " answered " + status + " " + r.status().reasonPhrase(), refused);
                return;
            }
            authRetried = false;
            if (method == RtspMethods.OPTIONS) {
                String pub = r.headers().get(RtspHeaderNames.PUBLIC, "");
                getParameterSupported = pub.toUpperCase(Locale.ROOT).contains("GET_PARAMETER");
                send(RtspMethods.DESCRIBE, url.toString(), null);
            } else if (method == RtspMethods.DESCRIBE) {
                described(r);
            } else if (method == RtspMethods.SETUP) {
                setUp(r);
            } else if (method == RtspMethods.PLAY) {
                if (!enter(Phase.PLAYING)) return;
                lastMediaNanos = System.nanoTime();
                long periodMs = Math.max(1_000L, sessionTimeoutSeconds * 1000L / 2);
                keepalive = loop.scheduleAtFixedRate(() -> send(
                        getParameterSupported ? RtspMethods.GET_PARAMETER : RtspMethods.OPTIONS,
                        url.toString(), null), periodMs, periodMs, TimeUnit.MILLISECONDS);
            }
        }

        /**
         * While playing, only keepalives are answered. A refused keepalive does not stop media that flows: a new
         * Digest challenge (cameras expire nonces) is taken for the next one, a lost session reconnects, anything
         * else is counted. The stall watchdog still ends a session whose media stops.
         */
        private void keepaliveAnswered(FullHttpResponse r, int status) {
            if (status == 200) return;
            if (status == 454) {
                fail("the server forgot the session (454 Session Not Found)", false);
                return;
            }
            protocolErrors.incrementAndGet();
            if (status == 401 && user != null) {
                try {
                    auth = DigestAuth.answer(r.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE), user, password);
                } catch (IllegalArgumentException e) {
                    log.debug("stream {}: keepalive challenge not usable: {}", name, e.getMessage());
                }
            } else if (!loggedGarbage) {
                loggedGarbage = true;
                log.warn("stream {}: keepalive answered {}; media goes on", name, status);
            }
        }

        private void described(FullHttpResponse r) {
            Sdp sdp;
            try {
                sdp = Sdp.parse(r.content().toString(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                fail("DESCRIBE returned an invalid SDP (" + e.getMessage() + ")", false);
                return;
            }
            Sdp.Media video = sdp.firstVideo("H264");
            if (video == null) {
                fail("the stream has no H.264 video track (SDP lists " + sdp.media().size() + " media)", true);
                return;
            }
            String base = r.headers().get(RtspHeaderNames.CONTENT_BASE);
            if (base == null) base = r.headers().get(RtspHeaderNames.CONTENT_LOCATION);
            URI baseUri = url;
            if (base != null) {
                try {
                    baseUri = URI.create(base.strip());
                } catch (IllegalArgumentException e) {
                    baseUri = url;
                }
            }
            controlUri = video.controlUri(baseUri, sdp.sessionControl());
            depacketizer = new H264Depacketizer(unit -> listener.accessUnit(timestamps.retime(unit)), clock::captureTimeMs);
            try {
                List<byte[]> sets = H264Depacketizer.parseSpropParameterSets(video.fmtp().get("sprop-parameter-sets"));
                byte[] sps = null, pps = null;
                for (byte[] nal : sets) {
                    int t = nal[0] & 0x1F;
                    if (t == 7) sps = nal;
                    else if (t == 8) pps = nal;
                }
                depacketizer.setParameterSets(sps, pps);
            } catch (IllegalArgumentException e) {
                log.debug("stream {}: ignoring sprop-parameter-sets: {}", name, e.getMessage());
            }
            if (settings.transport() == RtspClientSettings.Transport.UDP) {
                bindUdpAndSetup();
            } else {
                send(RtspMethods.SETUP, controlUri.toString(), "RTP/AVP/TCP;unicast;interleaved=0-1");
            }
        }

        private void bindUdpAndSetup() {
            tryBindUdp(0);
        }

        private void tryBindUdp(int attempt) {
            if (attempt >= 20) {
                fail("no free even/odd UDP port pair for RTP", false);
                return;
            }
            int rtpPort = 2 * ThreadLocalRandom.current().nextInt(10_000, 30_000);
            Bootstrap udp = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, 2 * 1024 * 1024)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                            if (depacketizer != null && phase != Phase.ENDED) rtp(p.content());
                        }
                    });
            udp.bind(rtpPort).addListener((ChannelFuture f1) -> {
                if (!f1.isSuccess()) {
                    tryBindUdp(attempt + 1);
                    return;
                }
                Bootstrap rtcp = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                                if (phase != Phase.ENDED) rtcp(p.content());
                            }
                        });
                rtcp.bind(rtpPort + 1).addListener((ChannelFuture f2) -> {
                    if (!f2.isSuccess()) {
                        f1.channel().close();
                        tryBindUdp(attempt + 1);
                        return;
                    }
                    rtpUdp = f1.channel();
                    rtcpUdp = f2.channel();
                    if (phase == Phase.ENDED) {
                        closeUdp();
                        return;
                    }
                    send(RtspMethods.SETUP, controlUri.toString(),
                            "RTP/AVP;unicast;client_port=" + rtpPort + "-" + (rtpPort + 1));
                });
            });
        }

        private void setUp(FullHttpResponse r) {
            String s = r.headers().get(RtspHeaderNames.SESSION);
            if (s == null) {
                fail("SETUP answered without a Session header", false);
                return;
            }
            String[] parts = s.split(";");
            sessionId = parts[0].strip();
            sessionTimeoutSeconds = settings.defaultSessionTimeoutSeconds();
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip().toLowerCase(Locale.ROOT);
                if (p.startsWith("timeout=")) {
                    try {
                        sessionTimeoutSeconds = Math.max(2, Integer.parseInt(p.substring(8).strip()));
                    } catch (NumberFormatException ignored) {
                        // keep the default timeout
                    }
                }
            }
            String transport = r.headers().get(RtspHeaderNames.TRANSPORT, "");
            if (settings.transport() == RtspClientSettings.Transport.UDP && rtpUdp != null) {
                punchHole(transport);
            } else {
                for (String p : transport.split(";")) {
                    String t = p.strip().toLowerCase(Locale.ROOT);
                    if (t.startsWith("interleaved=")) {
                        try {
                            rtpChannel = Integer.parseInt(t.substring(12).split("-")[0].strip()); // the server may pick its own
                        } catch (NumberFormatException e) {
                            fail("SETUP answered an unreadable interleaved channel: " + p.strip(), false);
                            return;
                        }
                    }
                }
            }
            send(RtspMethods.PLAY, url.toString(), null);
        }

        /** Sends one empty datagram to the server's ports so NAT and firewalls let its packets in. */
        private void punchHole(String transport) {
            if (transport == null) return;
            for (String p : transport.split(";")) {
                if (p.strip().startsWith("server_port=")) {
                    try {
                        int serverRtp = Integer.parseInt(p.strip().substring(12).split("-")[0]);
                        InetSocketAddress server = (InetSocketAddress) channel.remoteAddress();
                        rtpUdp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0, 0, 0}),
                                new InetSocketAddress(server.getAddress(), serverRtp)));
                    } catch (RuntimeException ignored) {
                        // a malformed server_port only costs the hole punch
                    }
                }
            }
        }

        void teardown() {
            if (channel != null && channel.isActive() && sessionId != null) {
                DefaultFullHttpRequest req = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, RtspMethods.TEARDOWN, url.toString());
                req.headers().set(RtspHeaderNames.CSEQ, ++cseq);
                req.headers().set(RtspHeaderNames.SESSION, sessionId);
                if (auth != null) req.headers().set(RtspHeaderNames.AUTHORIZATION, auth.authorization("TEARDOWN", url.toString()));
                channel.writeAndFlush(req).addListener(f -> channel.close());
            } else if (channel != null) {
                channel.close();
            }
            stopTimers();
            closeUdp();
            enter(Phase.ENDED);
        }

        /**
         * Moves the session forward; only to a later phase, never out of {@link Phase#ENDED}.
         *
         * @return false when the session is already at or past {@code next} (nothing to do)
         */
        private boolean enter(Phase next) {
            if (phase == Phase.ENDED || next.ordinal() <= phase.ordinal()) return false;
            phase = next;
            return true;
        }

        private void fail(String problem, boolean refused) {
            if (!enter(Phase.ENDED)) return;
            stopTimers();
            closeUdp();
            if (channel != null) channel.close();
            sessionFailed(this, problem, refused);
        }

        private void stopTimers() {
            if (watchdog != null) watchdog.cancel(false);
            if (keepalive != null) keepalive.cancel(false);
        }

        private void closeUdp() {
            if (rtpUdp != null) rtpUdp.close();
            if (rtcpUdp != null) rtcpUdp.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail("server closed the connection", false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail("connection error (" + describe(cause) + ")", false);
        }
    }

    private static String describe(Throwable t) {
        if (t == null) return "unknown";
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
