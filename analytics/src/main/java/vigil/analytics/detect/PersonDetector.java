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
 * are people, one box each, where a group walking together is one motion blob. Only the given areas are searched,
 * each for people of the sizes it names, so the cost follows the moving area and the sizes looked for, not the
 * frame size. The model's window may be looked at in cells smaller than the 8 px it was trained with
 * ({@link PersonSettings#modelCellPx()}): the same features of a person, from fewer pixels. People are detected as
 * anonymous shapes; nothing about who they are is looked at.
 *
 * <p>Owns its HOG descriptor and working buffers; {@link #close()} releases them. Not thread-safe: one per
 * camera.
 */
public final class PersonDetector implements AutoCloseable {

    /** The model's window and block, in cells (8 px each as it was trained: 64x128 and 16x16). */
    private static final int WINDOW_WIDTH_CELLS = 8;
    private static final int WINDOW_HEIGHT_CELLS = 16;
    private static final int BLOCK_CELLS = 2;
    private static final int ORIENTATION_BINS = 9;
    /** The model's window holds a person with a margin; the body is about this share of it, centred. */
    private static final double BODY_WIDTH_OF_WINDOW = 0.5;
    private static final double BODY_HEIGHT_OF_WINDOW = 0.8;
    /** Smallest margin around a region, in cells: a window needs a few cells of context. */
    private static final int MIN_MARGIN_CELLS = 2;
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
    private static final Size NO_PADDING = new Size(0, 0);
    /**
     * Neighbouring windows (more than this many) that must agree before OpenCV reports a person. Each area is
     * searched at a narrow band of sizes, so a person gets fewer agreeing windows than in a search of every size.
     */
    private static final double GROUP_THRESHOLD = 1.0;

    /** A person's box and the detector's confidence (SVM margin) in it. */
    public record Person(NormalizedBox box, double score) {
    }

    private final PersonSettings settings;
    private final int windowWidthPx;
    private final int windowHeightPx;
    private final HOGDescriptor hog;
    private final Size windowStride;
    private final Mat model;
    private final Mat scaled = new Mat();
    private final Mat padded = new Mat();
    private final RectVector found = new RectVector();
    private final DoublePointer weights = new DoublePointer();
    private final Scalar black = new Scalar(0.0);

    public PersonDetector(PersonSettings settings) {
        this.settings = settings;
        int cell = settings.modelCellPx();
        this.windowWidthPx = WINDOW_WIDTH_CELLS * cell;
        this.windowHeightPx = WINDOW_HEIGHT_CELLS * cell;
        this.windowStride = new Size(cell, cell);
        // the default model's descriptor at the settings' cell size: the same 3 780 features, as many cells and blocks
        try (Size window = new Size(windowWidthPx, windowHeightPx); Size block = new Size(BLOCK_CELLS * cell, BLOCK_CELLS * cell)) {
            this.hog = new HOGDescriptor(window, block, windowStride, windowStride, ORIENTATION_BINS);
        }
        hog.gammaCorrection(true);   // as the model was trained (this constructor turns it off)
        this.model = new Mat(HOGDescriptor.getDefaultPeopleDetector());
        hog.setSVMDetector(model);
    }

    public PersonSettings settings() {
        return settings;
    }

    /**
     * Where to look for a person and at what size: a box (normalised to the frame) searched with {@code marginPx}
     * around it, for people from {@code minPersonPx} to {@code maxPersonPx} tall (frame pixels). A narrow band
     * costs little: the sizes tried are the detector's pyramid levels, and the smallest is the costliest.
     */
    public record Search(NormalizedBox box, double minPersonPx, double maxPersonPx, double marginPx) {

        public Search {
            if (!(minPersonPx > 0 && maxPersonPx >= minPersonPx && marginPx >= 0)) {
                throw new IllegalArgumentException("person sizes " + minPersonPx + ".." + maxPersonPx + " px, margin " + marginPx);
            }
        }

        /** A moving object (a motion blob's box) searched for the people it may be, at the sizes its box allows. */
        public static Search movingObject(NormalizedBox box, int frameHeightPx, PersonSettings s) {
            double heightPx = Math.max(1, box.height() * frameHeightPx);
            return new Search(box, s.smallestPersonOfBlob() * heightPx, s.largestPersonOfBlob() * heightPx,
                    s.regionMarginPerHeight() * heightPx);
        }

        /**
         * A motion blob larger than the person followed in it, searched for others walking with them: people side by
         * side are about the same size, so at the person's own sizes (a search at the blob's would cost many times more).
         */
        public static Search groupWith(NormalizedBox blob, NormalizedBox person, int frameHeightPx, PersonSettings s) {
            double heightPx = Math.max(1, person.height() * frameHeightPx);
            return new Search(blob, heightPx / s.knownPersonSizeRatio(), heightPx * s.knownPersonSizeRatio(),
                    s.knownPersonMarginPerHeight() * heightPx);
        }

        /** A region searched for people of the sizes the scene predicts for it ({@link PersonHeights}), in frame pixels. */
        public static Search predictedPerson(NormalizedBox region, double minPersonPx, double maxPersonPx, double marginPx) {
            return new Search(region, Math.max(1, minPersonPx), Math.max(1, Math.max(minPersonPx, maxPersonPx)), marginPx);
        }

        /** A person followed, looked at again at their own size, near where they should be. */
        public static Search knownPerson(NormalizedBox person, int frameHeightPx, PersonSettings s) {
            return groupWith(person, person, frameHeightPx, s);
        }
    }

    /**
     * The people found by {@code searches} (overlapping ones of alike sizes searched once), strongest first. No
     * person smaller than the settings' smallest person (a share of the frame's height) is looked for.
     */
    public List<Person> detect(LumaFrame frame, List<Search> searches) {
        if (searches.isEmpty()) return List.of();
        double smallestPx = Math.max(1, settings.minPersonHeightFraction() * frame.height());
        List<Person> people = new ArrayList<>();
        try (Mat luma = new Mat(frame.height(), frame.width(), CV_8UC1, frame.data(), frame.strideBytes())) {
            for (Area a : searchAreas(searches, frame.width(), frame.height(), smallestPx)) {
                // scaled so that the smallest person looked for in the area fills the window's body height
                double scale = Math.min(MAX_UPSCALE, windowHeightPx * BODY_HEIGHT_OF_WINDOW / a.minPersonPx);
                int levels = 1 + (int) Math.floor(Math.log(a.maxPersonPx / a.minPersonPx) / Math.log(settings.scaleStep()) + 1e-9);
                search(luma, a, scale, levels, frame.width(), frame.height(), people);
            }
        }
        return suppressOverlaps(people);
    }

    /** An area of the frame to search, in frame pixels, and the person sizes looked for in it. */
    private record Area(int x0, int y0, int x1, int y1, double minPersonPx, double maxPersonPx) {

        long pixels() {
            return (long) (x1 - x0) * (y1 - y0);
        }
    }

    /**
     * Searches grown by their margins, in frame pixels. Overlapping ones whose sizes overlap are merged into one
     * where their bounding box is little more than the two together; areas that merely touch stay apart, so that
     * a chain of people across a square is not searched as one big rectangle.
     */
    private List<Area> searchAreas(List<Search> searches, int width, int height, double smallestPx) {
        List<Area> areas = new ArrayList<>();
        for (Search s : searches) {
            NormalizedBox b = s.box();
            double min = Math.max(smallestPx, s.minPersonPx()), max = Math.max(min, s.maxPersonPx());
            double scale = Math.min(MAX_UPSCALE, windowHeightPx * BODY_HEIGHT_OF_WINDOW / min);
            double marginPx = Math.max(MIN_MARGIN_CELLS * settings.modelCellPx() / scale, s.marginPx());
            Area a = new Area(clamp((int) Math.floor(b.x() * width - marginPx), width),
                    clamp((int) Math.floor(b.y() * height - marginPx), height),
                    clamp((int) Math.ceil(b.right() * width + marginPx), width),
                    clamp((int) Math.ceil(b.bottom() * height + marginPx), height), min, max);
            if (a.x1 > a.x0 && a.y1 > a.y0) areas.add(a);
        }
        boolean merged = true;
        while (merged) {
            merged = false;
            outer:
            for (int i = 0; i < areas.size(); i++) {
                for (int j = i + 1; j < areas.size(); j++) {
                    Area a = areas.get(i), b = areas.get(j);
                    if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 && worthMerging(a, b)) {
                        areas.set(i, new Area(Math.min(a.x0, b.x0), Math.min(a.y0, b.y0), Math.max(a.x1, b.x1),
                                Math.max(a.y1, b.y1), Math.min(a.minPersonPx, b.minPersonPx), Math.max(a.maxPersonPx, b.maxPersonPx)));
                        areas.remove(j);
                        merged = true;
                        break outer;
                    }
                }
            }
        }
        return areas;
    }

    /** Two areas are searched as one if that costs little more than both: they overlap, and so do their sizes. */
    private static boolean worthMerging(Area a, Area b) {
        if (a.minPersonPx > MERGE_SLACK * b.maxPersonPx || b.minPersonPx > MERGE_SLACK * a.maxPersonPx) return false;
        long overlap = (long) (Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * (Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
        long bounding = (long) (Math.max(a.x1, b.x1) - Math.min(a.x0, b.x0)) * (Math.max(a.y1, b.y1) - Math.min(a.y0, b.y0));
        return bounding <= MERGE_SLACK * (a.pixels() + b.pixels() - overlap);
    }

    /**
     * Runs the detector over one area (reduced by {@code scale}) at {@code levels} sizes and adds the people found,
     * in frame terms.
     */
    private void search(Mat luma, Area area, double scale, int levels, int width, int height, List<Person> out) {
        int w = area.x1 - area.x0, h = area.y1 - area.y0;
        try (Rect rect = new Rect(area.x0, area.y0, w, h); Mat crop = new Mat(luma, rect)) {
            Mat input = crop;
            if (scale != 1.0) {
                try (Size size = new Size(Math.max(1, (int) Math.round(w * scale)), Math.max(1, (int) Math.round(h * scale)))) {
                    resize(crop, scaled, size, 0, 0, INTER_LINEAR);
                }
                input = scaled;
            }
            // an area smaller than the window is padded: a person filling it is still found
            int padX = Math.max(0, windowWidthPx - input.cols()), padY = Math.max(0, windowHeightPx - input.rows());
            if (padX > 0 || padY > 0) {
                copyMakeBorder(input, padded, padY / 2, padY - padY / 2, padX / 2, padX - padX / 2, BORDER_REPLICATE, black);
                input = padded;
            }
            hog.nlevels(levels);
            hog.detectMultiScale(input, found, weights, settings.hitThreshold(), windowStride, NO_PADDING,
                    settings.scaleStep(), GROUP_THRESHOLD, false);
            double inScale = w / (double) (input.cols() - padX);
            for (long i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                double cx = area.x0 + (r.x() + r.width() / 2.0 - padX / 2) * inScale;
                double cy = area.y0 + (r.y() + r.height() / 2.0 - padY / 2) * inScale;
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
        windowStride.close();
    }
}
