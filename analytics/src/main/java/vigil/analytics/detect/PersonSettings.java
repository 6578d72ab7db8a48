package vigil.analytics.detect;

/**
 * Tunables of {@link PersonDetector} and of when and at what size it looks. Motion follows everything every
 * frame; the person model only decides which tracks are people and splits groups, a few times a second per track,
 * at the size each track's own box says.
 *
 * @param enabled                 whether people are looked for at all (motion tracking runs either way)
 * @param knownPeopleIntervalMs   how often each person followed is looked at again, at their own size and place
 *                                (between, they follow their own motion); in time, not frames, so that a 7 fps
 *                                camera is looked at as often as a 25 fps one
 * @param newMotionIntervalMs     how often a moving object not (yet) known to be people is searched for people;
 *                                motion no object owns yet is searched at once
 * @param groupSearchIntervalMs   how often the motion blob of a person followed, when it is larger than them, is
 *                                searched for others of their size walking with them (a group)
 * @param minPersonHeightFraction the smallest person ever looked for, as a share of the frame's height: a floor
 *                                under the sizes below, against searching noise-sized blobs at great enlargement
 * @param hitThreshold            SVM margin a window must exceed to count as a person (0 = OpenCV's default)
 * @param scaleStep               ratio between the window sizes tried (smaller: more sizes, slower)
 * @param regionMarginPerHeight   a moving object's box is searched with this margin around it, in units of its
 *                                height, so a person whose legs alone moved is still seen whole
 * @param smallestPersonOfBlob    a moving object is searched for people from this share of its box's height...
 * @param largestPersonOfBlob     ...up to this share: a person is about as tall as their motion blob (a group
 *                                side by side is as tall as one of them; legs alone are shorter)
 * @param knownPersonSizeRatio    a person followed is looked for from their height divided by this to their
 *                                height times this, within {@code knownPersonMarginPerHeight} of where they should
 *                                be: people grow or shrink slowly as they walk
 * @param knownPersonMarginPerHeight the margin of that search, in units of the person's height
 * @param minMotionCoverFraction  share of a new person box that must be moving for it to count (keeps posters
 *                                and mannequins out); a person already tracked needs no motion to stay
 * @param predictedSizeDeviations once the scene has shown how tall people are at each row ({@link PersonHeights}),
 *                                people are looked for at the sizes it predicts (a person followed, also at their own
 *                                height), this many of the prediction's robust deviations either side; 0 turns the
 *                                prediction off (the sizes above are used throughout)
 * @param modelCellPx             side of the person model's cells, in the pixels it looks at: 8 as the model was
 *                                trained (a 64x128 window), smaller to look at people in fewer pixels (6: a 48x96
 *                                window, the same model on people three quarters the size, about half the pixels; on
 *                                the evaluation suite as good or better, see bench/RESULTS.md)
 * @param weakEvidenceMargin      how far below {@code hitThreshold} a window still counts as weak evidence of a person
 *                                on a moving object searched for people (0: none): a person the model scores just
 *                                under its threshold look after look (a tall man close to the camera, in dark clothes)
 *                                is a person after a few such looks, where a car or a dog scores far lower
 */
