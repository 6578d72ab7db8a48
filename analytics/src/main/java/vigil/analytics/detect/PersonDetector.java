package vigil.analytics.detect;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.HOGDescriptor;
import vigil.analytics.LumaFrame;
import vigil.analytics.motion.NormalizedBox;

/**
 * Finds upright people inside given regions of a luma frame with OpenCV's HOG detector and its built-in
 * pedestrian model (Dalal–Triggs, trained on INRIA). Motion says where something moves; this says which of it
 * are people, one box each, where a group walking together is one motion blob. Only the regions are searched,
 * so the cost follows the moving area, not the frame size. People are detected as anonymous shapes; nothing
 * about who they are is looked at.
 *
 * <p>Owns its HOG descriptor and working buffers; {@link #close()} releases them. Not thread-safe: one per
 * camera.
 */
public final class PersonDetector implements AutoCloseable {

    static final int WINDOW_WIDTH_PX = 64;
    static final int WINDOW_HEIGHT_PX = 128;
    /** The model's window holds a person with a margin; the body is about this share of it, centred. */
    private static final double BODY_WIDTH_OF_WINDOW = 0.5;
    private static final double BODY_HEIGHT_OF_WINDOW = 0.8;
    /** Smallest margin around a region, in detection pixels: a window needs a few cells of context. */
    private static final int MIN_MARGIN_PX = 16;
    /** The smallest person looked for in a region, as a share of the region's (motion or track box's) height. */
    private static final double SMALLEST_PERSON_OF_REGION = 0.6;
    /**
     * Largest enlargement of a region: people smaller than a quarter of the window (a low-resolution stream) are
     * not found, rather than searched in images many times the frame's size.
     */
    private static final double MAX_UPSCALE = 4.0;
    /** Two overlapping regions are searched as one if their bounding box is at most this much larger than both. */
    private static final double MERGE_SLACK = 1.5;
    /** Two detections overlapping this much (IoU) are one person; the stronger stays. */
    private static final double SAME_PERSON_IOU = 0.5;
    /** A detection this much inside another (share of its area) and shorter by this ratio is a part of it. */
    private static final double PART_INSIDE = 0.7;
    private static final double PART_HEIGHT_RATIO = 0.8;
    private static final Size WINDOW_STRIDE = new Size(8, 8);
    private static final Size NO_PADDING = new Size(0, 0);
    /** Neighbouring windows that must agree before OpenCV reports a person. */
    private static final double GROUP_THRESHOLD = 2.0;

    /** A person's box and the detector's confidence (SVM margin) in it. */
    public record Person(NormalizedBox box, double score) {
    }

    private final PersonSettings settings;
    private final HOGDescriptor hog = new HOGDescriptor();
    private final Mat model;
    private final Mat scaled = new Mat();
    private final Mat padded = new Mat();
    private final RectVector found = new RectVector();
    private final DoublePointer weights = new DoublePointer();
    private final Scalar black = new Scalar(0.0);

    public PersonDetector(PersonSettings settings) {
        this.settings = settings;
        this.model = new Mat(HOGDescriptor.getDefaultPeopleDetector());
        hog.setSVMDetector(model);
    }

    public PersonSettings settings() {
        return settings;
    }

    /**
     * The people whose box lies in one of {@code regions} (normalised to the frame; each searched with the
     * settings' margin around it; overlapping ones searched once), strongest first. A region is searched for
     * people from {@link #SMALLEST_PERSON_OF_REGION} of its height up (and no smaller than the settings'
     * smallest person): someone in a moving region is about as tall as the region or taller (a region of legs
     * alone), and the small sizes are the expensive ones to search.
     */
    public List<Person> detect(LumaFrame frame, List<NormalizedBox> regions) {
        if (regions.isEmpty()) return List.of();
        double smallestPx = settings.minPersonHeightFraction() * frame.height();
        List<Person> people = new ArrayList<>();
        try (Mat luma = new Mat(frame.height(), frame.width(), CV_8UC1, frame.data(), frame.strideBytes())) {
            for (int[] r : searchAreas(regions, frame.width(), frame.height(), smallestPx)) {
                // scaled so that the smallest person looked for in the area fills the window's body height
                double scale = Math.min(MAX_UPSCALE, WINDOW_HEIGHT_PX * BODY_HEIGHT_OF_WINDOW / r[4]);
                search(luma, r, scale, frame.width(), frame.height(), people);
            }
        }
        return suppressOverlaps(people);
    }

