package vigil.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vigil.ingest.h264.AccessUnit;
import vigil.ingest.sim.SimulatedCamera;
import vigil.ingest.sim.TestMedia;

class RtspClientTest {

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final List<AccessUnit> units = new CopyOnWriteArrayList<>();
    private final List<String> states = new CopyOnWriteArrayList<>();
    private SimulatedCamera camera;
    private RtspClient client;

    private final RtspListener listener = new RtspListener() {
        @Override
        public void stateChanged(State state, String detail) {
            states.add(state + (detail == null ? "" : ": " + detail));
        }

        @Override
        public void accessUnit(AccessUnit unit) {
            units.add(unit);
        }
    };

    @AfterEach
    void tearDown() {
        if (client != null) client.close();
        if (camera != null) camera.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private RtspClientSettings fast(RtspClientSettings.Transport t) {
        return RtspClientSettings.defaults().withTransport(t).withBackoff(100, 500).withStallTimeoutMs(1500);
    }

    @Test
    void playsOverTcpInterleaved() {
        camera = new SimulatedCamera(TestMedia.small(50, 1)).start(0);
        client = new RtspClient("cam-tcp", URI.create(camera.url("live")), group, fast(RtspClientSettings.Transport.TCP), listener);
        client.start();
        await(() -> units.size() >= 30, 10_000);
        assertThat(units.get(0).keyframe()).isTrue();
        assertThat(states).contains("PLAYING");
        long spanMs = units.get(29).captureTimeMs() - units.get(0).captureTimeMs();
        assertThat(spanMs).isBetween(1100L, 1200L); // 29 frame intervals at 25 fps
    }

    @Test
    void playsOverUdp() {
        camera = new SimulatedCamera(TestMedia.small(50, 1)).start(0);
        client = new RtspClient("cam-udp", URI.create(camera.url("live")), group, fast(RtspClientSettings.Transport.UDP), listener);
        client.start();
        await(() -> units.size() >= 30, 10_000);
        assertThat(units.stream().filter(AccessUnit::keyframe).count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void authenticatesWithDigest() {
        camera = new SimulatedCamera(TestMedia.small(50, 1)).requireDigest("admin", "s3cr:t@x").start(0);
        URI url = URI.create("rtsp://admin:s3cr%3At%40x@127.0.0.1:" + camera.port() + "/live");
        client = new RtspClient("cam-auth", url, group, fast(RtspClientSettings.Transport.TCP), listener);
        client.start();
        await(() -> units.size() >= 10, 10_000);
    }

    @Test
    void wrongPasswordIsRefusedWithoutLeakingIt() {
        camera = new SimulatedCamera(TestMedia.small(50, 1)).requireDigest("admin", "right").start(0);
        URI url = URI.create("rtsp://admin:wrongpass@127.0.0.1:" + camera.port() + "/live");
        client = new RtspClient("cam-auth", url, group, fast(RtspClientSettings.Transport.TCP), listener);
        client.start();
        await(() -> states.stream().anyMatch(s -> s.startsWith("REFUSED")), 10_000);
        assertThat(states).noneMatch(s -> s.contains("wrongpass"));
        assertThat(states.stream().filter(s -> s.startsWith("REFUSED")).findFirst().orElseThrow()).contains("401");
        assertThat(units).isEmpty();
    }

    @Test
    void reconnectsAfterServerClosesConnection() {
        camera = new SimulatedCamera(TestMedia.small(50, 1)).start(0);
        client = new RtspClient("cam-drop", URI.create(camera.url("live")), group, fast(RtspClientSettings.Transport.TCP), listener);
        client.start();
        await(() -> units.size() >= 10, 10_000);
        camera.dropConnections();
        await(() -> states.stream().anyMatch(s -> s.startsWith("DISCONNECTED")), 5_000);
        int before = units.size();
        await(() -> units.size() >= before + 10, 10_000);
        assertThat(camera.playsStarted()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void reconnectsAfterStall() {
        camera = new SimulatedCamera(TestMedia.small(50, 1)).start(0);
        client = new RtspClient("cam-stall", URI.create(camera.url("live")), group, fast(RtspClientSettings.Transport.TCP), listener);
        client.start();
        await(() -> units.size() >= 10, 10_000);
        camera.setStalled(true);
        await(() -> states.stream().anyMatch(s -> s.contains("stalled")), 5_000);
        camera.setStalled(false);
        int before = units.size();
        await(() -> units.size() >= before + 10, 10_000);
        assertThat(camera.playsStarted()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void backoffGrowsWhileAServerAnswersPlayButNoMediaDecodes() {
        camera = new SimulatedCamera(TestMedia.small(50, 1)).start(0);
        camera.setStalled(true); // PLAY is answered, then nothing useful comes
        client = new RtspClient("cam-junk", URI.create(camera.url("live")), group,
                RtspClientSettings.defaults().withBackoff(100, 5_000).withStallTimeoutMs(400), listener);
        client.start();
        await(() -> camera.playsStarted() >= 3, 15_000);
        // every PLAY before media decodes leaves the backoff growing (it was reset at each PLAY: 85 reconnects in 70 s)
        await(() -> client.failuresSinceMedia() >= 2, 5_000);
        camera.setStalled(false);
        await(() -> !units.isEmpty(), 15_000);
        assertThat(client.failuresSinceMedia()).isPositive();
        client.mediaDecoded(); // what the camera's pipeline says when a frame decodes
        await(() -> client.failuresSinceMedia() == 0, 5_000);
    }

    @Test
    void countsUnsolicitedGarbageAndKeepsPlaying() {
        camera = new SimulatedCamera(TestMedia.small(50, 1)).start(0);
        client = new RtspClient("cam-garbage", URI.create(camera.url("live")), group, fast(RtspClientSettings.Transport.TCP), listener);
        client.start();
        await(() -> units.size() >= 10, 10_000);
        camera.sendGarbage();
        await(() -> client.protocolErrors() >= 1, 5_000);
        int before = units.size();
        await(() -> units.size() >= before + 10, 10_000);
    }

    @Test
    void garbageRepliesDropTheSessionUntilTheServerAnswersSensibly() {
        camera = new SimulatedCamera(TestMedia.small(50, 1)).start(0);
        camera.setGarbageReplies(true);
        client = new RtspClient("cam-garbage", URI.create(camera.url("live")), group, fast(RtspClientSettings.Transport.TCP), listener);
        client.start();
        await(() -> states.stream().anyMatch(s -> s.startsWith("DISCONNECTED")), 10_000);
        assertThat(units).isEmpty();
        camera.setGarbageReplies(false);
        await(() -> units.size() >= 10, 10_000);
    }

    @Test
    void refusedKeepalivesAreCountedWhileMediaFlowsAndALostSessionReconnects() {
        camera = new SimulatedCamera(TestMedia.small(50, 1)).sessionTimeoutSeconds(2).start(0); // keepalive every second
        client = new RtspClient("cam-keepalive", URI.create(camera.url("live")), group, fast(RtspClientSettings.Transport.TCP), listener);
        client.start();
        await(() -> units.size() >= 10, 10_000);
        camera.setKeepaliveStatus(500);
        await(() -> client.protocolErrors() >= 2, 5_000);
        assertThat(states).noneMatch(s -> s.startsWith("DISCONNECTED"));
        int before = units.size();
        await(() -> units.size() >= before + 10, 5_000);
        camera.setKeepaliveStatus(454);
        await(() -> states.stream().anyMatch(s -> s.contains("454")), 5_000);
        camera.setKeepaliveStatus(200);
        await(() -> camera.playsStarted() >= 2, 10_000);
    }

    @Test
    void comesBackWhenServerReturns() {
        camera = new SimulatedCamera(TestMedia.small(50, 1)).start(0);
        int port = camera.port();
        client = new RtspClient("cam-vanish", URI.create(camera.url("live")), group, fast(RtspClientSettings.Transport.TCP), listener);
        client.start();
        await(() -> units.size() >= 10, 10_000);
        camera.stop();
        await(() -> states.stream().anyMatch(s -> s.contains("cannot connect")), 5_000);
        camera.start(port);
        int before = units.size();
        await(() -> units.size() >= before + 10, 10_000);
    }

    private static void await(java.util.function.BooleanSupplier c, long ms) {
        vigil.ingest.Await.until(c, ms);
    }
}
