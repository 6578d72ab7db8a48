package vigil.catalog.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The day partitions of PostgreSQL's big tables ({@code clip}, {@code motion_event}, {@code track},
 * {@code track_boxes}, {@code track_cell}, each {@code PARTITION BY RANGE (start_ms)}): created before the first
 * write of a day ({@code <table>_dYYYYMMDD}, UTC days), dropped whole by retention. Several nodes may create the
 * same day at once; the loser's error is taken as success. On SQLite ({@link #NONE}) it does nothing.
 */
class DayPartitions {

    static final DayPartitions NONE = new DayPartitions(false);

    static final List<String> TABLES = List.of("clip", "motion_event", "track", "track_boxes", "track_cell");
    private static final long DAY_MS = 86_400_000L;
    private static final DateTimeFormatter NAME = DateTimeFormatter.BASIC_ISO_DATE;

    private final boolean enabled;
    private final Set<Long> created = ConcurrentHashMap.newKeySet();

    DayPartitions(boolean enabled) {
        this.enabled = enabled;
    }

    static long dayOf(long epochMs) {
        return Math.floorDiv(epochMs, DAY_MS);
    }

    /** Makes sure the days of these start times have their partitions. */
    void ensure(DataSource dataSource, Collection<Long> startTimesMs) {
        if (!enabled) return;
        Set<Long> missing = new TreeSet<>();
        for (long t : startTimesMs) {
            long day = dayOf(t);
            if (!created.contains(day)) missing.add(day);
        }
        if (missing.isEmpty()) return;
        try (Connection conn = dataSource.getConnection(); Statement st = conn.createStatement()) {
            conn.setAutoCommit(true);
            for (long day : missing) {
                for (String table : TABLES) {
                    String sql = "CREATE TABLE IF NOT EXISTS " + table + "_d" + NAME.format(LocalDate.ofEpochDay(day))
                            + " PARTITION OF " + table + " FOR VALUES FROM (" + day * DAY_MS + ") TO (" + (day + 1) * DAY_MS + ")";
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        // another node created it between our IF NOT EXISTS check and our CREATE
                        if (!"42P07".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) throw e;
                    }
                }
                created.add(day);
            }
        } catch (SQLException e) {
            throw new CatalogException("creating day partitions " + missing, e);
        }
    }

    /** Drops every partition that holds only days before {@code beforeMs}. @return partitions dropped */
    int dropBefore(Connection conn, long beforeMs) throws SQLException {
        if (!enabled) return 0;
        long firstKeptDay = dayOf(beforeMs);
        List<String> drop = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT c.relname FROM pg_inherits i "
                + "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
                + "WHERE p.relname = ? AND p.relnamespace = to_regnamespace(current_schema())")) {
            for (String table : TABLES) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        String prefix = table + "_d";
                        if (!name.startsWith(prefix)) continue;
                        try {
                            long day = LocalDate.parse(name.substring(prefix.length()), NAME).toEpochDay();
                            if (day < firstKeptDay) drop.add(name);
                        } catch (DateTimeParseException e) {
                            // not one of ours: leave it
                        }
                    }
                }
            }
        }
        try (Statement st = conn.createStatement()) {
            for (String name : drop) st.execute("DROP TABLE IF EXISTS " + name);
        }
        created.removeIf(day -> day < firstKeptDay);
        return drop.size();
    }
}
