package vigil.ingest.sim;

import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/** Encoded scenes shared by the tests of one JVM: encoding is done once per size and seed. */
public final class TestMedia {

    private static final Map<String, EncodedLoop> CACHE = new ConcurrentHashMap<>();

    private TestMedia() {
    }

    /** A 320x240, 25 fps scene of {@code loopFrames} frames with a keyframe every second. */
    public static EncodedLoop small(int loopFrames, long seed) {
        return CACHE.computeIfAbsent("small-" + loopFrames + "-" + seed,
                k -> EncodedLoop.encode(new SyntheticScene(320, 240, 25, loopFrames, seed), 25, 25));
    }

    public static SyntheticScene smallScene(int loopFrames, long seed) {
        return new SyntheticScene(320, 240, 25, loopFrames, seed);
    }
}
