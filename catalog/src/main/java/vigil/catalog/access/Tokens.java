package vigil.catalog.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.catalog.store.CatalogStore;

/**
 * Issues and checks API tokens. A token is {@code vgl_<id>_<secret>}: a public id (8 random bytes) that names it in
 * lists and the audit, and a secret of 32 random bytes (256 bits); the catalog keeps only the SHA-256 of the
 * whole token, so a copy of the database lets nobody in. Thread-safe.
 */
public final class Tokens {

    private static final Logger log = LoggerFactory.getLogger(Tokens.class);
    private static final String PREFIX = "vgl_";
    private static final int ID_BYTES = 8, SECRET_BYTES = 32;
    /** Longest token text looked at: anything longer is not one of ours. */
    private static final int MAX_TOKEN_CHARS = 128;

    private final CatalogStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Tokens(CatalogStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new token and its record (stored here); the token text is shown once, to whoever asked for it. */
    public record Issued(String token, TokenRecord record) {
    }

    public Issued issue(String name, Role role, List<String> regions, List<String> cameras, Instant expiresAt) {
        String id = randomText(ID_BYTES);
        String token = PREFIX + id + "_" + randomText(SECRET_BYTES);
        TokenRecord record = new TokenRecord(id, name, role, regions, cameras, hash(token), clock.instant(), expiresAt, null);
        store.addToken(record);
        return new Issued(token, record);
    }

    /** The valid token this text is (not expired, not revoked), if any. Blocking (one catalog read). */
    public Optional<TokenRecord> check(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS || !token.startsWith(PREFIX)) return Optional.empty();
        return store.tokenByHash(hash(token)).filter(t -> t.validAt(clock.instant()));
    }

    /** A valid token by id (for playback grants, which name their token). */
    public Optional<TokenRecord> byId(String id) {
        return store.token(id).filter(t -> t.validAt(clock.instant()));
    }

    /**
     * Makes sure an admin token exists for a new node: when {@code file} is missing and the catalog has no admin
     * token, issues one and writes it there, readable by the owner only (0600). The log names the file, never the
     * token. Blocking.
     */
    public void ensureAdminToken(Path file) {
        if (Files.exists(file)) return;
        if (store.tokens().stream().anyMatch(t -> t.role() == Role.ADMIN && t.validAt(clock.instant()))) {
            log.info("no {}: this catalog already has an admin token (issue another with POST /api/tokens)", file);
            return;
        }
        Issued admin = issue("admin", Role.ADMIN, List.of(), List.of(), null);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, admin.token() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            store.revokeToken(admin.record().id(), clock.instant());
            return; // another process wrote it first
        } catch (IOException e) {
            store.revokeToken(admin.record().id(), clock.instant());
            throw new IllegalStateException("writing the admin token to " + file, e);
        }
        log.info("admin token written to {} (readable by its owner only); send it as 'Authorization: Bearer <token>'", file);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private String randomText(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).replace('_', 'A').replace('-', 'B');
    }
}
