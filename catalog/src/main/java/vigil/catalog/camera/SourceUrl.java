package vigil.catalog.camera;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;
import io.vertx.core.json.JsonObject;

/**
 * A camera's RTSP URL split into the part that may be shown ({@link #redacted()}) and the credentials, which
 * only ingest reads ({@link #withCredentials()}). {@link #toString()} is the redacted form, so a URL that
 * reaches a log line or an error message by accident shows {@code ***} instead of the password. Secrets in the
 * query string ({@code password=}, {@code pwd=}, {@code token=}, ...) are credentials too: shown as {@code ***},
 * sealed with the user-info.
 */
public final class SourceUrl {

    private static final int MAX_LENGTH = 2048;

    /** Query parameters whose values are secrets (cheap cameras take {@code ?user=admin&password=...}). */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)(?:pass|passwd|password|pwd|psw|secret|token|key|auth|authorization|sig|signature|credentials?)");

    private final URI withoutCredentials; // with the values of secret query parameters as ***
    private final String userInfo; // raw (percent-encoded) user:password, or null
    private final String secretQuery; // the raw query as given, when it holds a secret parameter; else null

    private SourceUrl(URI withoutCredentials, String userInfo, String secretQuery) {
        this.withoutCredentials = withoutCredentials;
        this.userInfo = userInfo;
        this.secretQuery = secretQuery;
    }

    /**
     * Parses a camera URL. Accepts {@code rtsp} and {@code rtsps} with a host.
     *
     * @throws IllegalArgumentException naming what is wrong, never echoing the credentials
     */
    public static SourceUrl parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("is required");
        if (text.length() > MAX_LENGTH) throw new IllegalArgumentException("is longer than " + MAX_LENGTH + " characters");
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URI (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("rtsp") || scheme.equalsIgnoreCase("rtsps"))) {
            throw new IllegalArgumentException("must be an rtsp:// URL");
        }
        if (uri.getHost() == null) throw new IllegalArgumentException("has no host");
        if (uri.getPort() > 65535) throw new IllegalArgumentException("has an invalid port");
        String query = uri.getRawQuery();
        return of(uri.getRawUserInfo(), uri, query != null && redactQuery(query).equals(query) ? null : query);
    }

    /** Rebuilds a URL from its stored parts: {@link #sealed()} (or null) and {@link #withoutCredentials()}. */
    public static SourceUrl fromSealed(String sealed, String urlWithoutCredentials) {
        URI uri = URI.create(urlWithoutCredentials);
        if (sealed == null || sealed.isEmpty()) return of(null, uri, null);
        if (!sealed.startsWith("{")) return of(sealed, uri, null); // user-info alone, as stored before secret queries
        JsonObject parts = new JsonObject(sealed);
        return of(parts.getString("userInfo"), uri, parts.getString("query"));
    }

    /** Rebuilds a URL from a raw user-info (or null) and a URL without one. */
    public static SourceUrl of(String rawUserInfo, String urlWithoutCredentials) {
        return of(rawUserInfo, URI.create(urlWithoutCredentials), null);
    }

    private static SourceUrl of(String rawUserInfo, URI uri, String secretQuery) {
        try {
            URI stripped = new URI(uri.getScheme().toLowerCase(), null, uri.getHost(), uri.getPort(),
                    uri.getPath(), null, null);
            String query = uri.getRawQuery();
            String rebuilt = stripped.toString() + (query == null ? "" : "?" + redactQuery(query));
            return new SourceUrl(URI.create(rebuilt), rawUserInfo == null || rawUserInfo.isEmpty() ? null : rawUserInfo,
                    secretQuery);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URI (" + e.getReason() + ")");
        }
    }

    /** The query with the value of every secret parameter replaced by {@code ***}. */
    private static String redactQuery(String rawQuery) {
        StringBuilder out = new StringBuilder(rawQuery.length());
        for (String part : rawQuery.split("&", -1)) {
            if (out.length() > 0) out.append('&');
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            if (eq >= 0 && SECRET_PARAM.matcher(name).matches() && !part.substring(eq + 1).isEmpty()) out.append(name).append("=***");
            else out.append(part);
        }
        return out.toString();
    }

    /**
     * The longest {@link #sealed()} text a catalog keeps: sealed (12-byte nonce, 16-byte tag) and in base64 it must fit
     * the camera's credentials column (1 024 characters; PostgreSQL refuses a longer value).
     */
    public static final int MAX_SEALED_CHARS = 700;

    /** What the store seals (encrypts): the user-info and any secret query, or null when there is neither. */
    public String sealed() {
        if (secretQuery == null) return userInfo;
        return new JsonObject().put("userInfo", userInfo).put("query", secretQuery).encode();
    }

    /** Whether the URL carries credentials of its own (user-info or a secret query parameter). */
    public boolean hasCredentials() {
        return userInfo != null || secretQuery != null;
    }

    /** This URL without user-info (a secret query, if any, stays: it is part of the URL the camera needs). */
    public SourceUrl withoutUserInfo() {
        return new SourceUrl(withoutCredentials, null, secretQuery);
    }

    /** This URL with the user-info of {@code other} (a changed URL keeps the camera's password). */
    public SourceUrl withUserInfoOf(SourceUrl other) {
        return new SourceUrl(withoutCredentials, other.userInfo, secretQuery);
    }

    /** The same URL with these credentials (percent-encoded into its user-info) instead of its own. */
    public SourceUrl withCredentials(String user, String password) {
        return new SourceUrl(withoutCredentials, encode(user) + (password.isEmpty() ? "" : ":" + encode(password)), secretQuery);
    }

    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) out.append(c);
            else out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    /** The URL with no credentials in it. */
    public String withoutCredentials() {
        return withoutCredentials.toString();
    }

    /** The URL as shown to people: credentials replaced by {@code ***}. */
    public String redacted() {
        if (userInfo == null) return withoutCredentials.toString();
        String s = withoutCredentials.toString();
        int at = s.indexOf("://") + 3;
        return s.substring(0, at) + "***@" + s.substring(at);
    }

    /** For ingest only: the URL including its credentials. */
    public URI withCredentials() {
        String s = withoutCredentials.toString();
        if (secretQuery != null) s = s.substring(0, s.indexOf('?')) + "?" + secretQuery;
        if (userInfo == null) return URI.create(s);
        int at = s.indexOf("://") + 3;
        return URI.create(s.substring(0, at) + userInfo + "@" + s.substring(at));
    }

    /** Raw user-info (user:password, percent-encoded) or null; for the store, which encrypts it. */
    public String rawUserInfo() {
        return userInfo;
    }

    public String host() {
        return withoutCredentials.getHost();
    }

    @Override
    public String toString() {
        return redacted();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceUrl other && other.withoutCredentials.equals(withoutCredentials)
                && Objects.equals(other.userInfo, userInfo) && Objects.equals(other.secretQuery, secretQuery);
    }

    @Override
    public int hashCode() {
        return withoutCredentials.hashCode();
    }
}
