package vigil.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog contract on the embedded SQLite catalog, and what is SQLite's own: one file, sealed credentials. */
class SqliteCatalogStoreTest extends CatalogStoreContract {

    @TempDir
    Path dir;

    @Override
    CatalogStore open() {
        return JdbcCatalogStore.sqlite(dir);
    }

    @Test
    void passwordsAreNotInTheDatabaseFileAndSurviveAReopen() throws Exception {
        store.addCamera(camera("a", null, null, null));
        store.close();
        byte[] db = Files.readAllBytes(dir.resolve("catalog.db"));
        byte[] wal = Files.exists(dir.resolve("catalog.db-wal")) ? Files.readAllBytes(dir.resolve("catalog.db-wal")) : new byte[0];
        assertThat(new String(db, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
        assertThat(new String(wal, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
        store = JdbcCatalogStore.sqlite(dir);
        assertThat(store.camera("a").orElseThrow().source().rawUserInfo()).isEqualTo("admin:hunter2");
    }

    @Test
    void theCatalogsDirectoryIsTheNodeUsersAlone() throws Exception {
        // the audit trail (who searched what, from where) is in these files, which SQLite makes world-readable
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        store.close();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // as an earlier version left it
        store = JdbcCatalogStore.sqlite(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }
}
