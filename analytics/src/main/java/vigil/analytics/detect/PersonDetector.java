package vigil.analytics.detect;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.HOGDescriptor;
import vigil.analytics.LumaFrame;
import vigil.analytics.LumaHeader;
import vigil.analytics.motion.BoxList;
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
    /**
     * OpenCV's windows are taken one by one, not grouped by OpenCV: its grouping chains windows that are each a little
     * apart into one cluster, so two people walking side by side, with windows between them, became one box between
     * the two. Instead the strongest window stands for a person, and a window overlapping a stronger one's person
     * this much (IoU of the boxes of the people in them) is the same person seen again, not another...
     */
    private static final double SAME_PERSON_IOU = 0.3;
    /**
     * ...if at least this many windows (itself among them) overlap its person this much: OpenCV's grouping asked for
     * more than one window agreeing too, so a lone window on a pattern in the background is not a person. The
     * person's box is the mean of theirs.
     */
    private static final int AGREEING_WINDOWS = 2;
    private static final double AGREEING_IOU = 0.5;
    /** A detection this much inside another (share of its area) and shorter by this ratio is a part of it. */
    private static final double PART_INSIDE = 0.7;
    private static final double PART_HEIGHT_RATIO = 0.8;
    private static final Size NO_PADDING = new Size(0, 0);
    /** Windows a search's scores are kept for without new memory (more grow it, once). */
    private static final int WEIGHTS_CAPACITY = 1024;
    /** OpenCV's grouping of windows: none (every window found, with its score). */
    private static final double NO_GROUPING = 0;

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
    /**
     * The found vector's first word, where a {@code std::vector} keeps the start of its elements, and a view of its
     * first element taken where they started then: read again only when the vector moves them (it grew), so that
     * reading what a search found makes no object.
     */
    private final LongPointer foundStart = new LongPointer(found);
    private Rect foundView;
    private long foundViewStart;
    private boolean foundStartKnown = true;
    /**
     * The found windows' scores. JavaCPP hands OpenCV's output vector back by copying it into this pointer's memory
     * when it fits (from position to limit), and otherwise into new memory with a deallocator object of its own: so
     * the limit is set back to the capacity before each search, and the capacity is ample.
     */
    private final DoublePointer weights = new DoublePointer(WEIGHTS_CAPACITY);
    private final Scalar black = new Scalar(0.0);
    // the work of one frame, kept across frames
    private final LumaHeader lumaHeader = new LumaHeader();
    private final Size scaledSize = new Size();
    private int areas;
    private int[] areaX0 = new int[16];
    private int[] areaY0 = new int[16];
    private int[] areaX1 = new int[16];
    private int[] areaY1 = new int[16];
    private double[] areaMin = new double[16];
    private double[] areaMax = new double[16];
    private boolean[] areaWeak = new boolean[16];
    /** OpenCV's windows of one frame, as the people in them, and their order by score and those kept. */
    private final Found candidates = new Found();
    private int[] byScore = new int[32];
    private int[] kept = new int[32];

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
            Searches.check(minPersonPx, maxPersonPx, marginPx);
        }

        /** A moving object (a motion blob's box) searched for the people it may be, at the sizes its box allows. */
        public static Search movingObject(NormalizedBox box, int frameHeightPx, PersonSettings s) {
            Searches one = new Searches();
            one.addMovingObject(box.x(), box.y(), box.width(), box.height(), frameHeightPx, s);
            return one.get(0);
        }

        /** A person followed, looked at again at their own size, near where they should be. */
        public static Search knownPerson(NormalizedBox person, int frameHeightPx, PersonSettings s) {
            Searches one = new Searches();
            one.addGroupWith(person.x(), person.y(), person.width(), person.height(), person.height(), frameHeightPx, s);
            return one.get(0);
        }
    }

    /**
     * Searches of one frame ({@link Search}es as numbers, in arrays kept across frames): what the per-frame path
     * fills instead of a record per search. Not thread-safe.
     */
    public static final class Searches {
        private final BoxList boxes = new BoxList();
        private double[] minPersonPx = new double[16];
        private double[] maxPersonPx = new double[16];
        private double[] marginPx = new double[16];
        private boolean[] weak = new boolean[16];

        public int size() {
            return boxes.size();
        }

        public void clear() {
            boxes.clear();
        }

        /** A box searched with {@code margin} around it for people {@code min} to {@code max} tall (frame pixels). */
        public void add(double x, double y, double w, double h, double min, double max, double margin) {
            check(min, max, margin);
            int i = boxes.size();
            if (i == minPersonPx.length) {
                minPersonPx = Arrays.copyOf(minPersonPx, 2 * i);
                maxPersonPx = Arrays.copyOf(maxPersonPx, 2 * i);
                marginPx = Arrays.copyOf(marginPx, 2 * i);
                weak = Arrays.copyOf(weak, 2 * i);
            }
            minPersonPx[i] = min;
            maxPersonPx[i] = max;
            marginPx[i] = margin;
            weak[i] = false;
            boxes.add(x, y, w, h);
        }

        /**
         * The search added last also wants the model's weak evidence ({@link #detect(LumaFrame, Searches, Found, Found)}):
         * windows down to {@link PersonSettings#weakEvidenceMargin()} below the model's threshold.
         */
        public void wantWeak() {
            if (boxes.size() > 0) weak[boxes.size() - 1] = true;
        }

        public void add(Search s) {
            add(s.box().x(), s.box().y(), s.box().width(), s.box().height(), s.minPersonPx(), s.maxPersonPx(), s.marginPx());
        }

        /** A moving object (a motion blob's box) searched for the people it may be, at the sizes its box allows. */
        public void addMovingObject(double x, double y, double w, double h, int frameHeightPx, PersonSettings s) {
            double heightPx = Math.max(1, h * frameHeightPx);
            add(x, y, w, h, s.smallestPersonOfBlob() * heightPx, s.largestPersonOfBlob() * heightPx,
                    s.regionMarginPerHeight() * heightPx);
        }

        /**
         * A region (a person followed, or a motion blob larger than them) searched for people of the person's height
         * ({@code personHeight}, a share of the frame's): people side by side are about the same size, so at the
         * person's own sizes (a search at the blob's would cost many times more).
         */
        public void addGroupWith(double x, double y, double w, double h, double personHeight, int frameHeightPx, PersonSettings s) {
            double heightPx = Math.max(1, personHeight * frameHeightPx);
            add(x, y, w, h, heightPx / s.knownPersonSizeRatio(), heightPx * s.knownPersonSizeRatio(),
                    s.knownPersonMarginPerHeight() * heightPx);
        }

        /** A region searched for people of the sizes the scene predicts for it ({@link PersonHeights}), in frame pixels. */
        public void addPredictedPerson(double x, double y, double w, double h, double minPx, double maxPx, double margin) {
            add(x, y, w, h, Math.max(1, minPx), Math.max(1, Math.max(minPx, maxPx)), margin);
        }

        Search get(int i) {
            return new Search(boxes.get(i), minPersonPx[i], maxPersonPx[i], marginPx[i]);
        }

        static void check(double min, double max, double margin) {
            if (!(min > 0 && max >= min && margin >= 0)) {
                throw new IllegalArgumentException("person sizes " + min + ".." + max + " px, margin " + margin);
            }
        }
    }

    /** The people one {@link #detect(LumaFrame, Searches, Found)} found, strongest first, in arrays kept across frames. */
    public static final class Found {
        private final BoxList boxes = new BoxList();
        private double[] scores = new double[16];

        public int size() {
            return boxes.size();
        }

        /** Where each is. */
        public BoxList boxes() {
            return boxes;
        }

        public double score(int i) {
            return scores[i];
        }

        private void clear() {
            boxes.clear();
        }

        private void add(double x, double y, double w, double h, double score) {
            int i = boxes.size();
            if (i == scores.length) scores = Arrays.copyOf(scores, 2 * i);
            scores[i] = score;
            boxes.add(x, y, w, h);
        }
    }

    /**
     * The people found by {@code searches} (overlapping ones of alike sizes searched once), strongest first. No
     * person smaller than the settings' smallest person (a share of the frame's height) is looked for.
     */
    public List<Person> detect(LumaFrame frame, List<Search> searches) {
        if (searches.isEmpty()) return List.of();
        Searches all = new Searches();
        searches.forEach(all::add);
        Found found = new Found();
        detect(frame, all, found);
        List<Person> people = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) people.add(new Person(found.boxes().get(i), found.score(i)));
        return people;
    }

    /**
     * As {@link #detect(LumaFrame, List)}, into {@code people} (emptied first), from searches and into results kept
     * by the caller across frames.
     */
    public void detect(LumaFrame frame, Searches searches, Found people) {
        detect(frame, searches, people, null);
    }

    /**
     * As {@link #detect(LumaFrame, Searches, Found)}; {@code weak}, if given (emptied first), also gets the people the
     * model sees weakly: in the areas of searches that asked for it ({@link Searches#wantWeak()}), windows scoring
     * down to {@link PersonSettings#weakEvidenceMargin()} below its threshold count too, and {@code weak} is what the
     * same rules make of all the windows (the people of {@code people} among them). {@code people} is as without it.
     */
    public void detect(LumaFrame frame, Searches searches, Found people, Found weak) {
        people.clear();
        if (weak != null) weak.clear();
        candidates.clear();
        if (searches.size() == 0) return;
        double smallestPx = Math.max(1, settings.minPersonHeightFraction() * frame.height());
        Mat luma = lumaHeader.over(frame);
        searchAreas(searches, frame.width(), frame.height(), smallestPx);
        for (int a = 0; a < areas; a++) {
            // scaled so that the smallest person looked for in the area fills the window's body height
            double scale = Math.min(MAX_UPSCALE, windowHeightPx * BODY_HEIGHT_OF_WINDOW / areaMin[a]);
            int levels = 1 + (int) Math.floor(Math.log(areaMax[a] / areaMin[a]) / Math.log(settings.scaleStep()) + 1e-9);
            double threshold = settings.hitThreshold() - (weak != null && areaWeak[a] ? settings.weakEvidenceMargin() : 0);
            search(luma, a, scale, levels, frame.width(), frame.height(), threshold);
        }
        suppressOverlaps(people, settings.hitThreshold());
        if (weak != null) suppressOverlaps(weak, Double.NEGATIVE_INFINITY);
    }

    /**
     * Searches grown by their margins, in frame pixels, into the areas ({@link #areas} of them). Overlapping ones
     * whose sizes overlap are merged into one where their bounding box is little more than the two together; areas
     * that merely touch stay apart, so that a chain of people across a square is not searched as one big rectangle.
     */
    private void searchAreas(Searches searches, int width, int height, double smallestPx) {
        areas = 0;
        BoxList b = searches.boxes;
        for (int i = 0; i < searches.size(); i++) {
            double min = Math.max(smallestPx, searches.minPersonPx[i]), max = Math.max(min, searches.maxPersonPx[i]);
            double scale = Math.min(MAX_UPSCALE, windowHeightPx * BODY_HEIGHT_OF_WINDOW / min);
            double marginPx = Math.max(MIN_MARGIN_CELLS * settings.modelCellPx() / scale, searches.marginPx[i]);
            int x0 = clamp((int) Math.floor(b.x(i) * width - marginPx), width);
            int y0 = clamp((int) Math.floor(b.y(i) * height - marginPx), height);
            int x1 = clamp((int) Math.ceil(b.right(i) * width + marginPx), width);
            int y1 = clamp((int) Math.ceil(b.bottom(i) * height + marginPx), height);
            if (x1 > x0 && y1 > y0) setArea(areas++, x0, y0, x1, y1, min, max, searches.weak[i]);
        }
        boolean merged = true;
        while (merged) {
            merged = false;
            outer:
            for (int i = 0; i < areas; i++) {
                for (int j = i + 1; j < areas; j++) {
                    if (areaX0[i] < areaX1[j] && areaX0[j] < areaX1[i] && areaY0[i] < areaY1[j] && areaY0[j] < areaY1[i]
                            && worthMerging(i, j)) {
                        setArea(i, Math.min(areaX0[i], areaX0[j]), Math.min(areaY0[i], areaY0[j]), Math.max(areaX1[i], areaX1[j]),
                                Math.max(areaY1[i], areaY1[j]), Math.min(areaMin[i], areaMin[j]), Math.max(areaMax[i], areaMax[j]),
                                areaWeak[i] || areaWeak[j]);
                        for (int k = j + 1; k < areas; k++) {
                            setArea(k - 1, areaX0[k], areaY0[k], areaX1[k], areaY1[k], areaMin[k], areaMax[k], areaWeak[k]);
                        }
                        areas--;
                        merged = true;
                        break outer;
                    }
                }
            }
        }
    }

    private void setArea(int i, int x0, int y0, int x1, int y1, double min, double max, boolean weak) {
        if (i == areaX0.length) {
            int n = 2 * i;
            areaX0 = Arrays.copyOf(areaX0, n);
            areaY0 = Arrays.copyOf(areaY0, n);
            areaX1 = Arrays.copyOf(areaX1, n);
            areaY1 = Arrays.copyOf(areaY1, n);
            areaMin = Arrays.copyOf(areaMin, n);
            areaMax = Arrays.copyOf(areaMax, n);
            areaWeak = Arrays.copyOf(areaWeak, n);
        }
        areaX0[i] = x0;
        areaY0[i] = y0;
        areaX1[i] = x1;
        areaY1[i] = y1;
        areaMin[i] = min;
        areaMax[i] = max;
        areaWeak[i] = weak;
    }

    private long areaPixels(int i) {
        return (long) (areaX1[i] - areaX0[i]) * (areaY1[i] - areaY0[i]);
    }

    /** Two areas are searched as one if that costs little more than both: they overlap, and so do their sizes. */
    private boolean worthMerging(int a, int b) {
        if (areaMin[a] > MERGE_SLACK * areaMax[b] || areaMin[b] > MERGE_SLACK * areaMax[a]) return false;
        long overlap = (long) (Math.min(areaX1[a], areaX1[b]) - Math.max(areaX0[a], areaX0[b]))
                * (Math.min(areaY1[a], areaY1[b]) - Math.max(areaY0[a], areaY0[b]));
        long bounding = (long) (Math.max(areaX1[a], areaX1[b]) - Math.min(areaX0[a], areaX0[b]))
                * (Math.max(areaY1[a], areaY1[b]) - Math.min(areaY0[a], areaY0[b]));
        return bounding <= MERGE_SLACK * (areaPixels(a) + areaPixels(b) - overlap);
    }

    /**
     * Runs the detector over area {@code a} (reduced by {@code scale}) at {@code levels} sizes and adds the people
     * found, in frame terms, to the candidates.
     */
    private void search(Mat luma, int a, double scale, int levels, int width, int height, double threshold) {
        int w = areaX1[a] - areaX0[a], h = areaY1[a] - areaY0[a];
        // the frame's header narrowed to the area and widened back after (a header per area would be an object each)
        int above = areaY0[a], below = height - areaY1[a], left = areaX0[a], right = width - areaX1[a];
        Mat crop = luma.adjustROI(-above, -below, -left, -right);
        try {
            Mat input = crop;
            if (scale != 1.0) {
                scaledSize.width(Math.max(1, (int) Math.round(w * scale))).height(Math.max(1, (int) Math.round(h * scale)));
                resize(crop, scaled, scaledSize, 0, 0, INTER_LINEAR);
                input = scaled;
            }
            // an area smaller than the window is padded: a person filling it is still found
            int padX = Math.max(0, windowWidthPx - input.cols()), padY = Math.max(0, windowHeightPx - input.rows());
            if (padX > 0 || padY > 0) {
                copyMakeBorder(input, padded, padY / 2, padY - padY / 2, padX / 2, padX - padX / 2, BORDER_REPLICATE, black);
                input = padded;
            }
            hog.nlevels(levels);
            weights.position(0).limit(weights.capacity());
            hog.detectMultiScale(input, found, weights, threshold, windowStride, NO_PADDING,
                    settings.scaleStep(), NO_GROUPING, false);
            double inScale = w / (double) (input.cols() - padX);
            long count = found.size();
            if (count == 0) return;
            // one view of the found rectangles, moved along them (a view per rectangle would be an object each)
            Rect window = foundView();
            for (int i = 0; i < count; i++) {
                window.position(i);
                int rx = window.x(), ry = window.y(), rw = window.width(), rh = window.height();
                double cx = areaX0[a] + (rx + rw / 2.0 - padX / 2) * inScale;
                double cy = areaY0[a] + (ry + rh / 2.0 - padY / 2) * inScale;
                double bw = rw * BODY_WIDTH_OF_WINDOW * inScale, bh = rh * BODY_HEIGHT_OF_WINDOW * inScale;
                double x0 = Math.max(0, cx - bw / 2), y0 = Math.max(0, cy - bh / 2);
                double x1 = Math.min(width, cx + bw / 2), y1 = Math.min(height, cy + bh / 2);
                if (x1 <= x0 || y1 <= y0) continue;
                double score = i < weights.limit() ? weights.get(i) : 0;
                addCandidate(x0 / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height, score);
            }
        } finally {
            luma.adjustROI(above, below, left, right);
        }
    }

    /**
     * A view of the found vector's first element: the one kept, unless the vector moved its elements since (or its
     * first word turns out not to say where they start: then a new view each time).
     */
    private Rect foundView() {
        long start = foundStart.get(0);
        if (foundView == null || !foundStartKnown || start != foundViewStart) {
            foundView = found.get(0);
            foundViewStart = start;
            foundStartKnown = foundView.address() == start;
        }
        return foundView;
    }

    private void addCandidate(double x, double y, double w, double h, double score) {
        int i = candidates.size();
        if (i == byScore.length) {
            byScore = Arrays.copyOf(byScore, 2 * i);
            kept = Arrays.copyOf(kept, 2 * i);
        }
        byScore[i] = i;
        candidates.add(x, y, w, h, score);
    }

    /**
     * The people in the windows found: the strongest window stands for a person, the windows on the same person
     * ({@link #SAME_PERSON_IOU}) are dropped, and so is a window lying inside a clearly taller one (the detector also
     * fires on the legs and torso of someone close to the camera) or one too few others agree with. Windows scoring
     * below {@code minScore} take no part.
     */
    private void suppressOverlaps(Found people, double minScore) {
        int n = candidates.size();
        BoxList b = candidates.boxes();
        // strongest first; of equal scores, the one found first (a stable sort)
        for (int i = 1; i < n; i++) {
            int c = byScore[i], at = i;
            while (at > 0 && candidates.score(c) > candidates.score(byScore[at - 1])) {
                byScore[at] = byScore[at - 1];
                at--;
            }
            byScore[at] = c;
        }
        // windows scoring below minScore take no part: they come last, so the count of those that do is n
        while (n > 0 && candidates.score(byScore[n - 1]) < minScore) n--;
        int keptCount = 0;
        for (int i = 0; i < n; i++) {
            int p = byScore[i];
            if (samePersonAsKept(p, keptCount) || partOfTaller(p, n)) continue;
            int agreeing = 0;
            double x = 0, y = 0, w = 0, h = 0;
            for (int j = 0; j < n; j++) {
                // in the order of their scores: the mean does not depend on the order OpenCV's threads found them in
                int q = byScore[j];
                if (q != p && b.iou(p, b, q) < AGREEING_IOU) continue;
                agreeing++;
                x += b.x(q);
                y += b.y(q);
                w += b.width(q);
                h += b.height(q);
            }
            if (agreeing < AGREEING_WINDOWS) continue;
            kept[keptCount++] = p;
            people.add(x / agreeing, y / agreeing, w / agreeing, h / agreeing, candidates.score(p));
        }
    }

    private boolean samePersonAsKept(int p, int keptCount) {
        BoxList b = candidates.boxes();
        for (int k = 0; k < keptCount; k++) if (b.iou(p, b, kept[k]) > SAME_PERSON_IOU) return true;
        return false;
    }

    private boolean partOfTaller(int p, int n) {
        BoxList b = candidates.boxes();
        for (int j = 0; j < n; j++) {
            int q = byScore[j];
            if (b.height(q) * PART_HEIGHT_RATIO > b.height(p) && b.intersection(p, b, q) >= PART_INSIDE * b.area(p)) return true;
        }
        return false;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    @Override
    public void close() {
        found.close();
        weights.close();
        lumaHeader.close();
        scaledSize.close();
        padded.close();
        scaled.close();
        model.close();
        hog.close();
        windowStride.close();
    }
}
