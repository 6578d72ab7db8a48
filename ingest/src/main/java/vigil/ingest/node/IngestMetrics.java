package vigil.ingest.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import vigil.ingest.rtsp.RtspClient;

/** The meters of one camera, tagged {@code camera=<id>}; {@link #remove()} unregisters them. */
final class IngestMetrics {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    final Counter framesReceived;
    final Counter framesAnalysed;
    final Counter framesSkipped;
    final Counter reconnects;
    final Counter framesRecorded;
    final Counter framesUnrecorded;
    final Counter bytesRecorded;
    final Counter segmentsClosed;
    final Counter recordErrors;
    final Counter corruptFrames;
    final Counter tracksFinished;
    final Counter motionEvents;
    final Counter ghostsCleared;
    final Counter timestampsReplaced;
    final Timer decodeTime;
    final Timer analyseTime;
    final Timer personDetectTime;
    /** How far the camera's analysis is reduced now: 0 every frame, 1 person detection paused, 2 keyframes only. */
    final AtomicInteger analysisReduction = new AtomicInteger();

    IngestMetrics(MeterRegistry registry, String cameraId) {
        this.registry = registry;
        framesReceived = counter("vigil.frames.received", "access units received from the camera", cameraId);
        framesAnalysed = counter("vigil.frames.analysed", "decoded frames run through motion detection", cameraId);
        framesSkipped = counter("vigil.frames.skipped", "frames not analysed because the camera fell behind (keyframe-only mode)", cameraId);
        framesRecorded = counter("vigil.frames.recorded", "access units written to segment files", cameraId);
        framesUnrecorded = counter("vigil.frames.unrecorded",
                "access units not recorded: before a keyframe with parameter sets could start a file, or failed writes", cameraId);
        reconnects = counter("vigil.reconnects", "times the RTSP session was lost and re-established", cameraId);
        bytesRecorded = counter("vigil.recorded.bytes", "bytes written to closed segments", cameraId);
        segmentsClosed = counter("vigil.segments.closed", "segments closed and catalogued", cameraId);
        recordErrors = counter("vigil.record.errors", "failures writing segment files", cameraId);
        corruptFrames = counter("vigil.frames.corrupt", "access units the decoder rejected", cameraId);
        tracksFinished = counter("vigil.tracks.finished", "tracks of moving objects ended and catalogued", cameraId);
        motionEvents = counter("vigil.motion.events", "motion events begun", cameraId);
        ghostsCleared = counter("vigil.motion.ghosts.cleared",
                "frames' still blobs taken for ghosts (the background held someone who has left) and learned as background", cameraId);
        timestampsReplaced = counter("vigil.timestamps.replaced",
                "RTSP sessions whose RTP timestamps did not advance, their frames timed by their arrival instead", cameraId);
        decodeTime = timer("vigil.decode", "time to decode one access unit", cameraId);
        analyseTime = timer("vigil.analyse", "time of the analysis of one frame: motion, people, tracking (people included)", cameraId);
        personDetectTime = timer("vigil.person.detect", "time of the person detector on one frame it ran on", cameraId);
        meters.add(Gauge.builder("vigil.analysis.reduced", analysisReduction, AtomicInteger::get)
                .description("analysis given up because the camera fell behind: 0 none, 1 person detection paused, 2 keyframes only")
                .tag("camera", cameraId).register(registry));
    }

    /** The camera's stream as its RTSP client saw it: what was lost or malformed on the way, summed over reconnects. */
    void watch(RtspClient client, String cameraId) {
        functionCounter(client, RtspClient::packetsLost, "vigil.rtp.packets.lost",
                "RTP packets that never arrived (gaps in their sequence numbers)", cameraId);
        functionCounter(client, RtspClient::malformedRtpPackets, "vigil.rtp.packets.malformed",
                "packets on the RTP channel that were not RTP or not H.264 packed as RFC 6184 says, skipped", cameraId);
        functionCounter(client, RtspClient::unitsDropped, "vigil.frames.dropped.oversize",
                "access units too large to be a picture, dropped before recording", cameraId);
        functionCounter(client, RtspClient::protocolErrors, "vigil.rtsp.protocol.errors",
                "RTSP messages from the camera that were not answers or did not parse, ignored", cameraId);
        functionCounter(client, RtspClient::senderReportsIgnored, "vigil.rtcp.sender.reports.ignored",
                "RTCP sender reports ignored because the camera's clock was far from this node's", cameraId);
        functionCounter(client, RtspClient::clockReanchored, "vigil.capture.clock.reanchored",
                "times frames' capture times, mapped from RTP time without sender reports, strayed from their arrival and"
                        + " were anchored at it again", cameraId);
    }

    private void functionCounter(RtspClient client, ToDoubleFunction<RtspClient> count, String name, String help, String cameraId) {
        meters.add(FunctionCounter.builder(name, client, count).description(help).tag("camera", cameraId).register(registry));
    }

    private Counter counter(String name, String help, String cameraId) {
        Counter c = Counter.builder(name).description(help).tag("camera", cameraId).register(registry);
        meters.add(c);
        return c;
    }

    private Timer timer(String name, String help, String cameraId) {
        Timer t = Timer.builder(name).description(help).tag("camera", cameraId).register(registry);
        meters.add(t);
        return t;
    }

    void remove() {
        meters.forEach(registry::remove);
    }
}