    /**
     * Regions grown by the margin, in frame pixels as {x0, y0, x1, y1, smallest person height}. Overlapping ones
     * are merged into one where their bounding box is little more than the two together; regions that merely
     * touch stay apart, so that a chain of people across a square is not searched as one big rectangle.
     */
    private List<int[]> searchAreas(List<NormalizedBox> regions, int width, int height, double smallestPx) {
        List<int[]> areas = new ArrayList<>();
        double largestScale = Math.min(MAX_UPSCALE, WINDOW_HEIGHT_PX * BODY_HEIGHT_OF_WINDOW / smallestPx);
        for (NormalizedBox b : regions) {
            double boxPx = b.height() * height;
            double marginPx = Math.max(MIN_MARGIN_PX / largestScale, boxPx * settings.regionMarginPerHeight());
            areas.add(new int[] {
                    clamp((int) Math.floor(b.x() * width - marginPx), width),
                    clamp((int) Math.floor(b.y() * height - marginPx), height),
                    clamp((int) Math.ceil(b.right() * width + marginPx), width),
                    clamp((int) Math.ceil(b.bottom() * height + marginPx), height),
                    (int) Math.ceil(Math.max(smallestPx, SMALLEST_PERSON_OF_REGION * boxPx))});
        }
        boolean merged = true;
        while (merged) {
            merged = false;
            outer:
            for (int i = 0; i < areas.size(); i++) {
                for (int j = i + 1; j < areas.size(); j++) {
                    int[] a = areas.get(i), b = areas.get(j);
                    if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3] && worthMerging(a, b)) {
                        areas.set(i, new int[] {Math.min(a[0], b[0]), Math.min(a[1], b[1]),
                                Math.max(a[2], b[2]), Math.max(a[3], b[3]), Math.min(a[4], b[4])});
                        areas.remove(j);
                        merged = true;
                        break outer;
                    }
                }
            }
        }
        return areas;
    }

    private static boolean worthMerging(int[] a, int[] b) {
        long areaA = (long) (a[2] - a[0]) * (a[3] - a[1]), areaB = (long) (b[2] - b[0]) * (b[3] - b[1]);
        long overlap = (long) (Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * (Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        long bounding = (long) (Math.max(a[2], b[2]) - Math.min(a[0], b[0])) * (Math.max(a[3], b[3]) - Math.min(a[1], b[1]));
        return bounding <= MERGE_SLACK * (areaA + areaB - overlap);
    }

    /** Runs the detector over one area (reduced by {@code scale}) and adds the people found, in frame terms. */
    private void search(Mat luma, int[] area, double scale, int width, int height, List<Person> out) {
        int w = area[2] - area[0], h = area[3] - area[1];
        if (w < 1 || h < 1) return;
        try (Rect rect = new Rect(area[0], area[1], w, h); Mat crop = new Mat(luma, rect)) {
            Mat input = crop;
            if (scale != 1.0) {
                try (Size size = new Size(Math.max(1, (int) Math.round(w * scale)), Math.max(1, (int) Math.round(h * scale)))) {
                    resize(crop, scaled, size, 0, 0, INTER_LINEAR);
                }
                input = scaled;
            }
            // an area smaller than the window is padded: a person filling it is still found
            int padX = Math.max(0, WINDOW_WIDTH_PX - input.cols()), padY = Math.max(0, WINDOW_HEIGHT_PX - input.rows());
            if (padX > 0 || padY > 0) {
                copyMakeBorder(input, padded, padY / 2, padY - padY / 2, padX / 2, padX - padX / 2, BORDER_REPLICATE, black);
                input = padded;
            }
            hog.detectMultiScale(input, found, weights, settings.hitThreshold(), WINDOW_STRIDE, NO_PADDING,
                    settings.scaleStep(), GROUP_THRESHOLD, false);
            double inScale = w / (double) (input.cols() - padX);
            for (long i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                double cx = area[0] + (r.x() + r.width() / 2.0 - padX / 2) * inScale;
                double cy = area[1] + (r.y() + r.height() / 2.0 - padY / 2) * inScale;
                double bw = r.width() * BODY_WIDTH_OF_WINDOW * inScale, bh = r.height() * BODY_HEIGHT_OF_WINDOW * inScale;
                double x0 = Math.max(0, cx - bw / 2), y0 = Math.max(0, cy - bh / 2);
                double x1 = Math.min(width, cx + bw / 2), y1 = Math.min(height, cy + bh / 2);
                if (x1 <= x0 || y1 <= y0) continue;
                double score = i < weights.limit() ? weights.get(i) : 0;
                out.add(new Person(new NormalizedBox(x0 / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height), score));
            }
        }
    }

    /**
     * Keeps the strongest of detections that overlap as one person, and drops a detection lying inside a
     * clearly taller one: the detector also fires on the legs and torso of someone close to the camera.
     */
    private static List<Person> suppressOverlaps(List<Person> people) {
        people.sort(Comparator.comparingDouble(Person::score).reversed());
        List<Person> kept = new ArrayList<>();
        for (Person p : people) {
            boolean duplicate = false;
            for (Person q : people) {
                if (q.box().height() * PART_HEIGHT_RATIO > p.box().height()
                        && intersection(p.box(), q.box()) >= PART_INSIDE * p.box().area()) {
                    duplicate = true;
                    break;
                }
            }
            for (Person k : kept) {
                if (iou(p.box(), k.box()) > SAME_PERSON_IOU) {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate) kept.add(p);
        }
        return kept;
    }

    private static double iou(NormalizedBox a, NormalizedBox b) {
        double i = intersection(a, b);
        return i > 0 ? i / (a.area() + b.area() - i) : 0;
    }

    private static double intersection(NormalizedBox a, NormalizedBox b) {
        double w = Math.min(a.right(), b.right()) - Math.max(a.x(), b.x());
        double h = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y());
        return w > 0 && h > 0 ? w * h : 0;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    @Override
    public void close() {
        found.close();
        weights.close();
        padded.close();
        scaled.close();
        model.close();
        hog.close();
    }
}
