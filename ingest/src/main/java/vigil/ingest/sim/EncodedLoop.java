package vigil.ingest.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import vigil.ingest.h264.NalUnits;

/**
 * A scene encoded once to H.264 and then served in a loop: the access units, the frame rate and the
 * parameter sets for SDP.
 */
public record EncodedLoop(List<H264Encoder.EncodedFrame> frames, int fps, int width, int height, byte[] sps, byte[] pps) {

    /** Encodes every frame of the scene's loop; the first frame is a keyframe, then every {@code gopFrames}. */
    public static EncodedLoop encode(SyntheticScene scene, int fps, int gopFrames) {
        List<byte[]> lumas = new ArrayList<>();
        for (int i = 0; i < scene.loopFrames(); i++) {
            byte[] luma = new byte[scene.width() * scene.height()];
            scene.drawLuma(i, luma);
            lumas.add(luma);
        }
        return encode(lumas, scene.width(), scene.height(), fps, gopFrames);
    }

    /** Encodes luma planes ({@code width*height} each, grey chroma). */
    public static EncodedLoop encode(List<byte[]> lumas, int width, int height, int fps, int gopFrames) {
        List<H264Encoder.EncodedFrame> frames = new ArrayList<>();
        // about 0.1 bit per pixel at 25 fps: what cameras send at their main-stream settings
        int bitRate = Math.max(500_000, width * height * fps / 10);
        try (H264Encoder encoder = new H264Encoder(width, height, fps, gopFrames, bitRate)) {
            for (byte[] luma : lumas) frames.addAll(encoder.encode(luma));
            frames.addAll(encoder.finish());
        }
        byte[] sps = null, pps = null;
        for (byte[] nal : NalUnits.split(frames.get(0).annexB())) {
            int t = NalUnits.type(nal[0]);
            if (t == NalUnits.SPS && sps == null) sps = nal;
            if (t == NalUnits.PPS && pps == null) pps = nal;
        }
        if (!frames.get(0).keyframe() || sps == null || pps == null) {
            throw new IllegalStateException("encoder did not start with a keyframe carrying SPS and PPS");
        }
        return new EncodedLoop(Collections.unmodifiableList(frames), fps, width, height, sps, pps);
    }
}
