package vigil.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog contract on a real PostgreSQL: {@code VIGIL_TEST_POSTGRES} is its JDBC URL (and
 * {@code VIGIL_CATALOG_PASSWORD} its password), set by {@code .ci/run}, which installs and starts Debian's server.
 * Without it the tests are skipped, unless {@code CI} is set: then they fail. Each test gets a schema of its own.
 */
class PostgresCatalogStoreTest extends CatalogStoreContract {

    @TempDir
    Path dir;

    private String schema;

    @BeforeAll
    static void findServer() {
        TestPostgres.url();
    }

    @Override
    CatalogStore open() {
        schema = TestPostgres.newSchema();
        return TestPostgres.open(schema, dir);
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }

    private List<String> partitions() {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestPostgres.url(), null, TestPostgres.password()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                     + "WHERE c.relnamespace = to_regnamespace('" + schema + "') ORDER BY 1")) {
            while (rs.next()) out.add(rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Test
    void bigTablesArePartitionedByDayAndRetentionDropsWholeDays() {
        long day = 86_400;
        store.addClips(List.of(clip("c0", "a", 0, 10), clip("c1", "a", day, day + 10), clip("c2", "a", 2 * day, 2 * day + 10)));
        store.addTracks(List.of(track("t0", "a", 1, "object", List.of(), List.of())));
        assertThat(partitions()).contains("clip_d20261121", "clip_d20261122", "clip_d20261123", "track_d20261121",
                "track_boxes_d20261121", "track_cell_d20261121", "motion_event_d20261121");
        store.removeFootage(null, T0.plusSeconds(day).minusSeconds(2 * 3600)); // 2026-11-22T00:00Z
        assertThat(partitions()).noneMatch(p -> p.endsWith("_d20261121")).contains("clip_d20261122");
        assertThat(store.oldestClips("/x/", 10)).extracting(Clip::id).containsExactly("c1", "c2");
        assertThat(store.track("t0")).isEmpty();
        // writing to a dropped day again creates it again
        store.addClip(clip("late", "a", 5, 10));
        assertThat(store.oldestClips("/x/", 1)).extracting(Clip::id).containsExactly("late");
    }
}
