package vigil.analytics.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

class BlobFinderTest {

    @Test
    void findsTheBlobsOpenCvFindsInTheSameOrder() {
        SplittableRandom random = new SplittableRandom(17);
        BlobFinder finder = new BlobFinder();
        int compared = 0;
        for (int trial = 0; trial < 400; trial++) {
            int width = 8 + random.nextInt(90), height = 6 + random.nextInt(60);
            byte[] mask = randomMask(random, width, height, trial % 4);
            finder.find(mask, width, height);
            List<String> ours = new ArrayList<>();
            for (int i = 0; i < finder.count(); i++) {
                ours.add(finder.x(i) + "," + finder.y(i) + " " + finder.width(i) + "x" + finder.height(i));
            }
            assertThat(ours).as("trial %d, %dx%d", trial, width, height).containsExactlyElementsOf(openCv(mask, width, height));
            compared += ours.size();
        }
        assertThat(compared).isGreaterThan(2000);
    }

    @Test
    void leavesOutABlobInsideAnotherBlobsHole() {
        // a ring with a dot in its hole, and a second ring touching the image's edge with its hole open to it
        String[] rows = {
                "..........#####",
                ".#####....#...#",
                ".#...#....#.#.#",
                ".#.#.#....#...#",
                ".#...#....#####",
                ".#####.........",
        };
        int width = rows[0].length(), height = rows.length;
        byte[] mask = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) mask[y * width + x] = (byte) (rows[y].charAt(x) == '#' ? 255 : 0);
        }
        BlobFinder finder = new BlobFinder();
        finder.find(mask, width, height);
        assertThat(finder.count()).isEqualTo(2);
        assertThat(openCv(mask, width, height)).hasSize(2);
    }

    @Test
    void reusesItsBuffersForMasksOfAnotherSize() {
        BlobFinder finder = new BlobFinder();
        SplittableRandom random = new SplittableRandom(3);
        for (int size : new int[] {200, 20, 120}) {
            byte[] mask = randomMask(random, size, size, 1);
            finder.find(mask, size, size);
            assertThat(finder.count()).isEqualTo(openCv(mask, size, size).size());
        }
    }

    /** Kinds: 0 salt, 1 rectangles, 2 dense noise (many holes), 3 rings with things inside. */
    private static byte[] randomMask(SplittableRandom random, int width, int height, int kind) {
        byte[] mask = new byte[width * height];
        switch (kind) {
            case 0 -> {
                for (int i = 0; i < mask.length; i++) if (random.nextInt(10) == 0) mask[i] = (byte) 255;
            }
            case 2 -> {
                for (int i = 0; i < mask.length; i++) if (random.nextInt(100) < 55) mask[i] = (byte) 255;
            }
            default -> {
                int shapes = 1 + random.nextInt(8);
                for (int s = 0; s < shapes; s++) {
                    int w = 1 + random.nextInt(Math.max(1, width / 2)), h = 1 + random.nextInt(Math.max(1, height / 2));
                    int x0 = random.nextInt(width), y0 = random.nextInt(height);
                    boolean ring = kind == 3 && w > 2 && h > 2;
                    for (int y = y0; y < Math.min(height, y0 + h); y++) {
                        for (int x = x0; x < Math.min(width, x0 + w); x++) {
                            boolean edge = x == x0 || y == y0 || x == x0 + w - 1 || y == y0 + h - 1;
                            if (!ring || edge) mask[y * width + x] = (byte) 255;
                        }
                    }
                }
            }
        }
        return mask;
    }

    private static List<String> openCv(byte[] mask, int width, int height) {
        List<String> out = new ArrayList<>();
        try (BytePointer data = new BytePointer(mask.length).put(mask);
             Mat image = new Mat(height, width, CV_8UC1, data);
             MatVector contours = new MatVector();
             Mat hierarchy = new Mat()) {
            findContours(image, contours, hierarchy, RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
            for (long i = 0; i < contours.size(); i++) {
                try (Mat c = contours.get(i); Rect r = boundingRect(c)) {
                    out.add(r.x() + "," + r.y() + " " + r.width() + "x" + r.height());
                }
            }
        }
        return out;
    }
}
