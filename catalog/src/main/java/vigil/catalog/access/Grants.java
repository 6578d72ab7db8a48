package vigil.catalog.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived signed grants that let a plain player (VLC, ffplay, a browser's video element) open a playback or
 * export URL without headers. A grant names the token that asked, one camera, a span and an expiry, and is signed
 * with HMAC-SHA256 under a key every node sharing the catalog has; it is good only while its token is. Text form:
 * {@code base64url(tokenId \n camera \n fromMs \n toMs \n expiresMs) "." base64url(mac)}. Thread-safe.
 */
public final class Grants {

    public static final Duration LIFETIME = Duration.ofHours(6);
    /** Longest grant text looked at. */
    private static final int MAX_CHARS = 512;

    private final SecretKeySpec key;
    private final Clock clock;

    public Grants(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /** What a grant allows: one camera's footage in [fromMs, toMs], for one token, until expiresMs. */
    public record Grant(String tokenId, String cameraId, long fromMs, long toMs, long expiresMs) {
        public boolean covers(String camera, long startMs, long endMs) {
            return cameraId.equals(camera) && startMs < toMs && endMs > fromMs;
        }

        public boolean contains(String camera, long startMs, long endMs) {
            return cameraId.equals(camera) && startMs >= fromMs && endMs <= toMs;
        }
    }

    public String sign(String tokenId, String cameraId, Instant from, Instant to) {
        String body = tokenId + "\n" + cameraId + "\n" + from.toEpochMilli() + "\n" + to.toEpochMilli() + "\n"
                + clock.instant().plus(LIFETIME).toEpochMilli();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(mac(body));
    }

    /** The grant this text is, when its signature holds and it has not expired. */
    public Optional<Grant> check(String text) {
        if (text == null || text.length() > MAX_CHARS) return Optional.empty();
        int dot = text.indexOf('.');
        if (dot <= 0) return Optional.empty();
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            String body = new String(b64.decode(text.substring(0, dot)), StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(mac(body), b64.decode(text.substring(dot + 1)))) return Optional.empty();
            String[] f = body.split("\n", -1);
            if (f.length != 5) return Optional.empty();
            Grant g = new Grant(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
            return g.expiresMs() > clock.millis() ? Optional.of(g) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
