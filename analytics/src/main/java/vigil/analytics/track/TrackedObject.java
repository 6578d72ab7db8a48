package vigil.analytics.track;

import vigil.analytics.motion.NormalizedBox;

/**
 * A confirmed track's box in one frame.
 *
 * @param trackId   stable id for the life of the track (unique per camera)
 * @param box       where the object is, normalised to the frame
 * @param observed  true if a detection supported it this frame; false while it coasts on its prediction
 *                  (through a merge with another object, or held on its own motion while a detector misses it)
 * @param kind      a person or another moving object
 */
public record TrackedObject(long trackId, NormalizedBox box, boolean observed, ObjectKind kind) {

    public TrackedObject(long trackId, NormalizedBox box, boolean observed) {
        this(trackId, box, observed, ObjectKind.OBJECT);
    }
}
