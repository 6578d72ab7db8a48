package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vigil.ingest.Await;
import vigil.ingest.sim.SimulatedCamera;
import vigil.ingest.sim.TestMedia;

/**
 * What a camera's stream suffers on its way shows in the node's metrics, per camera: a camera on a lossy link (every
 * 40th RTP packet lost) that also writes bytes that are not RTSP, beside a clean one; the lossy camera is still
 * recorded and analysed.
 */
class StreamHealthTest {

    @TempDir
    Path dataDir;

    @RegisterExtension
    final LiveSite site = new LiveSite();

    @Test
    void lostPacketsAndGarbageAreCountedPerCamera() {
        SimulatedCamera lossy = site.camera(new SimulatedCamera(TestMedia.small(100, 9)).dropEveryNthPacket(40));
        SimulatedCamera clean = site.camera(new SimulatedCamera(TestMedia.small(100, 9)));
        Node node = site.node(NodeSettings.defaults(dataDir, 0).withHost("127.0.0.1").withSegmentMs(2_000));
        NodeApi api = new NodeApi(dataDir, node::port);
        assertThat(api.post("/api/cameras", new JsonObject().put("id", "lossy").put("url", lossy.url("/street"))).statusCode())
                .isEqualTo(201);
        assertThat(api.post("/api/cameras", new JsonObject().put("id", "clean").put("url", clean.url("/street"))).statusCode())
                .isEqualTo(201);

        Await.until(() -> api.metric("vigil_rtp_packets_lost_total", "lossy") >= 10
                && api.metric("vigil_frames_analysed_total", "lossy") >= 50
                && api.metric("vigil_frames_analysed_total", "clean") >= 50, 30_000);
        lossy.sendGarbage();
        Await.until(() -> api.metric("vigil_rtsp_protocol_errors_total", "lossy") >= 1, 10_000);

        double received = api.metric("vigil_frames_received_total", "lossy");
        // a frame of this stream is a few packets: a fortieth of them lost is far fewer than the frames
        assertThat(api.metric("vigil_rtp_packets_lost_total", "lossy")).isLessThan(received / 4);
        assertThat(api.metric("vigil_frames_recorded_total", "lossy")).isPositive();
        assertThat(new JsonObject(api.get("/api/cameras/lossy").body()).getJsonObject("status").getString("state"))
                .isEqualTo("online");
        assertThat(api.get("/metrics").body()).contains("vigil_rtp_packets_lost_total{camera=\"clean\"} 0.0",
                "vigil_rtsp_protocol_errors_total{camera=\"clean\"} 0.0", "vigil_rtp_packets_malformed_total{camera=\"clean\"} 0.0",
                "vigil_rtcp_sender_reports_ignored_total{camera=\"clean\"} 0.0");
    }
}
