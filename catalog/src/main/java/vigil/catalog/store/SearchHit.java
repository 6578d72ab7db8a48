package vigil.catalog.store;

import java.time.Instant;
import java.util.List;

/** A piece of footage that matched a search. */
public record SearchHit(String id, String cameraId, String kind, Instant start, Instant end, List<String> clipIds) {
}
