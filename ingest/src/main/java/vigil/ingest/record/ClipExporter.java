package vigil.ingest.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import vigil.catalog.media.FootageExporter;
import vigil.catalog.store.Clip;

/**
 * Remuxes a span of recorded segments into one fragmented MP4 written to a stream, by packet copy through
 * JavaCV's FFmpeg grabber and recorder (no decoding). Each clip's packets are placed on one timeline by the
 * clip's wall-clock start, so a gap in recording is a gap in the file's timestamps. The first packet written is
 * the keyframe at or before {@code from}; packets are buffered only back to the last keyframe. Clips whose
 * picture size differs from the first are left out (one MP4 track has one size).
 */
public final class ClipExporter implements FootageExporter {

    @Override
    public void export(List<Clip> clips, Instant from, Instant to, OutputStream out) throws IOException {
        List<FFmpegFrameGrabber> open = new ArrayList<>();
        FFmpegFrameRecorder recorder = null;
        try {
            Instant origin = null;
            AVRational outBase = null;
            int width = -1, height = -1;
            List<AVPacket> gop = new ArrayList<>();
            boolean started = false;
            for (Clip clip : clips) {
                if (!clip.end().isAfter(from) || !clip.start().isBefore(to)) continue;
                FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.path());
                grabber.start();
                open.add(grabber);
                int video = videoStream(grabber);
                if (video < 0) continue;
                var par = grabber.getFormatContext().streams(video).codecpar();
                if (recorder == null) {
                    width = par.width();
                    height = par.height();
                    recorder = new FFmpegFrameRecorder(out, width, height, 0);
                    recorder.setFormat("mp4");
                    recorder.setCloseOutputStream(false);
                    // fragmented: nothing needs seeking back, so the file can go out as it is made
                    recorder.setOption("movflags", "frag_keyframe+empty_moov+default_base_moof");
                    recorder.start(grabber.getFormatContext());
                    origin = clip.start();
                    outBase = grabber.getFormatContext().streams(video).time_base();
                } else if (par.width() != width || par.height() != height) {
                    continue;
                }
                AVRational inBase = grabber.getFormatContext().streams(video).time_base();
                long offset = av_rescale_q(clip.start().toEpochMilli() - origin.toEpochMilli(), new AVRational().num(1).den(1000), outBase);
                AVPacket pkt;
                while ((pkt = grabber.grabPacket()) != null) {
                    if (pkt.stream_index() != video) continue;
                    long ptsMs = clip.start().toEpochMilli() + av_rescale_q(pkt.pts(), inBase, new AVRational().num(1).den(1000));
                    if (ptsMs >= to.toEpochMilli()) break;
                    retime(pkt, inBase, outBase, offset);
                    if (!started) {
                        // hold back to the last keyframe until `from` is reached
                        if ((pkt.flags() & AV_PKT_FLAG_KEY) != 0) {
                            gop.forEach(p -> av_packet_free(p));
                            gop.clear();
                        }
                        if (gop.isEmpty() && (pkt.flags() & AV_PKT_FLAG_KEY) == 0) continue;
                        gop.add(av_packet_clone(pkt));
                        if (ptsMs >= from.toEpochMilli()) {
                            for (AVPacket p : gop) {
                                recorder.recordPacket(p);
                                av_packet_free(p);
                            }
                            gop.clear();
                            started = true;
                        }
                    } else {
                        recorder.recordPacket(pkt);
                    }
                }
            }
            if (!started && recorder != null) { // the span ended before a frame at or after `from`: write what it held
                for (AVPacket p : gop) {
                    recorder.recordPacket(p);
                    av_packet_free(p);
                }
                gop.clear();
            }
            if (recorder == null) throw new IOException("no video in the clips of " + from + ".." + to);
            recorder.stop();
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            throw new IOException("exporting " + from + ".." + to + ": " + e.getMessage(), e);
        } finally {
            if (recorder != null) {
                try {
                    recorder.release();
                } catch (FrameRecorder.Exception e) {
                    // already failing or finished: nothing more to tell
                }
            }
            for (FFmpegFrameGrabber g : open) {
                try {
                    g.release();
                } catch (FrameGrabber.Exception e) {
                    // closing a file we only read
                }
            }
        }
    }

    private static int videoStream(FFmpegFrameGrabber grabber) {
        var ctx = grabber.getFormatContext();
        for (int i = 0; i < ctx.nb_streams(); i++) {
            if (ctx.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) return i;
        }
        return -1;
    }

    /** Moves a packet from its clip's time base onto the export's timeline (the first clip's time base). */
    private static void retime(AVPacket pkt, AVRational in, AVRational out, long offset) {
        if (pkt.pts() != AV_NOPTS_VALUE) pkt.pts(av_rescale_q(pkt.pts(), in, out) + offset);
        if (pkt.dts() != AV_NOPTS_VALUE) pkt.dts(av_rescale_q(pkt.dts(), in, out) + offset);
        pkt.duration(av_rescale_q(pkt.duration(), in, out));
        pkt.stream_index(0);
    }
}
