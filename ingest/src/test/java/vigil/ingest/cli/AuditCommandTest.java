package vigil.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.catalog.audit.AuditEvent;
import vigil.catalog.store.JdbcCatalogStore;

/** {@code vigil audit verify} as an operator runs it on a data dir. */
class AuditCommandTest {

    @TempDir
    Path dataDir;

    @Test
    void verifyPassesOnAWholeTrailAndFailsOnOneChangedOrRemovedInTheDatabase() throws Exception {
        try (JdbcCatalogStore store = JdbcCatalogStore.sqlite(dataDir.resolve("catalog"))) {
            for (int i = 0; i < 5; i++) {
                store.appendAudit(new AuditEvent(Instant.parse("2026-12-01T00:00:00Z").plusSeconds(i), "tok", "duty desk",
                        "operator", "10.0.0.5", "search", "GET /api/search?region=3402", null, 200, "{\"hits\":" + i + "}"));
            }
        }
        assertThat(run()).startsWith("0:").contains("intact: 5 entries");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("catalog/catalog.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE audit_entry SET status = 404 WHERE seq = 2");
        }
        assertThat(run()).startsWith("1:").contains("entry 2 was altered");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("catalog/catalog.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM audit_entry WHERE seq = 4");
        }
        assertThat(run()).startsWith("1:").contains("entries 4..4 are missing");
    }

    private String run() {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = VigilCommand.commandLine().execute("audit", "verify", "--data-dir", dataDir.toString());
            return code + ":" + captured.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
        }
    }
}
