package vigil.catalog.audit;

import java.time.Instant;

/**
 * Something to put on the audit trail: who (token id, name, role; null when no valid token was shown), from
 * where (client address), what (action, target, camera), how it ended (HTTP status), and details (for a search,
 * its parameters and the number of hits).
 */
public record AuditEvent(Instant at, String tokenId, String tokenName, String role, String client, String action,
                         String target, String cameraId, int status, String detail) {
}
