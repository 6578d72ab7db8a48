package vigil.bench.streams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vigil.ingest.h264.NalUnits;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.H264Encoder;

/**
 * A camera's stream for the harness, encoded as cameras encode: FFmpeg's CLI with x264 (High profile, CABAC, no
 * B-frames, a fixed keyframe interval, a constant bit rate), from a real recording scaled to the stream's size,
 * split into access units for the simulated camera to send.
 */
final class CameraStream {

    private CameraStream() {
    }

    /** Encodes {@code seconds} of {@code source} at {@code width}×{@code height}, {@code fps}, {@code bitRate} b/s. */
    static EncodedLoop encode(Path source, int width, int height, int fps, int gopFrames, int bitRate, int frames, Path out)
            throws IOException, InterruptedException {
        if (!Files.isReadable(source)) throw new IllegalArgumentException(source + " is missing: apt-get install opencv-doc, or use --scene synthetic");
        Process p = StreamsBenchCommand.ffmpeg("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", source.toString(),
                "-vf", "scale=" + width + ":" + height + ",fps=" + fps, "-frames:v", Integer.toString(frames), "-an",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-bf", "0",
                "-x264-params", "keyint=" + gopFrames + ":min-keyint=" + gopFrames + ":scenecut=0",
                "-b:v", Integer.toString(bitRate), "-maxrate", Integer.toString(bitRate), "-bufsize", Integer.toString(2 * bitRate),
                "-pix_fmt", "yuv420p", "-f", "h264", out.toString());
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("ffmpeg could not encode " + source + ": " + log);
        return accessUnits(Files.readAllBytes(out), width, height, fps);
    }

    /**
     * Splits an Annex B stream into access units: a new one starts at a parameter set, SEI or delimiter after a
     * picture, or at a picture's first slice (first_mb_in_slice 0: the first bit of the slice header set).
     */
    static EncodedLoop accessUnits(byte[] annexB, int width, int height, int fps) {
        List<H264Encoder.EncodedFrame> frames = new ArrayList<>();
        List<byte[]> unit = new ArrayList<>();
        boolean hasPicture = false, keyframe = false;
        byte[] sps = null, pps = null;
        for (byte[] nal : NalUnits.split(annexB)) {
            if (nal.length < 2) continue;
            int type = NalUnits.type(nal[0]);
            boolean picture = type == NalUnits.SLICE || type == NalUnits.IDR;
            boolean startsUnit = picture ? (nal[1] & 0x80) != 0 : type == NalUnits.SPS || type == NalUnits.PPS
                    || type == NalUnits.SEI || type == NalUnits.AUD;
            if (startsUnit && hasPicture) {
                frames.add(new H264Encoder.EncodedFrame(NalUnits.annexB(unit), keyframe));
                unit.clear();
                hasPicture = false;
                keyframe = false;
            }
            if (type == NalUnits.SPS && sps == null) sps = nal;
            if (type == NalUnits.PPS && pps == null) pps = nal;
            unit.add(nal);
            hasPicture |= picture;
            keyframe |= type == NalUnits.IDR;
        }
        if (hasPicture) frames.add(new H264Encoder.EncodedFrame(NalUnits.annexB(unit), keyframe));
        if (frames.isEmpty() || !frames.get(0).keyframe() || sps == null || pps == null) {
            throw new IllegalStateException("the encoded stream does not start with parameter sets and a keyframe");
        }
        return new EncodedLoop(frames, fps, width, height, sps, pps);
    }
}
