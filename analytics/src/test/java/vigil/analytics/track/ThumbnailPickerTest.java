package vigil.analytics.track;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import vigil.analytics.LumaFrame;
import vigil.analytics.motion.NormalizedBox;

class ThumbnailPickerTest {

    @Test
    void keepsTheLargestObservedMomentAwayFromTheEdgesAsJpeg() {
        int w = 320, h = 240;
        try (BytePointer plane = new BytePointer((long) w * h); ThumbnailPicker picker = new ThumbnailPicker()) {
            byte[] pixels = new byte[w * h];
            for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i % 251);
            plane.put(pixels, 0, pixels.length);
            LumaFrame frame = new LumaFrame(plane, w, h, w, 0);
            picker.offer(new TrackedObject(7, new NormalizedBox(0.4, 0.4, 0.1, 0.2), true), frame);
            picker.offer(new TrackedObject(7, new NormalizedBox(0.0, 0.3, 0.3, 0.5), true), frame);  // touches the edge
            picker.offer(new TrackedObject(7, new NormalizedBox(0.3, 0.3, 0.3, 0.5), false), frame); // merged: not seen alone
            byte[] jpeg = picker.take(7).orElseThrow();
            assertThat(jpeg[0]).isEqualTo((byte) 0xFF);
            assertThat(jpeg[1]).isEqualTo((byte) 0xD8);
            assertThat(jpeg.length).isLessThan(20_000);
            assertThat(picker.take(7)).isEmpty();
            assertThat(picker.take(8)).isEmpty();
        }
    }
}
