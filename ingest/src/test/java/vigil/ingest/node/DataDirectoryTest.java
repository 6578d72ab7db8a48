package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node keeps (footage, thumbnails, the catalog and its audit trail, spools) is its user's alone. */
class DataDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void theDataDirectoryIsClosedToOtherUsersWhateverItWasBefore() throws Exception {
        Path dataDir = parent.resolve("vigil-data");
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x")); // as the umask makes it
        try (Node node = Node.start(NodeSettings.defaults(dataDir, 0).withHost("127.0.0.1"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(Node.ADMIN_TOKEN_FILE))))
                    .isEqualTo("rw-------");
        }
        // a node's directory an earlier version left open is closed at the next start
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Node node = Node.start(NodeSettings.defaults(dataDir, 0).withHost("127.0.0.1"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        }
    }

    @Test
    void aDirectoryHoldingOtherThingsKeepsItsMode() throws Exception {
        // someone points --data-dir at a shared directory: the node must not close it to its other users
        Files.writeString(parent.resolve("notes.txt"), "someone else's");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Node node = Node.start(NodeSettings.defaults(parent, 0).withHost("127.0.0.1"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(parent))).isEqualTo("rwxr-xr-x");
        }
    }
}
