package vigil.ingest.node;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

/** What a test needs from the environment {@code .ci/run} sets up (a real PostgreSQL and the commands that stop it). */
final class CiEnvironment {

    private CiEnvironment() {
    }

    /**
     * The values of these environment variables, in order. If one is unset the test is skipped ({@code why} says what
     * it lacks), or, under CI (which must set them), fails.
     */
    static List<String> require(String why, String... names) {
        List<String> values = new ArrayList<>(names.length);
        for (String name : names) {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                if (System.getenv("CI") != null) fail("CI is set but " + name + " is not: .ci/run sets it");
                assumeTrue(false, why + " (" + name + " is not set; .ci/run sets it)");
            }
            values.add(value);
        }
        return values;
    }
}
