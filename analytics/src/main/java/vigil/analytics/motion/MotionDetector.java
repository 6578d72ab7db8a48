package vigil.analytics.motion;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.accumulateWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.dilate;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import vigil.analytics.LumaFrame;
import vigil.analytics.LumaHeader;

/**
 * Finds moving regions in a stream of luma frames of one camera, in the spirit of Frigate's improved motion
 * detector: downscale, blur, difference against a running-average background, threshold, dilate, connected
 * components into boxes. A change over most of the frame (lights switched, camera gain) is taken as global:
 * the background is relearned and no motion is reported while it settles. A still blob outlined in the background
 * rather than in the frame is a ghost (someone who stood while the background was learned, then left): it is not
 * reported, and the background takes the frame there.
 *
 * <p>Owns its OpenCV buffers, allocated once per input size and reused for every frame; {@link #close()}
 * releases them. Not thread-safe: one detector per camera, fed in frame order.
 */
public final class MotionDetector implements AutoCloseable {

    /** Background learning rate under moving pixels, relative to the still background's. */
    private static final double MOVING_ALPHA_FACTOR = 0.1;
    /** A column of a blob with at most this share of its neighbours' peak pixels separates two objects. */
    private static final double VALLEY_RATIO = 0.15;
    /** Narrowest part a blob is split into, in units of the blob's height (a person is about 0.4 wide). */
    private static final double MIN_PART_WIDTH_PER_HEIGHT = 0.2;
    /** Background learning rate of the whole view right after a relearn. */
    private static final double RELEARN_ALPHA = 0.08;
    /**
     * The frame interval the background's learning rates are given for (25 fps): a frame further apart learns as
     * much as the frames it stands for, so that a 7 fps camera (or keyframes alone) learns its background as fast in
     * time as a 25 fps one. Per frame, a 7 fps camera's background faded a ghost 3.6 times slower: a track stuck on
     * what a passer-by left at PETS 2009's pole for 51 s.
     */
    private static final double RATE_FRAME_MS = 40;
    /** A frame after a longer gap than this many rate frames (a reconnect, a keyframe every few seconds) counts as this many. */
    private static final double MAX_RATE_FRAMES = 25;
    /**
     * A mean change of the still view's luma from its background of at least this much (grey levels) is the light
     * or the camera's gain changing, and is applied to all of the background at once (see {@link #followLight()}).
     */
    private static final double MIN_LIGHT_DRIFT = 3;
    /** ...when at least this share of the view is still, so that its mean says something. */
    private static final double MIN_STILL_FRACTION = 0.2;

    /**
     * A still blob is a ghost when, along its outline, the edges the frame has and the background lacks add up to at
     * most this share of those the background has and the frame lacks: what the background wrongly holds (someone who
     * stood there while it was learned, or long enough to fade into it, then left), not something in view. A real
     * object's outline is its edge against the ground in the frame; a ghost's is that edge in the background, the frame
     * there plain ground. Edges both have (a sign post the outline runs along) count for neither.
     */
    private static final double GHOST_EDGE_RATIO = 0.2;
    /** ...and those the background alone has are at least this sharp (grey levels of gradient per outline pixel). */
    private static final double GHOST_MIN_EDGE = 5;
    /**
     * A blob is still when at most this share of its changed pixels changed by more than half the threshold since a
     * frame at least {@link #STILL_SPAN_MS} before (between frames 40 ms apart, even a walker's coat hardly changes).
     */
    private static final double GHOST_MAX_MOVING = 0.05;
    private static final long STILL_SPAN_MS = 300;

    private final MotionSettings settings;

