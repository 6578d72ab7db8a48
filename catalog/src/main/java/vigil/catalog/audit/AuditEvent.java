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
    /** What ends a text cut to fit its column. */
    private static final char CUT = '\u2026';
    /**
     * The longest text each column of the trail holds, in characters (the catalog's migration V12): PostgreSQL refuses
     * a longer one outright. The detail is unbounded.
     */
    static final int TOKEN_ID_CHARS = 32, TOKEN_NAME_CHARS = 128, ROLE_CHARS = 16, CLIENT_CHARS = 64, ACTION_CHARS = 32,
            TARGET_CHARS = 1024, CAMERA_ID_CHARS = 64;

    /**
     * This event as a catalog can store it, each text with U+FFFD for a NUL (PostgreSQL's text refuses it) and for
     * half a surrogate pair (no UTF-8 for it), and cut to its column's length, ending in an ellipsis: the texts come
     * in part from what a request sent (a camera id in the path, a query), and a request must not keep itself, or
     * the entries after it, off the trail by what it sends.
     */
    public AuditEvent storable() {
        return new AuditEvent(at, storable(tokenId, TOKEN_ID_CHARS), storable(tokenName, TOKEN_NAME_CHARS), storable(role, ROLE_CHARS),
                storable(client, CLIENT_CHARS), storable(action, ACTION_CHARS), storable(target, TARGET_CHARS),
                storable(cameraId, CAMERA_ID_CHARS), status, storable(detail, Integer.MAX_VALUE));
    }

    private static String storable(String text, int maxChars) {
        if (text == null || (text.length() <= maxChars && clean(text))) return text;
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == 0 || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        if (out.length() <= maxChars) return out.toString();
        int keep = maxChars - 1;
        if (Character.isLowSurrogate(out.charAt(keep)) && Character.isHighSurrogate(out.charAt(keep - 1))) keep--; // not half a pair
        out.setLength(keep);
        return out.append(CUT).toString();
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
