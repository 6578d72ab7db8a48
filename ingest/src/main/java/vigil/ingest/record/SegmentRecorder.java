package vigil.ingest.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.ingest.h264.AccessUnit;
import vigil.ingest.h264.NalUnits;
import vigil.ingest.h264.SpsInfo;
import vigil.catalog.camera.CameraIds;

/**
 * Records one camera's H.264 access units by stream copy (no re-encode) into fragmented MP4 segments under
 * {@code root/<camera>/<yyyy-MM-dd>/}, each starting at a keyframe and cut at the first keyframe after the
 * segment length. Frames before the first keyframe cannot be played and are skipped. Each closed segment is
 * reported to the sink.
 *
 * <p>Owns the FFmpeg muxer of the open segment; {@link #close()} finishes it. Not thread-safe: fed in order
 * from one worker.
 */
public final class SegmentRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SegmentRecorder.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH-mm-ss.SSS").withZone(ZoneOffset.UTC);

    private final String cameraId;
    private final Path root;
    private final long segmentMs;
    private final Consumer<ClosedSegment> sink;

    private Segment open;
    private long unitsSkipped;

    public SegmentRecorder(String cameraId, Path root, long segmentMs, Consumer<ClosedSegment> sink) {
        this.cameraId = cameraId;
        this.root = root;
        this.segmentMs = segmentMs;
        this.sink = sink;
    }

    public long unitsSkipped() {
        return unitsSkipped;
    }

    /** Writes one access unit, cutting a new segment at a keyframe once the current one is long enough. */
    public void write(AccessUnit unit) throws IOException {
        if (unit.keyframe()) {
            byte[] sps = null, pps = null;
            for (byte[] nal : NalUnits.split(unit.annexB())) {
                int t = NalUnits.type(nal[0]);
                if (t == NalUnits.SPS && sps == null) sps = nal;
                else if (t == NalUnits.PPS && pps == null) pps = nal;
            }
            boolean newParameters = open != null && sps != null && !Arrays.equals(sps, open.sps);
            if (open == null || newParameters || unit.captureTimeMs() - open.startMs >= segmentMs) {
                if (open != null) finish(unit.captureTimeMs());
                if (sps == null || pps == null) {
                    unitsSkipped++;
                    return; // a keyframe without parameter sets cannot start a playable file
                }
                open = new Segment(unit, sps, pps);
            }
        }
        if (open == null) {
            unitsSkipped++;
            return;
        }
        try {
            open.write(unit);
        } catch (IOException e) {
            // Keep what the segment holds so far; the next keyframe starts a fresh file.
            Segment broken = open;
            try {
                finish(broken.lastMs + broken.lastDurationMs());
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Finishes the open segment, if any (the stream ended or the camera was removed). */
    @Override
    public void close() {
        if (open != null) {
            try {
                finish(open.lastMs + open.lastDurationMs());
            } catch (IOException e) {
                log.error("camera {}: finishing segment {} failed", cameraId, open.path, e);
            }
        }
    }

    private void finish(long endMs) throws IOException {
        Segment s = open;
        open = null;
        s.close();
        long bytes = Files.size(s.path);
        sink.accept(new ClosedSegment(cameraId, s.path, s.startMs, Math.max(endMs, s.startMs + 1), bytes, "h264",
                s.width, s.height));
    }

    /** One open MP4 file: its muxer context, stream and packet. */
    private final class Segment {
        final Path path;
        final long startMs;
        final long startRtp;
        final byte[] sps;
        final int width;
        final int height;
        final AVFormatContext oc;
        final AVStream stream;
        final AVPacket packet = av_packet_alloc();
        final AVRational rtpBase = av_make_q(1, 90_000);
        long lastMs;
        long lastRtp = Long.MIN_VALUE;
        long lastDts = Long.MIN_VALUE;
        long lastDelta = 3600;

        Segment(AccessUnit first, byte[] sps, byte[] pps) throws IOException {
            this.startMs = first.captureTimeMs();
            this.startRtp = first.rtpTimestamp();
            this.sps = sps;
            SpsInfo info;
            try {
                info = SpsInfo.parse(sps);
            } catch (IllegalArgumentException e) {
                av_packet_free(packet);
                throw new IOException("camera " + cameraId + ": keyframe has an unusable SPS (" + e.getMessage() + ")");
            }
            this.width = info.width();
            this.height = info.height();
            Instant start = Instant.ofEpochMilli(startMs);
            Path dir = CameraIds.folderOf(root, cameraId).resolve(DAY.format(start));
            Files.createDirectories(dir);
            this.path = dir.resolve(TIME.format(start) + ".mp4");

            oc = new AVFormatContext(null);
            check(avformat_alloc_output_context2(oc, null, "mp4", path.toString()), "allocating MP4 muxer");
            stream = avformat_new_stream(oc, null);
            AVCodecParameters par = stream.codecpar();
            par.codec_type(AVMEDIA_TYPE_VIDEO);
            par.codec_id(AV_CODEC_ID_H264);
            par.width(width);
            par.height(height);
            byte[] extradata = NalUnits.annexB(List.of(sps, pps));
            BytePointer ex = new BytePointer(av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
            ex.capacity(extradata.length).put(extradata);
            par.extradata(ex);
            par.extradata_size(extradata.length);
            stream.time_base(rtpBase);
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, path.toString(), AVIO_FLAG_WRITE), "opening " + path);
            oc.pb(pb);
            AVDictionary opts = new AVDictionary(null);
            // Fragmented: every keyframe starts a fragment, so a file cut short by a crash still plays.
            av_dict_set(opts, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0);
            int r = avformat_write_header(oc, opts);
            av_dict_free(opts);
            check(r, "writing MP4 header");
        }

        void write(AccessUnit unit) throws IOException {
            byte[] data = unit.annexB();
            check(av_new_packet(packet, data.length), "allocating packet");
            try {
                packet.data().put(data, 0, data.length);
                long ts = unit.rtpTimestamp() - startRtp;
                long dts = av_rescale_q(ts, rtpBase, stream.time_base());
                if (lastDts != Long.MIN_VALUE && dts <= lastDts) dts = lastDts + 1; // keep DTS monotonic
                if (lastRtp != Long.MIN_VALUE && unit.rtpTimestamp() > lastRtp) lastDelta = unit.rtpTimestamp() - lastRtp;
                packet.pts(Math.max(dts, av_rescale_q(ts, rtpBase, stream.time_base())));
                packet.dts(dts);
                packet.duration(av_rescale_q(lastDelta, rtpBase, stream.time_base()));
                packet.stream_index(0);
                if (unit.keyframe()) packet.flags(packet.flags() | AV_PKT_FLAG_KEY);
                check(av_write_frame(oc, packet), "writing frame to " + path.getFileName());
                // A keyframe completes the previous fragment: push it to the file so a crash loses at most one GOP.
                if (unit.keyframe()) avio_flush(oc.pb());
                lastDts = dts;
                lastRtp = unit.rtpTimestamp();
                lastMs = unit.captureTimeMs();
            } finally {
                av_packet_unref(packet);
            }
        }

        long lastDurationMs() {
            return lastDelta / 90;
        }

        void close() {
            try {
                av_write_trailer(oc);
            } finally {
                avio_closep(oc.pb());
                avformat_free_context(oc);
                av_packet_free(packet);
            }
        }

        private void check(int err, String what) throws IOException {
            if (err < 0) throw new IOException("camera " + cameraId + ": " + what + " failed (FFmpeg error " + err + ")");
        }
    }

}
