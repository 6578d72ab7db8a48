package vigil.catalog.store;

import java.sql.SQLException;

/** The catalog could not do what was asked; the message says what and with which input. */
public final class CatalogException extends RuntimeException {
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the catalog refused a write for what it holds, so that it would at every try: a PostgreSQL data
     * exception or constraint violation (SQLSTATE class 22 or 23), but not a duplicate key (23505), which a retry may
     * clear. An outage, a lock or anything else is not: those are tried again.
     */
    public static boolean refusedForWhatItHolds(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return (state.startsWith("22") || state.startsWith("23")) && !state.equals("23505");
            }
        }
        return false;
    }

    /** What the database itself said (the innermost cause), for a log line. */
    public static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return root.toString();
    }
}
