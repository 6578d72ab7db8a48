package vigil.analytics.track;

/**
 * Tunables of {@link MultiObjectTracker}.
 *
 * @param confirmHits              detections in a row that confirm a new track
 * @param maxMissedFrames          frames a confirmed track coasts on its prediction before it ends
 * @param minIou                   smallest IoU between prediction and detection that may be matched...
 * @param maxCenterDistanceFactor  ...or, below it, the largest centre distance in units of the track's size
 * @param positionNoise            Kalman process noise of position per frame, in units of the box size
 * @param velocityNoise            Kalman process noise of velocity per frame, in units of the box size
 * @param measurementNoise         Kalman measurement noise of a detection's centre, in units of the box size
 * @param sizeSmoothing            weight of a new detection's width and height in the track's size
 * @param followSizeSmoothing      weight of a track's own motion box's size in its size on a frame no detection
 *                                 matched it (a person between two looks, or missed at a look but moving): less than
 *                                 a detection's, a blob is not the object
 * @param mergeCoverFraction       share of a coasting track's predicted box that a detection must cover for the
 *                                 track to count as merged into it (walking together, crossing) rather than missed;
 *                                 1 for a person detector's boxes: one lying over two people followed is one of
 *                                 them found (the other, beside them, is not held inside it), unless it holds both
 *                                 whole
 * @param maxMergedFrames          frames a merged track may coast before it counts as missed
 * @param wholeDetections          detections are whole objects (a person model's boxes), shorter or narrower than the
 *                                 track only where the frame's edge cuts them; otherwise (motion blobs) a box much
 *                                 smaller than the track may be a part of it (behind an occluder, legs alone) and does
 *                                 not shrink it at once
 * @param minMovePerSize           distance from its birthplace, in units of its size, before a track is reported:
 *                                 motion that stays put (a ghost left in the background, flicker, swaying leaves)
 *                                 is not an object going anywhere; 0 reports tracks at once
 * @param reportedHeldLooks        looks in a row that may miss a track held by its motion (a detector looking for
 *                                 it, {@link MultiObjectTracker#update(BoxList, BoxList, long, java.util.function.LongPredicate)})
 *                                 while it is still reported; after that it is followed and kept, but reported only
 *                                 while its motion box is about its own height, until a detection finds it again
 */
public record TrackerSettings(int confirmHits, int maxMissedFrames, double minIou, double maxCenterDistanceFactor,
                              double positionNoise, double velocityNoise, double measurementNoise,
                              double sizeSmoothing, double followSizeSmoothing, double mergeCoverFraction,
                              int maxMergedFrames, boolean wholeDetections, double minMovePerSize, int reportedHeldLooks) {

    public TrackerSettings {
        if (confirmHits < 1) throw new IllegalArgumentException("confirmHits < 1");
        if (maxMissedFrames < 0) throw new IllegalArgumentException("maxMissedFrames < 0");
        if (!(sizeSmoothing > 0 && sizeSmoothing <= 1)) throw new IllegalArgumentException("sizeSmoothing in (0,1]");
        if (!(followSizeSmoothing >= 0 && followSizeSmoothing <= 1)) throw new IllegalArgumentException("followSizeSmoothing in [0,1]");
        if (!(minMovePerSize >= 0)) throw new IllegalArgumentException("minMovePerSize < 0");
        if (reportedHeldLooks < 0) throw new IllegalArgumentException("reportedHeldLooks < 0");
    }

    /**
     * For people found by the person detector: a detection is evidence of its own, so a person is reported as
     * soon as confirmed, standing or walking. People walking close together are separate boxes, so a box overlapping a
     * track little is matched to it only within 0.85 of its size, centre to centre (1.0 let a track take a neighbour's).
     * Someone the person model missed at two looks in a row is reported on their motion only while it is their size:
     * on real footage a person's blob is often their legs alone, or them and a neighbour, and a box held on it drifts
     * off them (bench/RESULTS.md, session 11).
     */
    public static TrackerSettings people() {
        return new TrackerSettings(2, 12, 0.1, 0.85, 0.05, 0.02, 0.15, 0.3, 0.15, 1.0, 1500, true, 0.0, 2);
    }

    public static TrackerSettings defaults() {
        return new TrackerSettings(3, 12, 0.1, 1.0, 0.05, 0.02, 0.15, 0.3, 0.15, 0.5, 1500, false, 0.3, Integer.MAX_VALUE);
    }
}
