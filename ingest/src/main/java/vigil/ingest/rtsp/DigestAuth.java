package vigil.ingest.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * RTSP client authentication: Basic (RFC 7617) and Digest with MD5 (RFC 7616 / RFC 2069, which cameras still
 * use), answering a {@code WWW-Authenticate} challenge.
 */
public final class DigestAuth {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final String password;
    private final boolean digest;
    private final Map<String, String> challenge;
    private int nonceCount;

    private DigestAuth(String user, String password, boolean digest, Map<String, String> challenge) {
        this.user = user;
        this.password = password;
        this.digest = digest;
        this.challenge = challenge;
    }

    /**
     * Picks the strongest scheme among the challenges offered.
     *
     * @throws IllegalArgumentException if none is Basic or MD5 Digest
     */
    static DigestAuth answer(Iterable<String> challenges, String user, String password) {
        DigestAuth basic = null;
        for (String c : challenges) {
            String trimmed = c.strip();
            String lower = trimmed.toLowerCase(Locale.ROOT);
            if (lower.startsWith("digest ")) {
                Map<String, String> params = params(trimmed.substring(7));
                String algorithm = params.getOrDefault("algorithm", "MD5");
                if (!algorithm.equalsIgnoreCase("MD5")) continue;
                if (!params.containsKey("nonce") || !params.containsKey("realm")) {
                    throw new IllegalArgumentException("Digest challenge without realm or nonce");
                }
                return new DigestAuth(user, password, true, params);
            }
            if (lower.startsWith("basic")) basic = new DigestAuth(user, password, false, Map.of());
        }
        if (basic != null) return basic;
        throw new IllegalArgumentException("server offers no supported authentication scheme");
    }

    String realm() {
        return challenge.get("realm");
    }

    /** The {@code Authorization} header for one request. */
    String authorization(String method, String uri) {
        if (!digest) {
            return "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        String realm = challenge.get("realm");
        String nonce = challenge.get("nonce");
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String qop = challenge.get("qop");
        StringBuilder h = new StringBuilder("Digest username=\"").append(user).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append('"');
        if (qop != null && qop.toLowerCase(Locale.ROOT).contains("auth")) {
            nonceCount++;
            String nc = String.format("%08x", nonceCount);
            String cnonce = HexFormat.of().formatHex(randomBytes());
            String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
            h.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append("\", response=\"")
                    .append(response).append('"');
        } else {
            h.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + ha2)).append('"');
        }
        if (challenge.containsKey("opaque")) h.append(", opaque=\"").append(challenge.get("opaque")).append('"');
        h.append(", algorithm=MD5");
        return h.toString();
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    public static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    /** Parses {@code key="value", key=value} pairs of an auth header. */
    public static Map<String, String> params(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) i++;
            int eq = s.indexOf('=', i);
            if (eq < 0) break;
            String key = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < n && s.charAt(i) == '"') {
                int close = s.indexOf('"', i + 1);
                if (close < 0) close = n;
                value = s.substring(i + 1, close);
                i = close + 1;
            } else {
                int comma = s.indexOf(',', i);
                if (comma < 0) comma = n;
                value = s.substring(i, comma).strip();
                i = comma;
            }
            out.put(key, value);
        }
        return out;
    }
}
