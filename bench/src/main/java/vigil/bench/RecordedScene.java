package vigil.bench;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import vigil.ingest.analyze.VideoFileAnalyzer;

/**
 * Luma frames of a real recording (OpenCV's {@code vtest.avi}, a static camera over a pedestrian square, from
 * Debian's opencv-doc), scaled to the benchmark's picture size: real texture and sensor noise for the encoder
 * and decoder, which a synthetic scene lacks.
 */
public final class RecordedScene {

    public static final String VTEST = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    private RecordedScene() {
    }

    public static List<byte[]> luma(String path, int width, int height, int frames) {
        List<byte[]> out = new ArrayList<>();
        if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(path))) {
            throw new IllegalStateException(path + " is missing: apt-get install opencv-doc");
        }
        try (Mat scaled = new Mat(); Size size = new Size(width, height)) {
            VideoFileAnalyzer.decode(java.nio.file.Path.of(path), true, f -> {
                if (out.size() >= frames) return;
                try (Mat src = new Mat(f.height(), f.width(), CV_8UC1, f.data(), f.strideBytes())) {
                    resize(src, scaled, size, 0, 0, INTER_LINEAR);
                    byte[] plane = new byte[width * height];
                    scaled.data().get(plane);
                    out.add(plane);
                }
            });
        }
        return out;
    }
}
