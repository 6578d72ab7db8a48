package vigil.catalog.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain of the audit trail, written down once: an entry's hash is SHA-256 over the hash before it and
 * every field of the entry, each as {@code <length>:<value>;} (null as {@code -;}), so no two entries hash alike
 * by moving text between fields. The first entry follows {@link #GENESIS}.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(String prevHash, long seq, AuditEvent e) {
        StringBuilder s = new StringBuilder(256);
        for (Object field : new Object[] {prevHash, seq, e.at().toEpochMilli(), e.tokenId(), e.tokenName(), e.role(),
                e.client(), e.action(), e.target(), e.cameraId(), e.status(), e.detail()}) {
            if (field == null) {
                s.append("-;");
            } else {
                String v = String.valueOf(field);
                s.append(v.length()).append(':').append(v).append(';');
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }
}