    private final Mat small = new Mat();
    private final Mat blurred = new Mat();
    private final Mat blurredFloat = new Mat();
    private final Mat background = new Mat();
    private final Mat backgroundByte = new Mat();
    private final Mat difference = new Mat();
    private final Mat mask = new Mat();
    private final Mat stillMask = new Mat();
    private final Mat changedMask = new Mat();
    private final Mat keepMask = new Mat();
    /** The pixels of the blobs found to be ghosts in a frame (see {@link #GHOST_EDGE_RATIO}). */
    private final Mat ghostMask = new Mat();
    private List<List<double[]>> ignoreAreas = List.of();
    private final BlobFinder blobs = new BlobFinder();
    /**
     * The changed pixels of the frame at analysis size, as changed and as dilated into blobs; a column profile of
     * one blob and the ends of its parts: kept across frames.
     */
    private byte[] changedPixels = new byte[0];
    private byte[] joinedPixels = new byte[0];
    /**
     * The blurred frame and the background (as bytes); two earlier frames kept at least {@link #STILL_SPAN_MS} apart,
     * the older one at least that long ago (what a blob is still against).
     */
    private byte[] framePixels = new byte[0];
    private byte[] olderPixels = new byte[0];
    private byte[] newerPixels = new byte[0];
    private byte[] backgroundPixels = new byte[0];
    private byte[] ghostPixels = new byte[0];
    /** {@link #olderPixels} holds a frame of this run of motion detection; {@link #newerPixels} one taken at {@link #newerMs}. */
    private boolean olderKnown;
    private boolean newerKnown;
    private long newerMs;
    private int[] columnCounts = new int[0];
    private int[] partEnds = new int[0];
    /** The boxes of this frame as found, before they are put largest first into the result. */
    private int found;
    private double[] foundX = new double[32];
    private double[] foundY = new double[32];
    private double[] foundW = new double[32];
    private double[] foundH = new double[32];
    private double[] foundChanged = new double[32];
    private int[] order = new int[32];
    private final MotionResult result = new MotionResult();
    private final Mat noKernel = new Mat();
    /** Masked means are written here (1x1 doubles over memory of this detector's own, read without objects). */
    private final DoublePointer meanValue = new DoublePointer(1);
    private final DoublePointer spreadValue = new DoublePointer(1);
    private final Mat meanOut = new Mat(1, 1, CV_64F, meanValue);
    private final Mat spreadOut = new Mat(1, 1, CV_64F, spreadValue);
    private final Mat everywhere = new Mat();
    /** The still pixels outside the ignored areas (a screen or a timestamp there says nothing of the light). */
    private final Mat stillKept = new Mat();
    private final Point anchor = new Point(-1, -1);
    private final Scalar borderValue = new Scalar(0.0);
    private final LumaHeader luma = new LumaHeader();
    /** The data of {@link #mask} and {@link #changedMask}, taken once per analysis size (each call makes a pointer). */
    private BytePointer maskData;
    private BytePointer changedMaskData;
    private BytePointer blurredData;
    private BytePointer backgroundByteData;
    private BytePointer ghostMaskData;
    private Size analysisSize;
    private Size blurSize;
    private int inputWidth = -1;
    private int inputHeight = -1;
    private int calibrationFramesLeft;
    private int relearnFramesLeft;
    /** When the last frame was taken ({@link Long#MIN_VALUE} before the first). */
    private long lastFrameMs = Long.MIN_VALUE;

    public MotionDetector(MotionSettings settings) {
        this.settings = settings;
        this.calibrationFramesLeft = settings.calibrationFrames();
        this.blurSize = new Size(settings.blurKernelPx(), settings.blurKernelPx());
    }

    public MotionSettings settings() {
        return settings;
    }

