package vigil.catalog.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The real PostgreSQL the catalog's tests talk to: {@code VIGIL_TEST_POSTGRES} is its JDBC URL and
 * {@code VIGIL_CATALOG_PASSWORD} its password, both set by {@code .ci/run}, which installs and starts Debian's server.
 * Without it a test is skipped, unless {@code CI} is set: then it fails. Each test works in a schema of its own.
 */
public final class TestPostgres {

    private TestPostgres() {
    }

    /** The server's URL; skips the calling test (fails it under CI) when none is set. */
    public static String url() {
        String url = System.getenv("VIGIL_TEST_POSTGRES");
        if (url == null || url.isBlank()) {
            if (System.getenv("CI") != null) fail("CI is set but VIGIL_TEST_POSTGRES is not: .ci/run starts PostgreSQL and sets it");
            assumeTrue(false, "VIGIL_TEST_POSTGRES is not set: no PostgreSQL to test against (.ci/run sets it)");
        }
        return url;
    }

    public static String password() {
        return System.getenv("VIGIL_CATALOG_PASSWORD");
    }

    /** A new, empty schema's name (created). */
    public static String newSchema() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("CREATE SCHEMA " + schema);
        return schema;
    }

    /** A catalog in {@code schema}, its credential key in {@code dir}. */
    public static JdbcCatalogStore open(String schema, Path dir) {
        String url = url();
        return JdbcCatalogStore.postgres(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, password(),
                dir.resolve("credentials.key"));
    }

    public static void dropSchema(String schema) {
        sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** One statement, as the test's user. */
    public static void sql(String statement) {
        String url = url();
        try (Connection c = DriverManager.getConnection(url, null, password()); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + " on " + JdbcCatalogStore.redactedUrl(url), e);
        }
    }
}
