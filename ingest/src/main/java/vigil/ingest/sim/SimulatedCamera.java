package vigil.ingest.sim;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.ingest.rtsp.DigestAuth;
import vigil.ingest.rtsp.InterleavedFrame;
import vigil.ingest.rtsp.RtspFrameSplitter;

/**
 * An RTSP camera on Netty serving an {@link EncodedLoop} at real-time pace, over TCP (interleaved) or UDP,
 * optionally behind Digest authentication. Used by {@code vigil demo}, the tests and the load bench; its
 * fault switches ({@link #setStalled}, {@link #dropConnections}, {@link #sendGarbage}, {@link #stop}) play the
 * cameras that misbehave in the field.
 *
 * <p>Owns its event loop group and sockets; {@link #close()} releases them.
 */
public final class SimulatedCamera implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedCamera.class);
    private static final String REALM = "Vigil simulated camera";
    private static final int MTU = 1400;

    private final EncodedLoop media;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger connectionsAccepted = new AtomicInteger();
    private final AtomicInteger playsStarted = new AtomicInteger();
    private volatile String user;
    private volatile String password;
    private volatile boolean stalled;
    private volatile int speed = 1;
    private volatile boolean garbageReplies;
    private volatile int sessionTimeoutSeconds = 60;
    private volatile int keepaliveStatus = 200;
    private volatile long playDelayMicros;
    private volatile boolean frozenTimestamps;
    private volatile int dropEvery;
    private volatile double clockRate = 1.0;
    private volatile boolean senderReports = true;
    private Channel server;
    private Channel udp;
    private int port;

    public SimulatedCamera(EncodedLoop media) {
        this(media, new NioEventLoopGroup(1), true);
    }

    public SimulatedCamera(EncodedLoop media, EventLoopGroup group, boolean ownsGroup) {
        this.media = media;
        this.group = group;
        this.ownsGroup = ownsGroup;
    }

    /** Requires Digest authentication with these credentials (null to serve anyone). */
    public SimulatedCamera requireDigest(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    /** Listens on {@code port} (0 for any free port) on the loopback interface. */
    public synchronized SimulatedCamera start(int port) {
        return start("127.0.0.1", port);
    }

    public synchronized SimulatedCamera start(String host, int port) {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connectionsAccepted.incrementAndGet();
                        clients.add(ch);
                        ch.pipeline().addLast(new RtspFrameSplitter(), new RtspDecoder(),
                                new HttpObjectAggregator(RtspFrameSplitter.MAX_BODY_BYTES), new RtspEncoder(),
                                new Connection());
                    }
                });
        server = b.bind(host, port).syncUninterruptibly().channel();
        this.port = ((InetSocketAddress) server.localAddress()).getPort();
        if (udp == null) {
            udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                            // clients' hole punches and RTCP receiver reports
                        }
                    }).bind(host, 0).syncUninterruptibly().channel();
        }
        return this;
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "rtsp://127.0.0.1:" + port + "/" + path;
    }

    public int connectionsAccepted() {
        return connectionsAccepted.get();
    }

    public int playsStarted() {
        return playsStarted.get();
    }

    /** While stalled, sessions stay connected but no media is sent. */
    public void setStalled(boolean stalled) {
        this.stalled = stalled;
    }

    /**
     * Sends {@code framesPerPeriod} frames in each frame period from now on (1: real time): a camera emptying
     * its buffer after a network hiccup, or a test that wants a node to fall behind.
     */
    public void setSpeed(int framesPerPeriod) {
        if (framesPerPeriod < 1) throw new IllegalArgumentException("framesPerPeriod < 1: " + framesPerPeriod);
        this.speed = framesPerPeriod;
    }

    /**
     * Frames start this long after PLAY: cameras of a site are not in step, so a harness playing many of them staggers
     * their keyframes as a real site's are.
     */
    public SimulatedCamera playDelayMicros(long micros) {
        if (micros < 0) throw new IllegalArgumentException("play delay < 0: " + micros);
        this.playDelayMicros = micros;
        return this;
    }

    /**
     * Stamps every frame with the same RTP timestamp (its sender reports too): a camera whose encoder clock stands
     * still, as some cheap encoders and misconfigured relays send.
     */
    public SimulatedCamera freezeTimestamps() {
        this.frozenTimestamps = true;
        return this;
    }

    /**
     * Its RTP clock runs {@code rate} times real time (1: exact), and it sends no RTCP sender reports to tie it to a wall
     * clock: a camera whose timestamps only its frames' arrivals can correct.
     */
    public SimulatedCamera driftingClockWithoutReports(double rate) {
        if (!(rate > 0)) throw new IllegalArgumentException("clock rate must be positive: " + rate);
        this.clockRate = rate;
        this.senderReports = false;
        return this;
    }

    /**
     * Never sends every {@code n}-th RTP packet (0: sends all): a camera on a lossy link, or one whose own send buffer
     * overflows.
     */
    public SimulatedCamera dropEveryNthPacket(int n) {
        if (n < 0 || n == 1) throw new IllegalArgumentException("drop every n-th packet: n is 0 or at least 2, not " + n);
        this.dropEvery = n;
        return this;
    }

    /** The session timeout announced in SETUP answers: clients keep alive at half of it. */
    public SimulatedCamera sessionTimeoutSeconds(int seconds) {
        this.sessionTimeoutSeconds = seconds;
        return this;
    }

    /** The status GET_PARAMETER keepalives are answered with (200 unless a test says otherwise). */
    public void setKeepaliveStatus(int status) {
        this.keepaliveStatus = status;
    }

    /** While set, every request is answered with bytes that are not RTSP. */
    public void setGarbageReplies(boolean garbage) {
        this.garbageReplies = garbage;
    }

    /** Closes every client connection, as a camera that reboots does. */
    public void dropConnections() {
        clients.close().syncUninterruptibly();
    }

    /** Writes bytes that are neither RTSP nor interleaved RTP to every client. */
    public void sendGarbage() {
        byte[] junk = new byte[512];
        ThreadLocalRandom.current().nextBytes(junk);
        junk[0] = 'X';
        for (Channel c : clients) {
            c.pipeline().context(RtspEncoder.class).writeAndFlush(Unpooled.wrappedBuffer(junk,
                    0, junk.length)).addListener(f -> c.pipeline().context(RtspEncoder.class)
                    .writeAndFlush(Unpooled.copiedBuffer("GARBAGE 999 nonsense\r\n\r\n", StandardCharsets.US_ASCII)));
        }
    }

    /** Stops listening and drops every client; {@link #start(int)} with {@link #port()} brings it back. */
    public synchronized void stop() {
        if (server != null) server.close().syncUninterruptibly();
        server = null;
        dropConnections();
    }

    @Override
    public synchronized void close() {
        stop();
        if (udp != null) udp.close().syncUninterruptibly();
        if (ownsGroup) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private String sdp() {
        byte[] sps = media.sps();
        String profileLevel = HexFormat.of().formatHex(new byte[] {sps[1], sps[2], sps[3]});
        return "v=0\r\n"
                + "o=- " + System.nanoTime() + " 1 IN IP4 127.0.0.1\r\n"
                + "s=Vigil simulated camera\r\n"
                + "c=IN IP4 0.0.0.0\r\n"
                + "t=0 0\r\n"
                + "a=control:*\r\n"
                + "m=video 0 RTP/AVP 96\r\n"
                + "a=rtpmap:96 H264/90000\r\n"
                + "a=fmtp:96 packetization-mode=1;profile-level-id=" + profileLevel + ";sprop-parameter-sets="
                + Base64.getEncoder().encodeToString(sps) + "," + Base64.getEncoder().encodeToString(media.pps()) + "\r\n"
                + "a=framerate:" + media.fps() + "\r\n"
                + "a=control:trackID=0\r\n";
    }

    /** One client connection: its RTSP session and media pacing. */
    private final class Connection extends SimpleChannelInboundHandler<Object> {
        private final String nonce = HexFormat.of().formatHex(randomBytes());
        private final String sessionId = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        private boolean tcp = true;
        private InetSocketAddress udpTarget;
        private ScheduledFuture<?> pacing;
        private H264Packetizer packetizer;
        private long frameCount;
        private long timestampBase;

        Connection() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof InterleavedFrame) return; // RTCP from the client
                if (msg instanceof FullHttpRequest req) request(ctx, req);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void request(ChannelHandlerContext ctx, FullHttpRequest req) {
            String cseq = req.headers().get(RtspHeaderNames.CSEQ, "0");
            if (req.decoderResult().isFailure()) {
                reply(ctx, cseq, HttpResponseStatus.BAD_REQUEST, null);
                return;
            }
            HttpMethod method = req.method();
            if (garbageReplies) {
                ctx.pipeline().context(RtspEncoder.class).writeAndFlush(
                        Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nCSeq: x\r\n\r\n\u0001\u0002nonsense\r\n\r\n", StandardCharsets.ISO_8859_1));
                return;
            }
            if (user != null && !authorized(req)) {
                FullHttpResponse r = response(cseq, HttpResponseStatus.UNAUTHORIZED);
                r.headers().add(RtspHeaderNames.WWW_AUTHENTICATE, "Digest realm=\"" + REALM + "\", nonce=\"" + nonce + "\"");
                ctx.writeAndFlush(r);
                return;
            }
            if (method.equals(RtspMethods.OPTIONS)) {
                FullHttpResponse r = response(cseq, HttpResponseStatus.OK);
                r.headers().set(RtspHeaderNames.PUBLIC, "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER");
                ctx.writeAndFlush(r);
            } else if (method.equals(RtspMethods.DESCRIBE)) {
                byte[] body = sdp().getBytes(StandardCharsets.UTF_8);
                FullHttpResponse r = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(body));
                r.headers().set(RtspHeaderNames.CSEQ, cseq);
                r.headers().set(RtspHeaderNames.CONTENT_TYPE, "application/sdp");
                r.headers().set(RtspHeaderNames.CONTENT_BASE, req.uri().endsWith("/") ? req.uri() : req.uri() + "/");
                r.headers().set(RtspHeaderNames.CONTENT_LENGTH, body.length);
                ctx.writeAndFlush(r);
            } else if (method.equals(RtspMethods.SETUP)) {
                setup(ctx, req, cseq);
            } else if (method.equals(RtspMethods.PLAY)) {
                FullHttpResponse r = response(cseq, HttpResponseStatus.OK);
                r.headers().set(RtspHeaderNames.SESSION, sessionId);
                r.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
                ctx.writeAndFlush(r);
                play(ctx);
            } else if (method.equals(RtspMethods.TEARDOWN)) {
                reply(ctx, cseq, HttpResponseStatus.OK, sessionId);
                ctx.close();
            } else if (method.equals(RtspMethods.GET_PARAMETER)) {
                reply(ctx, cseq, HttpResponseStatus.valueOf(keepaliveStatus), sessionId);
            } else {
                reply(ctx, cseq, HttpResponseStatus.METHOD_NOT_ALLOWED, null);
            }
        }

        private void setup(ChannelHandlerContext ctx, FullHttpRequest req, String cseq) {
            String transport = req.headers().get(RtspHeaderNames.TRANSPORT, "");
            String answer;
            if (transport.toUpperCase(Locale.ROOT).contains("RTP/AVP/TCP")) {
                tcp = true;
                answer = "RTP/AVP/TCP;unicast;interleaved=0-1";
            } else {
                int clientPort = -1;
                for (String p : transport.split(";")) {
                    if (p.strip().startsWith("client_port=")) {
                        try {
                            clientPort = Integer.parseInt(p.strip().substring(12).split("-")[0]);
                        } catch (NumberFormatException ignored) {
                            clientPort = -1;
                        }
                    }
                }
                if (clientPort <= 0) {
                    reply(ctx, cseq, new HttpResponseStatus(461, "Unsupported Transport"), null);
                    return;
                }
                tcp = false;
                InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
                udpTarget = new InetSocketAddress(remote.getAddress(), clientPort);
                int serverPort = ((InetSocketAddress) udp.localAddress()).getPort();
                answer = "RTP/AVP;unicast;client_port=" + clientPort + "-" + (clientPort + 1) + ";server_port="
                        + serverPort + "-" + (serverPort + 1);
            }
            FullHttpResponse r = response(cseq, HttpResponseStatus.OK);
            r.headers().set(RtspHeaderNames.TRANSPORT, answer);
            r.headers().set(RtspHeaderNames.SESSION, sessionId + ";timeout=" + sessionTimeoutSeconds);
            ctx.writeAndFlush(r);
        }

        private void play(ChannelHandlerContext ctx) {
            if (pacing != null) return;
            playsStarted.incrementAndGet();
            packetizer = new H264Packetizer(MTU, 96, ThreadLocalRandom.current().nextInt(), ThreadLocalRandom.current().nextInt());
            timestampBase = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
            long periodMicros = 1_000_000L / media.fps();
            ChannelHandlerContext rawWriter = ctx.pipeline().context(RtspEncoder.class);
            pacing = ctx.executor().scheduleAtFixedRate(() -> sendFrame(ctx, rawWriter), playDelayMicros, periodMicros, TimeUnit.MICROSECONDS);
        }

        private void sendFrame(ChannelHandlerContext ctx, ChannelHandlerContext rawWriter) {
            for (int i = speed; i > 0; i--) sendOneFrame(ctx, rawWriter);
        }

        private void sendOneFrame(ChannelHandlerContext ctx, ChannelHandlerContext rawWriter) {
            long n = frameCount++;
            if (stalled || !ctx.channel().isActive()) return;
            H264Encoder.EncodedFrame f = media.frames().get((int) (n % media.frames().size()));
            long ts = (timestampBase + (frozenTimestamps ? 0 : (long) (n * 90_000 * clockRate / media.fps()))) & 0xFFFFFFFFL;
            List<ByteBuf> packets = lose(packetizer.packetize(f.annexB(), ts, ctx.alloc()));
            ByteBuf report = senderReports && n % media.fps() == 0 ? senderReport(ctx, ts) : null;
            if (tcp) {
                if (report != null && ctx.channel().isWritable()) {
                    ByteBuf framed = ctx.alloc().buffer(4);
                    framed.writeByte('$').writeByte(1).writeShort(report.readableBytes());
                    rawWriter.write(Unpooled.wrappedBuffer(framed, report));
                } else if (report != null) {
                    report.release();
                }
                if (!ctx.channel().isWritable()) { // a slow client: drop rather than buffer without bound
                    packets.forEach(ReferenceCountUtil::release);
                    return;
                }
                for (ByteBuf p : packets) {
                    ByteBuf framed = ctx.alloc().buffer(4);
                    framed.writeByte('$').writeByte(0).writeShort(p.readableBytes());
                    rawWriter.write(Unpooled.wrappedBuffer(framed, p));
                }
                rawWriter.flush();
            } else {
                if (report != null) {
                    udp.write(new DatagramPacket(report, new InetSocketAddress(udpTarget.getAddress(), udpTarget.getPort() + 1)));
                }
                for (ByteBuf p : packets) udp.write(new DatagramPacket(p, udpTarget));
                udp.flush();
            }
        }

        /** The packets the camera's link lets through ({@link #dropEveryNthPacket}). */
        private List<ByteBuf> lose(List<ByteBuf> packets) {
            int n = dropEvery;
            if (n == 0) return packets;
            List<ByteBuf> through = new ArrayList<>(packets.size());
            for (ByteBuf p : packets) {
                if (++packetsMade % n == 0) {
                    p.release();
                } else {
                    through.add(p);
                }
            }
            return through;
        }

        private long packetsMade;

        /** An RTCP sender report (RFC 3550 6.4.1) tying this frame's RTP time to the wall clock, without report blocks. */
        private ByteBuf senderReport(ChannelHandlerContext ctx, long rtpTimestamp) {
            long now = System.currentTimeMillis();
            long seconds = now / 1000 + 2_208_988_800L;
            long fraction = ((now % 1000) << 32) / 1000;
            ByteBuf sr = ctx.alloc().buffer(28);
            sr.writeByte(0x80).writeByte(200).writeShort(6);
            sr.writeInt((int) packetizer.ssrc());
            sr.writeInt((int) seconds).writeInt((int) fraction);
            sr.writeInt((int) rtpTimestamp);
            sr.writeInt((int) frameCount).writeInt(0);
            return sr;
        }

        private boolean authorized(FullHttpRequest req) {
            String h = req.headers().get(RtspHeaderNames.AUTHORIZATION);
            if (h == null || !h.regionMatches(true, 0, "Digest ", 0, 7)) return false;
            Map<String, String> p = DigestAuth.params(h.substring(7));
            if (!user.equals(p.get("username")) || !nonce.equals(p.get("nonce"))) return false;
            String ha1 = DigestAuth.md5(user + ":" + REALM + ":" + password);
            String ha2 = DigestAuth.md5(req.method().name() + ":" + p.get("uri"));
            String expected = p.containsKey("qop")
                    ? DigestAuth.md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":" + p.get("qop") + ":" + ha2)
                    : DigestAuth.md5(ha1 + ":" + nonce + ":" + ha2);
            return expected.equals(p.get("response"));
        }

        private FullHttpResponse response(String cseq, HttpResponseStatus status) {
            FullHttpResponse r = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status);
            r.headers().set(RtspHeaderNames.CSEQ, cseq);
            r.headers().set(RtspHeaderNames.SERVER, "Vigil-SimulatedCamera");
            return r;
        }

        private void reply(ChannelHandlerContext ctx, String cseq, HttpResponseStatus status, String session) {
            FullHttpResponse r = response(cseq, status);
            if (session != null) r.headers().set(RtspHeaderNames.SESSION, session);
            ctx.writeAndFlush(r);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (pacing != null) pacing.cancel(false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("simulated camera: client connection failed", cause);
            ctx.close();
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