    /**
     * Analyses one frame. Frames of a new size restart calibration. The result is this detector's own, filled
     * again by the next call.
     */
    public MotionResult detect(LumaFrame frame) {
        double rateFrames = rateFramesSince(frame.captureTimeMs());
        prepare(frame, blurred);
        blurred.convertTo(blurredFloat, CV_32F);

        if (background.empty()) {
            blurredFloat.copyTo(background);
            result.start(frame.captureTimeMs(), 0, true);
            return result;
        }

        int pixels = analysisSize.width() * analysisSize.height();
        double changedFraction = differenceMask();

        if (changedFraction > settings.recalibrateChangedFraction() && calibrationFramesLeft == 0) {
            // A global change. Lights and gain mostly shift the whole view: try shifting the background by the
            // mean change first, which keeps every object detectable; relearn only if that does not explain it.
            // (measured outside the ignored areas: a screen or a timestamp there says nothing of the light)
            Mat measured = ignoreAreas.isEmpty() ? everywhere : keepMask;
            double shift = meanOf(blurred, measured) - meanOf(backgroundByte, measured);
            background.convertTo(background, -1, 1, shift);
            changedFraction = differenceMask();
            if (changedFraction > settings.recalibrateChangedFraction()) {
                blurredFloat.copyTo(background);
                forgetStillReference();
                calibrationFramesLeft = settings.calibrationFrames();
                relearnFramesLeft = settings.relearnFrames();
                result.start(frame.captureTimeMs(), changedFraction, true);
                return result;
            }
        }
        if (calibrationFramesLeft > 0) {
            calibrationFramesLeft--;
            forgetStillReference();
            accumulateWeighted(blurredFloat, background, 0.5);
            result.start(frame.captureTimeMs(), changedFraction, true);
            return result;
        }
        changedMasks();
        double afterLight = followLight();
        if (!Double.isNaN(afterLight)) {
            changedFraction = afterLight;
            changedMasks();
        }
        // Learn the background where nothing moves; under moving objects only slowly, so that passing objects
        // leave no ghost behind while an object that stops for good still fades into the background.
        if (relearnFramesLeft > 0) {
            relearnFramesLeft--;
            accumulateWeighted(blurredFloat, background, RELEARN_ALPHA);
        } else {
            accumulateWeighted(blurredFloat, background, alphaOver(settings.backgroundAlphaPerFrame(), rateFrames), stillMask);
            accumulateWeighted(blurredFloat, background, alphaOver(settings.backgroundAlphaPerFrame() * MOVING_ALPHA_FACTOR, rateFrames), mask);
        }
        result.start(frame.captureTimeMs(), changedFraction, false);
        boxesOf(pixels);
        return result;
    }

    /**
     * From {@link #differenceMask()}'s mask: the changed pixels as found ({@code changedMask}, to fit boxes to), the
     * mask dilated, and the still pixels ({@code stillMask}).
     */
    private void changedMasks() {
        mask.copyTo(changedMask);
        if (settings.dilateIterations() > 0) {
            dilate(mask, mask, noKernel, anchor, settings.dilateIterations(), 0, borderValue);
        }
        bitwise_not(mask, stillMask);
    }

    /**
     * Follows a change of light too small to count as global (the whole view a few grey levels brighter or darker:
     * a cloud, the camera's gain). The still background learns it over a second or two, but the background under
     * moving objects learns slowly (so that they leave no ghost), and would be left behind: when they walked on, the
     * ground they had covered would differ from it by the change, and show as ghosts following them. So the still
     * view's mean change is applied to all of the background at once, and the difference found again. Ignored areas
     * (a screen, a timestamp, trees) are left out of that mean.
     *
     * @return the changed fraction of the view against the background moved ({@code mask} found again), or NaN if it
     *         did not move
     */
    private double followLight() {
        int pixels = analysisSize.width() * analysisSize.height();
        Mat still = stillMask;
        if (!ignoreAreas.isEmpty()) {
            bitwise_and(stillMask, keepMask, stillKept);
            still = stillKept;
        }
        if (countNonZero(still) < MIN_STILL_FRACTION * pixels) return Double.NaN;
        double drift = meanOf(blurred, still) - meanOf(backgroundByte, still);
        if (Math.abs(drift) < MIN_LIGHT_DRIFT) return Double.NaN;
        background.convertTo(background, -1, 1, drift);
        return differenceMask();
    }

    /** The mean of {@code image} where {@code where} is set (everywhere if empty). */
    private double meanOf(Mat image, Mat where) {
        meanStdDev(image, meanOut, spreadOut, where);
        return meanValue.get(0);
    }

