package vigil.ingest.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import vigil.catalog.store.JdbcCatalogStore;

/**
 * Which catalog a node uses: the embedded SQLite one under its data dir ({@link #EMBEDDED}), or a shared
 * PostgreSQL given by a {@code jdbc:postgresql://host:port/db?user=...} URL. The password is never part of the
 * settings (they may be printed): it comes from the environment variable {@value #PASSWORD_ENV} or a file.
 *
 * @param url          null for the embedded catalog
 * @param passwordFile a file holding the database password (its first line), or null
 */
public record CatalogSettings(String url, Path passwordFile) {

    public static final CatalogSettings EMBEDDED = new CatalogSettings(null, null);
    public static final String PASSWORD_ENV = "VIGIL_CATALOG_PASSWORD";

    public CatalogSettings {
        if (url != null && !url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--catalog must be a jdbc:postgresql://host:port/db URL (or left out for the embedded catalog)");
        }
        if (url != null && url.toLowerCase().contains("password=")) {
            throw new IllegalArgumentException("--catalog must not hold the password: set " + PASSWORD_ENV + " or use --catalog-password-file");
        }
    }

    /** Opens the catalog; the embedded one and the credential key live in {@code dataDir/catalog}. */
    public JdbcCatalogStore open(Path dataDir) {
        return JdbcCatalogStore.open(url, dataDir, password());
    }

    private String password() {
        if (passwordFile != null) {
            try {
                return Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("--catalog-password-file " + passwordFile + " cannot be read: " + e.getMessage());
            }
        }
        return System.getenv(PASSWORD_ENV);
    }

    /** Where the catalog is, for people: never with a password. */
    public String describe(Path dataDir) {
        return url == null ? "embedded SQLite in " + dataDir.resolve("catalog").toAbsolutePath() : url;
    }
}
