package vigil.catalog.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Starting a transaction on a pooled connection so that a failed start leaves the connection as it was. */
final class Transactions {

    private Transactions() {
    }

    /**
     * Starts a transaction on {@code conn} ({@code setAutoCommit(false)}). SQLite's driver takes the connection out
     * of auto-commit before its {@code BEGIN} runs; when that fails (SQLITE_BUSY: another writer held the lock past the
     * busy timeout) the connection went back to the pool believing itself in a transaction, so the next "transaction"
     * on it ran statement by statement, each committed at once, and then failed to commit: written, reported as not
     * written, written again by whoever retried it (an audit entry appended twice). Here a failed start puts the
     * connection back in auto-commit before the failure goes on.
     */
    static void begin(Connection conn) throws SQLException {
        try {
            conn.setAutoCommit(false);
        } catch (SQLException e) {
            try {
                conn.setAutoCommit(true);
            } catch (SQLException reset) {
                // the driver's flag is set back before it tries to commit the transaction that never began
                e.addSuppressed(reset);
            }
            throw e;
        }
    }
}
