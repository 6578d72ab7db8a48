package vigil.analytics.track;

import vigil.analytics.detect.PersonSettings;

/**
 * How {@link SceneTracker} follows a camera's view.
 *
 * @param objects         tracking of moving objects from their motion blobs
 * @param people          tracking of the people the person detector finds
 * @param personDetection whether, where and how often people are looked for
 */
public record SceneSettings(TrackerSettings objects, TrackerSettings people, PersonSettings personDetection) {

    public static SceneSettings defaults() {
        return new SceneSettings(TrackerSettings.defaults(), TrackerSettings.people(), PersonSettings.defaults());
    }

    /** Every moving object followed from motion alone, no person detector. */
    public static SceneSettings motionOnly() {
        return new SceneSettings(TrackerSettings.defaults(), TrackerSettings.people(), PersonSettings.off());
    }

    public SceneSettings withPersonDetection(PersonSettings p) {
        return new SceneSettings(objects, people, p);
    }
}
