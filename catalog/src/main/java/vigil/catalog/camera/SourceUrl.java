package vigil.catalog.camera;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A camera's RTSP URL split into the part that may be shown ({@link #redacted()}) and the credentials, which
 * only ingest reads ({@link #withCredentials()}). {@link #toString()} is the redacted form, so a URL that
 * reaches a log line or an error message by accident shows {@code ***} instead of the password.
 */
public final class SourceUrl {

    private static final int MAX_LENGTH = 2048;

    private final URI withoutCredentials;
    private final String userInfo; // raw (percent-encoded) user:password, or null

    private SourceUrl(URI withoutCredentials, String userInfo) {
        this.withoutCredentials = withoutCredentials;
        this.userInfo = userInfo;
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
        return of(uri.getRawUserInfo(), uri);
    }

    /** Rebuilds a URL from its stored parts. */
    public static SourceUrl of(String rawUserInfo, String urlWithoutCredentials) {
        return of(rawUserInfo, URI.create(urlWithoutCredentials));
    }

    private static SourceUrl of(String rawUserInfo, URI uri) {
        try {
            URI stripped = new URI(uri.getScheme().toLowerCase(), null, uri.getHost(), uri.getPort(),
                    uri.getPath(), null, null);
            String rebuilt = stripped.toString() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new SourceUrl(URI.create(rebuilt), rawUserInfo == null || rawUserInfo.isEmpty() ? null : rawUserInfo);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URI (" + e.getReason() + ")");
        }
    }

    /** The same URL with these credentials (percent-encoded into its user-info) instead of its own. */
    public SourceUrl withCredentials(String user, String password) {
        return new SourceUrl(withoutCredentials, encode(user) + (password.isEmpty() ? "" : ":" + encode(password)));
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
        if (userInfo == null) return withoutCredentials;
        String s = withoutCredentials.toString();
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
                && Objects.equals(other.userInfo, userInfo);
    }

    @Override
    public int hashCode() {
        return withoutCredentials.hashCode();
    }
}
