package vigil.analytics.motion;

/**
 * Tunables of {@link MotionDetector}, each with its unit in its name.
 *
 * @param analysisWidthPx             width the luma plane is reduced to before analysis (height keeps aspect)
 * @param blurKernelPx                Gaussian blur kernel size at analysis size (odd)
 * @param backgroundAlphaPerFrame     weight of a new frame in the running-average background, for a frame of a 25 fps
 *                                    camera (frames further apart weigh as the 25 fps frames they stand for)
 * @param differenceThresholdLuma     luma difference from the background that counts as changed
 * @param dilateIterations            dilations of the changed-pixel mask, joining fragments of one object
 * @param minAreaFraction             smallest box kept, as a fraction of the frame area
 * @param recalibrateChangedFraction  changed fraction of the frame above which the change is global (lights,
 *                                    camera gain) and the background is relearned instead of reporting motion
 * @param calibrationFrames           frames after a (re)start during which the background is learned quickly and
 *                                    no motion is reported
 * @param relearnFrames               frames after calibration during which the whole background keeps learning
 *                                    fast, so objects that were in view when it was learned leave no ghost
 */
public record MotionSettings(
        int analysisWidthPx,
        int blurKernelPx,
        double backgroundAlphaPerFrame,
        int differenceThresholdLuma,
        int dilateIterations,
        double minAreaFraction,
        double recalibrateChangedFraction,
        int calibrationFrames,
        int relearnFrames) {

    public MotionSettings {
        if (analysisWidthPx < 16) throw new IllegalArgumentException("analysisWidthPx < 16: " + analysisWidthPx);
        if (blurKernelPx < 1 || blurKernelPx % 2 == 0) throw new IllegalArgumentException("blurKernelPx must be odd: " + blurKernelPx);
        if (!(backgroundAlphaPerFrame > 0 && backgroundAlphaPerFrame <= 1)) throw new IllegalArgumentException("backgroundAlphaPerFrame in (0,1]: " + backgroundAlphaPerFrame);
        if (differenceThresholdLuma < 1 || differenceThresholdLuma > 254) throw new IllegalArgumentException("differenceThresholdLuma in 1..254: " + differenceThresholdLuma);
        if (!(recalibrateChangedFraction > 0 && recalibrateChangedFraction <= 1)) throw new IllegalArgumentException("recalibrateChangedFraction in (0,1]: " + recalibrateChangedFraction);
    }

    /** Defaults for a fixed street or yard camera. */
    public static MotionSettings defaults() {
        return new MotionSettings(320, 5, 0.02, 25, 2, 0.0008, 0.45, 5, 50);
    }

    public MotionSettings withAnalysisWidthPx(int px) {
        return new MotionSettings(px, blurKernelPx, backgroundAlphaPerFrame, differenceThresholdLuma,
                dilateIterations, minAreaFraction, recalibrateChangedFraction, calibrationFrames, relearnFrames);
    }
}
