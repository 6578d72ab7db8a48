package vigil.catalog.camera;

/**
 * Whether people are looked for among what moves in one camera's view, overriding the node's default: a
 * busy road camera may not need it, a gate camera does (the person detector is the costliest part of analysis).
 *
 * @param enabled          people are looked for
 * @param minPersonHeight  the smallest person looked for, as a share of the frame's height, 0.05..1
 */
public record CameraPeople(boolean enabled, double minPersonHeight) {

    public CameraPeople {
        if (!(minPersonHeight >= 0.05 && minPersonHeight <= 1)) {
            throw new IllegalArgumentException("minPersonHeight must be 0.05..1, not " + minPersonHeight);
        }
    }
}
