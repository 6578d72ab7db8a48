package vigil.ingest.cli;

import java.util.Locale;
import picocli.CommandLine.Option;
import vigil.analytics.detect.PersonSettings;
import vigil.analytics.track.SceneSettings;

/** How people are looked for: options shared by {@code vigil node}, {@code vigil demo} and {@code vigil analyze}. */
final class PeopleOptions {

    @Option(names = "--people", description = "look for people among what moves: on or off (default: ${DEFAULT-VALUE})",
            defaultValue = "on")
    String people;

    @Option(names = "--min-person-height", description = "smallest person ever looked for, as a share of the frame height;"
            + " each moving object is searched at the sizes its own box allows (once the camera has shown people, at the"
            + " size a person has at that row of the picture), never below this (default: ${DEFAULT-VALUE})",
            defaultValue = "0.05")
    double minPersonHeight;

    /** @throws IllegalArgumentException naming the option that is wrong */
    SceneSettings scene() {
        if (!(minPersonHeight >= 0.05 && minPersonHeight <= 1)) {
            throw new IllegalArgumentException("--min-person-height must be 0.05..1, not " + minPersonHeight);
        }
        return switch (people.toLowerCase(Locale.ROOT)) {
            case "on" -> SceneSettings.defaults().withPersonDetection(
                    PersonSettings.defaults().withMinPersonHeightFraction(minPersonHeight));
            case "off" -> SceneSettings.motionOnly();
            default -> throw new IllegalArgumentException("--people must be on or off, not " + people);
        };
    }
}