    /**
     * How many frames at the rates' 25 fps this frame stands for ({@link #RATE_FRAME_MS}); one where the time does not
     * say (the first frame, a clock that did not advance).
     */
    private double rateFramesSince(long captureTimeMs) {
        long last = lastFrameMs;
        lastFrameMs = captureTimeMs;
        if (last == Long.MIN_VALUE || captureTimeMs <= last) return 1;
        return Math.min(MAX_RATE_FRAMES, (captureTimeMs - last) / RATE_FRAME_MS);
    }

    /** A learning rate per rate frame, over {@code frames} of them: what as many updates at that rate would learn. */
    private static double alphaOver(double alpha, double frames) {
        return frames == 1 ? alpha : 1 - Math.pow(1 - alpha, frames);
    }

    /** Thresholds the difference between this frame and the background into {@code mask}; answers its fill. */
    private double differenceMask() {
        background.convertTo(backgroundByte, small.type());
        absdiff(blurred, backgroundByte, difference);
        threshold(difference, mask, settings.differenceThresholdLuma(), 255, THRESH_BINARY);
        if (!ignoreAreas.isEmpty()) bitwise_and(mask, keepMask, mask);
        return countNonZero(mask) / (double) (analysisSize.width() * analysisSize.height());
    }

    /**
     * Areas of the view where motion is ignored (trees, a road beyond the fence, a timestamp overlay): polygons
     * of normalised points {x, y}. Replaces any earlier set; an empty list ignores nothing.
     */
    public void setIgnoreAreas(List<List<double[]>> polygons) {
        ignoreAreas = List.copyOf(polygons);
        if (analysisSize != null) rasterizeIgnoreAreas();
    }

    private void rasterizeIgnoreAreas() {
        keepMask.release();
        if (ignoreAreas.isEmpty()) return;
        keepMask.create(analysisSize.height(), analysisSize.width(), CV_8UC1);
        keepMask.put(new Scalar(255.0));
        for (List<double[]> polygon : ignoreAreas) {
            int[] xy = new int[polygon.size() * 2];
            for (int i = 0; i < polygon.size(); i++) {
                xy[2 * i] = (int) Math.round(polygon.get(i)[0] * analysisSize.width());
                xy[2 * i + 1] = (int) Math.round(polygon.get(i)[1] * analysisSize.height());
            }
            try (Mat points = new Mat(polygon.size(), 1, org.bytedeco.opencv.global.opencv_core.CV_32SC2,
                    new org.bytedeco.javacpp.IntPointer(xy)); Scalar zero = new Scalar(0.0)) {
                fillConvexOrNot(points, zero);
            }
        }
    }

    private void fillConvexOrNot(Mat points, Scalar value) {
        try (org.bytedeco.opencv.opencv_core.MatVector polys = new org.bytedeco.opencv.opencv_core.MatVector(points)) {
            org.bytedeco.opencv.global.opencv_imgproc.fillPoly(keepMask, polys, value);
        }
    }

    /**
     * Starts from a known empty view instead of learning the background from the first frames: the per-pixel
     * temporal median of {@code samples} (frames spread over the first seconds of a recording), at analysis size
     * and blurred as {@link #detect} does. Objects present from the start are then detected at once; an object
     * that stays put through most of the samples is background. Fewer than three samples (or samples of another
     * size than the first) leave the background to be learned as live.
     */
    public void seedMedianBackground(List<LumaFrame> samples) {
        if (samples.size() < 3) return;
        LumaFrame first = samples.get(0);
        int n = 0;
        byte[][] planes = new byte[samples.size()][];
        for (LumaFrame f : samples) {
            if (f.width() != first.width() || f.height() != first.height()) continue;
            prepare(f, blurred);
            planes[n] = new byte[blurred.cols() * blurred.rows()];
            blurred.data().get(planes[n]);
            n++;
        }
        if (n < 3) return;
        byte[] median = new byte[planes[0].length];
        int[] histogram = new int[256];
        for (int p = 0; p < median.length; p++) {
            Arrays.fill(histogram, 0);
            for (int k = 0; k < n; k++) histogram[planes[k][p] & 0xFF]++;
            int seen = 0, v = 0;
            while ((seen += histogram[v]) <= n / 2) v++;
            median[p] = (byte) v;
        }
        blurred.data().put(median);
        blurred.convertTo(background, CV_32F);
        calibrationFramesLeft = 0;
        relearnFramesLeft = 0;
    }

