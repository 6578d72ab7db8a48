package vigil.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vigil.analytics.LumaFrame;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.H264Encoder;
import vigil.ingest.sim.SyntheticScene;

class FrameDecoderTest {

    private static final int WIDTH = 640, HEIGHT = 360, FPS = 25;

    /**
     * Analysis decodes without the deblocking filter: every frame still comes out, at its time, and close to the
     * exact picture (the drift until the next keyframe stays a few grey levels), but not equal to it — the filter
     * is really skipped.
     */
    @Test
    void picturesDecodedWithoutDeblockingStayCloseToTheExactOnes() {
        EncodedLoop loop = EncodedLoop.encode(new SyntheticScene(WIDTH, HEIGHT, FPS, 100, 21), FPS, 50);
        List<byte[]> exact = decodeAll(loop, true);
        List<byte[]> fast = decodeAll(loop, false);

        assertThat(exact).hasSize(loop.frames().size());
        assertThat(fast).hasSize(exact.size());
        double worstPsnr = Double.MAX_VALUE;
        boolean anyDifferent = false;
        for (int i = 0; i < exact.size(); i++) {
            double mse = 0;
            for (int p = 0; p < exact.get(i).length; p++) {
                int d = (exact.get(i)[p] & 0xff) - (fast.get(i)[p] & 0xff);
                mse += d * d;
            }
            mse /= exact.get(i).length;
            anyDifferent |= mse > 0;
            worstPsnr = Math.min(worstPsnr, mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse));
        }
        assertThat(anyDifferent).as("pictures without the deblocking filter differ from the exact ones").isTrue();
        assertThat(worstPsnr).as("worst frame's luma PSNR against the exact decoding, dB").isGreaterThan(35);
    }

    private static List<byte[]> decodeAll(EncodedLoop loop, boolean deblock) {
        List<byte[]> out = new ArrayList<>();
        try (FrameDecoder decoder = FrameDecoder.h264(deblock)) {
            long t = 0;
            for (H264Encoder.EncodedFrame f : loop.frames()) {
                decoder.decode(f.annexB(), f.annexB().length, t += 40, frame -> out.add(copy(frame)));
            }
            decoder.flush(frame -> out.add(copy(frame)));
        }
        return out;
    }

    private static byte[] copy(LumaFrame frame) {
        byte[] luma = new byte[frame.width() * frame.height()];
        for (int y = 0; y < frame.height(); y++) {
            frame.data().position((long) y * frame.strideBytes()).get(luma, y * frame.width(), frame.width());
        }
        frame.data().position(0);
        return luma;
    }
}
