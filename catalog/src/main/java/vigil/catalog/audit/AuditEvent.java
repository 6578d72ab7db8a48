package vigil.catalog.audit;

import java.time.Instant;

/**
 * Something to put on the audit trail: who (token id, name, role; null when no valid token was shown), from
 * where (client address), what (action, target, camera), how it ended (HTTP status), and details (for a search,
 * its parameters and the number of hits).
 */
public record AuditEvent(Instant at, String tokenId, String tokenName, String role, String client, String action,
                         String target, String cameraId, int status, String detail) {

    /** What stands in for a character no catalog can store. */
    private static final char REPLACEMENT = '\ufffd';

    /**
     * This event as a catalog can store it, each text with U+FFFD for a NUL (PostgreSQL's text refuses it) and for
     * half a surrogate pair (no UTF-8 for it): the texts come in part from what a request sent, and a request must
     * not keep itself off the trail by what it sends.
     */
    public AuditEvent storable() {
        return new AuditEvent(at, storable(tokenId), storable(tokenName), storable(role), storable(client), storable(action),
                storable(target), storable(cameraId), status, storable(detail));
    }

    private static String storable(String text) {
        if (text == null || clean(text)) return text;
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == 0 || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }

    private static boolean clean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) return false;
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) return false;
                i++;
            }
        }
        return true;
    }
}