    /** Reduces a frame to analysis size and blurs it, as {@link #detect} does first; the result is {@code out}. */
    private void prepare(LumaFrame frame, Mat out) {
        if (frame.width() != inputWidth || frame.height() != inputHeight) startOver(frame.width(), frame.height());
        resize(luma.over(frame), small, analysisSize, 0, 0, INTER_NEAREST);
        GaussianBlur(small, out, blurSize, 0);
    }

    /** Adds the frame's moving regions to {@link #result}, largest first. */
    private void boxesOf(int pixels) {
        int aw = analysisSize.width();
        int ah = analysisSize.height();
        // the masks, read once a frame into buffers kept across frames: blobs and their parts are measured here
        // rather than through native contours and headers per blob
        if (changedPixels.length != aw * ah) {
            changedPixels = new byte[aw * ah];
            joinedPixels = new byte[aw * ah];
            framePixels = new byte[aw * ah];
            olderPixels = new byte[aw * ah];
            newerPixels = new byte[aw * ah];
            backgroundPixels = new byte[aw * ah];
            ghostPixels = new byte[aw * ah];
            forgetStillReference();
            columnCounts = new int[aw];
            partEnds = new int[aw];
        }
        if (maskData == null) {
            // the masks keep their buffers while the size stays (OpenCV re-creates a Mat only for another size)
            maskData = mask.data();
            changedMaskData = changedMask.data();
            blurredData = blurred.data();
            backgroundByteData = backgroundByte.data();
            ghostMask.create(ah, aw, CV_8UC1);
            ghostMaskData = ghostMask.data();
        }
        maskData.get(joinedPixels);
        // outer blobs only, as findContours with RETR_EXTERNAL: a blob in another's hole is measured with it
        blobs.find(joinedPixels, aw, ah);
        int count = blobs.count();
        blurredData.get(framePixels);
        boolean judge = olderKnown;
        keepStillReference();
        if (count == 0) return;
        changedMaskData.get(changedPixels);
        if (judge) backgroundByteData.get(backgroundPixels);
        boolean ghosts = false;
        double minArea = settings.minAreaFraction() * pixels;
        found = 0;
        for (int i = 0; i < count; i++) {
            // Dilation joins the fragments of one object; the box is fitted to its changed pixels, without the
            // margin dilation adds (which would swamp a small object's box). Objects side by side in one blob are
            // told apart by the valleys of its column profile.
            int x0 = blobs.x(i), y0 = blobs.y(i), w = blobs.width(i), h = blobs.height(i);
            int parts = columnParts(x0, y0, w, h, aw);
            for (int part = 0; part < parts; part++) {
                int from = part == 0 ? 0 : partEnds[part - 1], to = partEnds[part];
                int left = Integer.MAX_VALUE, right = -1, top = Integer.MAX_VALUE, bottom = -1, changed = 0;
                for (int y = y0; y < y0 + h; y++) {
                    int row = y * aw;
                    for (int x = x0 + from; x < x0 + to; x++) {
                        if (changedPixels[row + x] == 0) continue;
                        changed++;
                        if (x < left) left = x;
                        if (x > right) right = x;
                        if (y < top) top = y;
                        if (y > bottom) bottom = y;
                    }
                }
                if (changed == 0) continue;
                int bw = right - left + 1, bh = bottom - top + 1;
                if (bw * (double) bh < minArea) continue;
                if (judge && ghost(left, top, right, bottom, x0 + from, x0 + to, aw, ah, changed)) {
                    if (!ghosts) Arrays.fill(ghostPixels, (byte) 0);
                    ghosts = true;
                    markGhost(left, top, right, bottom, x0 + from, x0 + to, aw);
                    result.ghostCleared();
                    continue;
                }
                addFound(left / (double) aw, top / (double) ah, bw / (double) aw, bh / (double) ah, changed / (double) (bw * bh));
            }
        }
        if (ghosts) {
            // a ghost is not reported, and the background there is this frame's plain ground from now on
            ghostMaskData.put(ghostPixels);
            blurredFloat.copyTo(background, ghostMask);
        }
        // largest first; of boxes the same size, the one found first (a stable sort)
        for (int i = 1; i < found; i++) {
            int moving = order[i], at = i;
            double area = foundW[moving] * foundH[moving];
            while (at > 0 && area > foundW[order[at - 1]] * foundH[order[at - 1]]) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = moving;
        }
        for (int i = 0; i < found; i++) {
            int b = order[i];
            result.add(foundX[b], foundY[b], foundW[b], foundH[b], foundChanged[b]);
        }
    }

