package vigil.catalog.audit;

import java.time.Instant;

/**
 * Audit entries in [from, to), newest first, optionally of one actor (token id or name), action or camera.
 *
 * @param beforeSeq keyset position: only entries with a smaller seq, or null for the first page
 */
public record AuditQuery(Instant from, Instant to, String actor, String action, String cameraId, int limit, Long beforeSeq) {
}
