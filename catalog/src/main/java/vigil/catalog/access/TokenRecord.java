package vigil.catalog.access;

import java.time.Instant;
import java.util.List;

/**
 * A token as the catalog keeps it: never the secret itself, only its SHA-256 ({@code secretHash}).
 *
 * @param expiresAt null: does not expire
 * @param revokedAt null: not revoked
 */
public record TokenRecord(String id, String name, Role role, List<String> regions, List<String> cameras,
                          String secretHash, Instant createdAt, Instant expiresAt, Instant revokedAt) {

    public TokenRecord {
        regions = List.copyOf(regions);
        cameras = List.copyOf(cameras);
    }

    public boolean validAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public Principal principal(boolean grantOnly) {
        return new Principal(id, name, role, regions, cameras, grantOnly);
    }
}