    /** Keeps this frame as the newer reference once the one kept is {@link #STILL_SPAN_MS} old, that one as the older. */
    private void keepStillReference() {
        long now = result.captureTimeMs();
        if (newerKnown && now - newerMs < STILL_SPAN_MS) return;
        if (newerKnown) {
            byte[] swap = olderPixels;
            olderPixels = newerPixels;
            newerPixels = swap;
            olderKnown = true;
        }
        System.arraycopy(framePixels, 0, newerPixels, 0, framePixels.length);
        newerMs = now;
        newerKnown = true;
    }

    /** After a (re)start: no frame to tell still blobs by until {@link #STILL_SPAN_MS} of frames have been seen. */
    private void forgetStillReference() {
        olderKnown = false;
        newerKnown = false;
    }

    /**
     * Whether the changed pixels of a part ({@code left..right} x {@code top..bottom}, within columns
     * {@code [fromX, toX)}) are a ghost (see {@link #GHOST_EDGE_RATIO}): still against a frame at least
     * {@link #STILL_SPAN_MS} before, and outlined in the background, not in the frame.
     */
    private boolean ghost(int left, int top, int right, int bottom, int fromX, int toX, int aw, int ah, int changed) {
        int movedBy = settings.differenceThresholdLuma() / 2, moving = 0, outline = 0;
        long gained = 0, lost = 0;
        int x0 = Math.max(left, fromX), x1 = Math.min(right, toX - 1);
        for (int y = top; y <= bottom; y++) {
            int row = y * aw;
            for (int x = x0; x <= x1; x++) {
                int p = row + x;
                if (changedPixels[p] == 0) continue;
                if (Math.abs((framePixels[p] & 0xFF) - (olderPixels[p] & 0xFF)) > movedBy) moving++;
                if (x == 0 || y == 0 || x == aw - 1 || y == ah - 1) continue;
                if (changedPixels[p - 1] != 0 && changedPixels[p + 1] != 0 && changedPixels[p - aw] != 0
                        && changedPixels[p + aw] != 0) {
                    continue;
                }
                outline++;
                int inFrame = gradient(framePixels, p, aw), inBackground = gradient(backgroundPixels, p, aw);
                if (inFrame > inBackground) gained += inFrame - inBackground;
                else lost += inBackground - inFrame;
            }
        }
        if (moving > GHOST_MAX_MOVING * changed || outline == 0) return false;
        return lost >= GHOST_MIN_EDGE * outline && gained <= GHOST_EDGE_RATIO * lost;
    }

    /** The L1 norm of the central-difference gradient of {@code pixels} at interior pixel {@code p}. */
    private static int gradient(byte[] pixels, int p, int aw) {
        return Math.abs((pixels[p + 1] & 0xFF) - (pixels[p - 1] & 0xFF)) + Math.abs((pixels[p + aw] & 0xFF) - (pixels[p - aw] & 0xFF));
    }

