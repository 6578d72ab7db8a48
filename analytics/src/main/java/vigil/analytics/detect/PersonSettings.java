package vigil.analytics.detect;

/**
 * Tunables of {@link PersonDetector} and of how often it runs.
 *
 * @param enabled                whether people are looked for at all (motion tracking runs either way)
 * @param knownPeopleIntervalMs  where motion is new the detector looks every frame; around the people already
 *                               followed, this often (between, they follow their own motion); in time, not in
 *                               frames, so that a 7 fps camera is looked at as often as a 25 fps one
 * @param minPersonHeightFraction the smallest person to find, as a share of the frame's height: each searched
 *                               region is scaled so such a person fills the detector's window (smaller: finds
 *                               people further away, at a cost growing with the square of the scale)
 * @param hitThreshold           SVM margin a window must exceed to count as a person (0 = OpenCV's default)
 * @param scaleStep              ratio between the window sizes tried (smaller: more sizes, slower)
 * @param regionMarginPerHeight  each motion or track box is searched with this margin around it, in units of
 *                               its height, so a person whose legs alone moved is still seen whole
 * @param minMotionCoverFraction share of a new person box that must be moving for it to count (keeps posters
 *                               and mannequins out); a person already tracked needs no motion to stay
 */
public record PersonSettings(boolean enabled, long knownPeopleIntervalMs, double minPersonHeightFraction, double hitThreshold,
                             double scaleStep, double regionMarginPerHeight, double minMotionCoverFraction) {

    public PersonSettings {
        if (knownPeopleIntervalMs < 0 || knownPeopleIntervalMs > 10_000) {
            throw new IllegalArgumentException("knownPeopleIntervalMs in [0,10000]: " + knownPeopleIntervalMs);
        }
        if (!(minPersonHeightFraction >= 0.02 && minPersonHeightFraction <= 1)) {
            throw new IllegalArgumentException("minPersonHeightFraction in [0.02,1]: " + minPersonHeightFraction);
        }
        if (!(scaleStep > 1.0 && scaleStep <= 2.0)) throw new IllegalArgumentException("scaleStep in (1,2]: " + scaleStep);
        if (!(regionMarginPerHeight >= 0 && regionMarginPerHeight <= 2)) {
            throw new IllegalArgumentException("regionMarginPerHeight in [0,2]: " + regionMarginPerHeight);
        }
        if (!(minMotionCoverFraction >= 0 && minMotionCoverFraction <= 1)) {
            throw new IllegalArgumentException("minMotionCoverFraction in [0,1]: " + minMotionCoverFraction);
        }
    }

    public static PersonSettings defaults() {
        return new PersonSettings(true, 80, 0.2, 0.0, 1.1, 0.5, 0.1);
    }

    public static PersonSettings off() {
        return defaults().withEnabled(false);
    }

    public PersonSettings withEnabled(boolean on) {
        return new PersonSettings(on, knownPeopleIntervalMs, minPersonHeightFraction, hitThreshold, scaleStep,
                regionMarginPerHeight, minMotionCoverFraction);
    }

    public PersonSettings withMinPersonHeightFraction(double f) {
        return new PersonSettings(enabled, knownPeopleIntervalMs, f, hitThreshold, scaleStep,
                regionMarginPerHeight, minMotionCoverFraction);
    }
}