public record PersonSettings(boolean enabled, long knownPeopleIntervalMs, long newMotionIntervalMs,
                             long groupSearchIntervalMs, double minPersonHeightFraction, double hitThreshold, double scaleStep,
                             double regionMarginPerHeight, double smallestPersonOfBlob, double largestPersonOfBlob,
                             double knownPersonSizeRatio, double knownPersonMarginPerHeight,
                             double minMotionCoverFraction, double predictedSizeDeviations, int modelCellPx,
                             double weakEvidenceMargin) {

    public PersonSettings {
        if (knownPeopleIntervalMs < 0 || knownPeopleIntervalMs > 10_000) {
            throw new IllegalArgumentException("knownPeopleIntervalMs in [0,10000]: " + knownPeopleIntervalMs);
        }
        if (newMotionIntervalMs < 0 || newMotionIntervalMs > 10_000) {
            throw new IllegalArgumentException("newMotionIntervalMs in [0,10000]: " + newMotionIntervalMs);
        }
        if (groupSearchIntervalMs < 0 || groupSearchIntervalMs > 10_000) {
            throw new IllegalArgumentException("groupSearchIntervalMs in [0,10000]: " + groupSearchIntervalMs);
        }
        if (!(minPersonHeightFraction >= 0.02 && minPersonHeightFraction <= 1)) {
            throw new IllegalArgumentException("minPersonHeightFraction in [0.02,1]: " + minPersonHeightFraction);
        }
        if (!(scaleStep > 1.0 && scaleStep <= 2.0)) throw new IllegalArgumentException("scaleStep in (1,2]: " + scaleStep);
        if (!(regionMarginPerHeight >= 0 && regionMarginPerHeight <= 2)) {
            throw new IllegalArgumentException("regionMarginPerHeight in [0,2]: " + regionMarginPerHeight);
        }
        if (!(smallestPersonOfBlob > 0 && largestPersonOfBlob >= smallestPersonOfBlob && largestPersonOfBlob <= 10)) {
            throw new IllegalArgumentException("person of blob in (0,10]: " + smallestPersonOfBlob + ".." + largestPersonOfBlob);
        }
        if (!(knownPersonSizeRatio >= 1 && knownPersonSizeRatio <= 4)) {
            throw new IllegalArgumentException("knownPersonSizeRatio in [1,4]: " + knownPersonSizeRatio);
        }
        if (!(knownPersonMarginPerHeight >= 0 && knownPersonMarginPerHeight <= 2)) {
            throw new IllegalArgumentException("knownPersonMarginPerHeight in [0,2]: " + knownPersonMarginPerHeight);
        }
        if (!(minMotionCoverFraction >= 0 && minMotionCoverFraction <= 1)) {
            throw new IllegalArgumentException("minMotionCoverFraction in [0,1]: " + minMotionCoverFraction);
        }
        if (!(predictedSizeDeviations >= 0 && predictedSizeDeviations <= 10)) {
            throw new IllegalArgumentException("predictedSizeDeviations in [0,10]: " + predictedSizeDeviations);
        }
        if (modelCellPx < 4 || modelCellPx > 8) throw new IllegalArgumentException("modelCellPx in [4,8]: " + modelCellPx);
        if (!(weakEvidenceMargin >= 0 && weakEvidenceMargin <= 10)) {
            throw new IllegalArgumentException("weakEvidenceMargin in [0,10]: " + weakEvidenceMargin);
        }
    }

    public static PersonSettings defaults() {
        return new PersonSettings(true, 80, 160, 160, 0.05, 0.0, 1.1, 0.3, 0.6, 1.5, 1.25, 0.25, 0.1, 2.0, 6, 0.5);
    }

    public static PersonSettings off() {
        return defaults().withEnabled(false);
    }

    public PersonSettings withEnabled(boolean on) {
        return new PersonSettings(on, knownPeopleIntervalMs, newMotionIntervalMs, groupSearchIntervalMs, minPersonHeightFraction, hitThreshold,
                scaleStep, regionMarginPerHeight, smallestPersonOfBlob, largestPersonOfBlob, knownPersonSizeRatio,
                knownPersonMarginPerHeight, minMotionCoverFraction, predictedSizeDeviations, modelCellPx, weakEvidenceMargin);
    }

    public PersonSettings withMinPersonHeightFraction(double f) {
        return new PersonSettings(enabled, knownPeopleIntervalMs, newMotionIntervalMs, groupSearchIntervalMs, f, hitThreshold,
                scaleStep, regionMarginPerHeight, smallestPersonOfBlob, largestPersonOfBlob, knownPersonSizeRatio,
                knownPersonMarginPerHeight, minMotionCoverFraction, predictedSizeDeviations, modelCellPx, weakEvidenceMargin);
    }

    public PersonSettings withModelCellPx(int px) {
        return new PersonSettings(enabled, knownPeopleIntervalMs, newMotionIntervalMs, groupSearchIntervalMs, minPersonHeightFraction, hitThreshold,
                scaleStep, regionMarginPerHeight, smallestPersonOfBlob, largestPersonOfBlob, knownPersonSizeRatio,
                knownPersonMarginPerHeight, minMotionCoverFraction, predictedSizeDeviations, px, weakEvidenceMargin);
    }

    public PersonSettings withHitThreshold(double threshold, double weakMargin) {
        return new PersonSettings(enabled, knownPeopleIntervalMs, newMotionIntervalMs, groupSearchIntervalMs, minPersonHeightFraction, threshold,
                scaleStep, regionMarginPerHeight, smallestPersonOfBlob, largestPersonOfBlob, knownPersonSizeRatio,
                knownPersonMarginPerHeight, minMotionCoverFraction, predictedSizeDeviations, modelCellPx, weakMargin);
    }
}
