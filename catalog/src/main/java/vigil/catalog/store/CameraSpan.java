package vigil.catalog.store;

import java.time.Instant;

/** A span [from, to) of one camera's footage. */
public record CameraSpan(String cameraId, Instant from, Instant to) {
}
