package vigil.ingest.node;

import java.nio.file.Path;

/**
 * How a node guards its API: HTTPS from a PEM certificate and key (both null: plain HTTP, for loopback or behind
 * a TLS-terminating proxy), and how long the audit trail is kept (at least {@value #MIN_AUDIT_DAYS} days, the
 * six months China's MLPS 2.0 asks for), and the networks cameras may be in.
 */
public record AccessSettings(Path tlsCert, Path tlsKey, int auditRetentionDays, CameraNetworks cameraNetworks) {

    public static final int MIN_AUDIT_DAYS = 180;
    public static final AccessSettings DEFAULTS = new AccessSettings(null, null, 400, CameraNetworks.ANY);

    public AccessSettings {
        if ((tlsCert == null) != (tlsKey == null)) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        if (auditRetentionDays < MIN_AUDIT_DAYS) {
            throw new IllegalArgumentException("--audit-retention-days must be at least " + MIN_AUDIT_DAYS);
        }
    }

    public boolean tls() {
        return tlsCert != null;
    }

    public AccessSettings withCameraNetworks(CameraNetworks n) {
        return new AccessSettings(tlsCert, tlsKey, auditRetentionDays, n);
    }
}