    /** Marks a ghost part's pixels, as {@link #ghost} read them, dilated as the blob was, in {@link #ghostPixels}. */
    private void markGhost(int left, int top, int right, int bottom, int fromX, int toX, int aw) {
        int x0 = Math.max(left, fromX), x1 = Math.min(right, toX - 1);
        for (int y = top; y <= bottom; y++) {
            int row = y * aw;
            for (int x = x0; x <= x1; x++) if (joinedPixels[row + x] != 0) ghostPixels[row + x] = (byte) 255;
        }
    }

    private void addFound(double x, double y, double w, double h, double changed) {
        if (found == foundX.length) {
            int n = found * 2;
            foundX = Arrays.copyOf(foundX, n);
            foundY = Arrays.copyOf(foundY, n);
            foundW = Arrays.copyOf(foundW, n);
            foundH = Arrays.copyOf(foundH, n);
            foundChanged = Arrays.copyOf(foundChanged, n);
            order = Arrays.copyOf(order, n);
        }
        foundX[found] = x;
        foundY[found] = y;
        foundW[found] = w;
        foundH[found] = h;
        foundChanged[found] = changed;
        order[found] = found;
        found++;
    }

    /**
     * Splits a blob's changed pixels at deep valleys of its column profile: the parts' ends, relative to {@code x0},
     * left to right, into {@link #partEnds} (each part starts where the one before ends, the first at 0); answers
     * how many parts.
     */
    private int columnParts(int x0, int y0, int width, int height, int stride) {
        int minPart = Math.max(3, (int) (MIN_PART_WIDTH_PER_HEIGHT * height));
        if (width < 2 * minPart) {
            partEnds[0] = width;
            return 1;
        }
        int[] counts = columnCounts;
        Arrays.fill(counts, 0, width, 0);
        for (int y = y0; y < y0 + height; y++) {
            int row = y * stride + x0;
            for (int x = 0; x < width; x++) if (changedPixels[row + x] != 0) counts[x]++;
        }
        return split(counts, 0, width, minPart, partEnds, 0);
    }

    /** Splits [from, to) (see {@link #columnParts}); the parts' ends go to {@code ends} from index {@code parts} on. */
    private static int split(int[] counts, int from, int to, int minPart, int[] ends, int parts) {
        int best = -1;
        double bestDepth = 0;
        for (int v = from + minPart; v <= to - minPart; v++) {
            int left = 0, right = 0;
            for (int x = from; x < v; x++) left = Math.max(left, counts[x]);
            for (int x = v; x < to; x++) right = Math.max(right, counts[x]);
            double depth = Math.min(left, right) - counts[v] / VALLEY_RATIO;
            if (counts[v] <= VALLEY_RATIO * Math.min(left, right) && depth > bestDepth) {
                bestDepth = depth;
                best = v;
            }
        }
        if (best < 0) {
            ends[parts] = to;
            return parts + 1;
        }
        return split(counts, best, to, minPart, ends, split(counts, from, best, minPart, ends, parts));
    }

    private void startOver(int width, int height) {
        maskData = null;
        changedMaskData = null;
        blurredData = null;
        backgroundByteData = null;
        ghostMaskData = null;
        forgetStillReference();
        inputWidth = width;
        inputHeight = height;
        int aw = Math.min(settings.analysisWidthPx(), width);
        int ah = Math.max(1, (int) Math.round(height * (aw / (double) width)));
        if (analysisSize != null) analysisSize.close();
        analysisSize = new Size(aw, ah);
        rasterizeIgnoreAreas();
        background.release();
        calibrationFramesLeft = settings.calibrationFrames();
        relearnFramesLeft = settings.relearnFrames();
    }

    @Override
    public void close() {
        for (Mat m : new Mat[] {small, blurred, blurredFloat, background, backgroundByte, difference, mask, stillMask,
                changedMask, keepMask, ghostMask, noKernel, meanOut, spreadOut, everywhere, stillKept}) {
            m.close();
        }
        luma.close();
        meanValue.close();
        spreadValue.close();
        anchor.close();
        borderValue.close();
        blurSize.close();
        if (analysisSize != null) analysisSize.close();
    }
}
