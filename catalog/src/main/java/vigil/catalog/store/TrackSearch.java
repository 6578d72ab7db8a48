package vigil.catalog.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.sql.DataSource;
import vigil.catalog.search.MapArea;
import vigil.catalog.search.MapCells;
import vigil.catalog.search.TrackFilter;

/**
 * How the catalog finds a page of tracks, newest first, at county scale. It picks one of three plans:
 *
 * <table>
 *   <caption>Plans</caption>
 *   <tr><th>plan</th><th>when</th><th>reads</th></tr>
 *   <tr><td>{@link Plan#LANES}</td><td>at most {@value #MAX_LANES} map cells and cameras to look in</td>
 *       <td>per cell (or camera) the newest keys from its own index, merged: a page costs a few index ranges
 *       however long the window or busy the table</td></tr>
 *   <tr><td>{@link Plan#FEW}</td><td>more of them, but at most {@value #FEW_CANDIDATES} candidate keys in the window</td>
 *       <td>those keys, sorted</td></tr>
 *   <tr><td>{@link Plan#TIME}</td><td>otherwise</td><td>rows along the time index, newest first, until a page
 *       matches (matches are then common)</td></tr>
 * </table>
 * The first two read keys (start, id) only, from indexes that hold every column the SQL conditions test, then
 * the rows of those keys; exact geometry (image zone, tripwire, ground path) decides in Java. Thread-safe.
 */
final class TrackSearch {

    enum Plan { LANES, FEW, TIME }

    static final int MAX_LANES = 64;
    static final int FEW_CANDIDATES = 2_000;
    /** Keys read from all lanes together at most per round; rows fetched per statement. */
    private static final int MAX_LANE_BATCH = 1_000, FETCH_CHUNK = 500, MAX_TIME_BATCH = 10_000;

    /** Everything of a track but its box list: what searches read. */
    static final String TRACK_COLUMNS = "id, camera_id, start_ms, end_ms, min_x, min_y, max_x, max_y, "
            + "footprint, direction_deg, speed, path, ground_path, h3_cells, thumbnail_path, object_kind";

    private final DataSource pool;
    private final boolean postgres;
    /** Null: choose per query. Tests force each plan in turn to check they give the same answers. */
    private volatile Plan forced;

    TrackSearch(DataSource pool, boolean postgres) {
        this.pool = pool;
        this.postgres = postgres;
    }

    void force(Plan plan) {
        forced = plan;
    }

    /**
     * What a search asks, resolved by the store.
     *
     * @param cameraIds the cameras the query is limited to, when known as a list (null: any, or too many to list)
     * @param cameras   the SQL condition on {@code camera_id} for the query's cameras and regions (maybe empty)
     * @param camerasOffIndex the same written to keep SQLite off the cameras' index (for the time plan)
     * @param inside    cameras located inside the map shape (empty without one)
     * @param cover     the map cells covering the shape, when it has a cover
     */
    record Request(TrackQuery query, long earliestMs, List<String> cameraIds, Where cameras, Where camerasOffIndex,
                   Set<String> inside,
                   Optional<MapCells.Cover> cover) {
    }

    private record Key(long startMs, String id) {
        static final Comparator<Key> NEWEST_FIRST =
                Comparator.comparingLong(Key::startMs).thenComparing(Key::id).reversed();

        SearchQuery.Position position() {
            return new SearchQuery.Position(startMs, id);
        }
    }

    /**
     * One newest-first run of keys: rows of {@code table} where {@code laneColumn = laneValue} and {@code rest}
     * holds (the same for every lane of a table in one search), keyed by {@code idColumn}.
     */
    private record Lane(String table, String idColumn, String laneColumn, Object laneValue, Where rest) {
        Where condition() {
            Where w = new Where();
            w.and(laneColumn + " = ?", laneValue);
            w.and(rest);
            return w;
        }
    }

    TrackPage run(Request r) {
        TrackQuery q = r.query();
        long from = q.from().toEpochMilli(), to = q.to().toEpochMilli();
        MapArea map = q.area().map();
        TrackFilter filter = q.filter();

        Where filters = filters(q, "object_kind");
        Where rowCondition = new Where();
        rowCondition.and(r.cameras());
        rowCondition.and(filters);

        Predicate<TrackRecord> exact = t -> filter.isEmpty() || filter.matches(t);
        if (map != null) {
            Set<String> inside = r.inside();
            exact = exact.and(t -> t.groundPath().isEmpty() ? inside.contains(t.cameraId())
                    : map.entersPath(TrackCodec.latLon(t.groundPath())));
        }

        List<Lane> lanes = new ArrayList<>();
        boolean mapped = map != null && r.cover().isPresent() && r.inside().size() <= JdbcCatalogStore.MAX_IN_LIST;
        if (mapped) {
            MapCells.Cover cover = r.cover().get();
            Where resolution = new Where();
            resolution.and("res = ?", cover.resolution());
            for (long cell : cover.cells()) lanes.add(new Lane("track_cell", "track_id", "cell", cell, resolution));
            Where located = new Where();
            located.and("has_ground = 0");
            located.and(filters);
            for (String camera : r.inside()) lanes.add(new Lane("track", "id", "camera_id", camera, located));
        } else if (map == null && r.cameraIds() != null) {
            for (String camera : r.cameraIds()) lanes.add(new Lane("track", "id", "camera_id", camera, filters));
        }

        Plan plan = forced;
        if (plan == null) {
            if (!lanes.isEmpty() && lanes.size() <= MAX_LANES) plan = Plan.LANES;
            else if (!lanes.isEmpty() && few(lanes, r.earliestMs(), to)) plan = Plan.FEW;
            else plan = Plan.TIME;
        }
        if (lanes.isEmpty() && plan != Plan.TIME) plan = Plan.TIME; // nothing narrower than time to read by
        if (map != null && !mapped && plan != Plan.TIME) plan = Plan.TIME;

        try (Connection conn = pool.getConnection()) {
            if (plan != Plan.TIME) return byKeys(conn, r, lanes, plan, rowCondition, exact);
            // SQLite plans without statistics: a unary + keeps it off the kind's index, onto the time index
            return alongTime(conn, r, filters(q, postgres ? "object_kind" : "+object_kind"), exact);
        } catch (SQLException e) {
            throw new CatalogException("searching tracks (" + plan + " plan)", e);
        }
    }

    /** Conditions on columns the cameras' index holds, so lanes and candidate counts test them in the index. */
    private static Where filters(TrackQuery q, String kindColumn) {
        Where filters = new Where();
        filters.and("end_ms >= ?", q.from().toEpochMilli());
        if (q.objectKind() != null) filters.and(kindColumn + " = ?", q.objectKind());
        if (!q.filter().isEmpty()) filters.and("(footprint_coarse & ?) <> 0", q.filter().coarseMask());
        return filters;
    }

    /** Whether the lanes together give at most {@value #FEW_CANDIDATES} keys in the window (counted no further). */
    private boolean few(List<Lane> lanes, long earliestMs, long toMs) {
        Where keys = inList(lanes, earliestMs, toMs, null);
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT COUNT(*) FROM (" + keys.sql + " LIMIT " + (FEW_CANDIDATES + 1) + ") candidates")) {
            Where.bind(ps, keys.args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) <= FEW_CANDIDATES;
            }
        } catch (SQLException e) {
            throw new CatalogException("counting track candidates", e);
        }
    }

    /**
     * The lanes as one key query over IN lists: the cell lanes as one, the camera lanes as another (their
     * conditions differ only in the camera), joined by UNION.
     */
    private static Where inList(List<Lane> lanes, long earliestMs, long toMs, SearchQuery.Position after) {
        Map<String, List<Lane>> byTable = new TreeMap<>();
        for (Lane lane : lanes) byTable.computeIfAbsent(lane.table(), t -> new ArrayList<>()).add(lane);
        List<String> parts = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (List<Lane> same : byTable.values()) {
            Lane first = same.get(0);
            Where w = new Where();
            w.in(first.laneColumn(), same.stream().map(Lane::laneValue).toList());
            w.and(first.rest());
            window(w, first.idColumn(), earliestMs, toMs, after);
            parts.add("SELECT DISTINCT start_ms, " + first.idColumn() + " AS id FROM " + first.table() + " WHERE " + w.sql);
            args.addAll(w.args);
        }
        Where out = new Where();
        out.sql.append(String.join(" UNION ", parts));
        out.args.addAll(args);
        return out;
    }

    private static void window(Where w, String idColumn, long earliestMs, long toMs, SearchQuery.Position after) {
        w.and("start_ms >= ? AND start_ms < ?", earliestMs, toMs);
        if (after != null) {
            w.and("(start_ms < ? OR (start_ms = ? AND " + idColumn + " < ?))", after.startMs(), after.startMs(), after.id());
        }
    }

    /** Keys from the lanes (or their IN-list form), then the rows of those keys, a batch at a time. */
    private TrackPage byKeys(Connection conn, Request r, List<Lane> lanes, Plan plan, Where rowCondition,
                             Predicate<TrackRecord> exact) throws SQLException {
        TrackQuery q = r.query();
        int limit = q.limit();
        long to = q.to().toEpochMilli();
        List<TrackRecord> out = new ArrayList<>();
        SearchQuery.Position at = q.after();
        int batch = Math.max(limit * 2, 100);
        while (out.size() <= limit) {
            int want = plan == Plan.LANES ? Math.min(batch, MAX_LANE_BATCH) : batch;
            Batch keys = plan == Plan.LANES ? fromLanes(conn, lanes, r.earliestMs(), to, at, want)
                    : fromInList(conn, lanes, r.earliestMs(), to, at, want);
            if (keys.keys().isEmpty()) break;
            Map<String, TrackRecord> rows = rows(conn, keys.keys(), rowCondition);
            for (Key k : keys.keys()) {
                at = k.position();
                TrackRecord t = rows.get(k.id());
                if (t != null && t.start().toEpochMilli() == k.startMs() && exact.test(t)) {
                    out.add(t);
                    if (out.size() > limit) break;
                }
            }
            if (keys.exhausted()) break;
            batch = Math.min(batch * 4, MAX_TIME_BATCH);
        }
        return page(out, limit);
    }

    private record Batch(List<Key> keys, boolean exhausted) {
    }

    private Batch fromLanes(Connection conn, List<Lane> lanes, long earliestMs, long toMs, SearchQuery.Position after,
                            int want) throws SQLException {
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            Where w = new Where();
            w.and(lane.condition());
            window(w, lane.idColumn(), earliestMs, toMs, after);
            if (i > 0) sql.append(" UNION ALL ");
            sql.append("SELECT ").append(i).append(" AS lane, start_ms, id FROM (SELECT start_ms, ").append(lane.idColumn())
                    .append(" AS id FROM ").append(lane.table()).append(" WHERE ").append(w.sql)
                    .append(" ORDER BY start_ms DESC, ").append(lane.idColumn()).append(" DESC LIMIT ?) l").append(i);
            args.addAll(w.args);
            args.add(want);
        }
        int[] perLane = new int[lanes.size()];
        Set<Key> keys = new LinkedHashSet<>();
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            Where.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    perLane[rs.getInt(1)]++;
                    keys.add(new Key(rs.getLong(2), rs.getString(3)));
                }
            }
        }
        List<Key> sorted = new ArrayList<>(keys);
        sorted.sort(Key.NEWEST_FIRST);
        // every lane that returned fewer than asked is spent; past the first `want` keys, some lane may hold
        // newer keys than the ones left out, so the rest is read again next round
        boolean spent = true;
        for (int n : perLane) spent &= n < want;
        if (sorted.size() > want) return new Batch(sorted.subList(0, want), false);
        return new Batch(sorted, spent);
    }

    private Batch fromInList(Connection conn, List<Lane> lanes, long earliestMs, long toMs, SearchQuery.Position after,
                             int want) throws SQLException {
        Where keys = inList(lanes, earliestMs, toMs, after);
        List<Key> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(keys.sql + " ORDER BY 1 DESC, 2 DESC LIMIT ?")) {
            Where.bind(ps, Where.concat(keys.args, List.of(want)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Key(rs.getLong(1), rs.getString(2)));
            }
        }
        return new Batch(out, out.size() < want);
    }

    /** The rows of these keys that also meet the condition, by id. */
    private Map<String, TrackRecord> rows(Connection conn, List<Key> keys, Where condition) throws SQLException {
        Map<String, TrackRecord> out = new HashMap<>();
        for (int i = 0; i < keys.size(); i += FETCH_CHUNK) {
            List<Key> chunk = keys.subList(i, Math.min(keys.size(), i + FETCH_CHUNK));
            String sql;
            List<Object> args = new ArrayList<>();
            if (postgres) {
                // a join on the keys: each probes the primary key of the one day partition that holds it; the keys'
                // time range lets the planner leave out the other days' partitions before planning them
                sql = "SELECT t." + TRACK_COLUMNS.replace(", ", ", t.") + " FROM (VALUES "
                        + "(?, ?::bigint),".repeat(chunk.size() - 1) + "(?, ?::bigint)) AS k(key_id, key_start) "
                        + "JOIN track t ON t.id = k.key_id AND t.start_ms = k.key_start "
                        + "WHERE t.start_ms >= ? AND t.start_ms <= ? AND " + condition.orTrue();
                long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
                for (Key k : chunk) {
                    args.add(k.id());
                    args.add(k.startMs());
                    min = Math.min(min, k.startMs());
                    max = Math.max(max, k.startMs());
                }
                args.add(min);
                args.add(max);
            } else {
                sql = "SELECT " + TRACK_COLUMNS + " FROM track WHERE id IN (" + "?,".repeat(chunk.size() - 1) + "?) AND "
                        + condition.orTrue();
                for (Key k : chunk) args.add(k.id());
            }
            args.addAll(condition.args);
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                Where.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TrackRecord t = TrackCodec.read(rs, false);
                        out.put(t.id(), t);
                    }
                }
            }
        }
        return out;
    }

    /** Rows along the time index, newest first, every condition in SQL (the map's as cells or located cameras). */
    private TrackPage alongTime(Connection conn, Request r, Where filters, Predicate<TrackRecord> exact) throws SQLException {
        TrackQuery q = r.query();
        long to = q.to().toEpochMilli();
        Where where = new Where();
        where.and("start_ms >= ? AND start_ms < ?", r.earliestMs(), to);
        where.and(r.camerasOffIndex());
        where.and(filters);
        MapArea map = q.area().map();
        if (map != null) mapClause(where, map, r.inside(), r.cover(), r.earliestMs(), to);
        String select = "SELECT " + TRACK_COLUMNS + " FROM track WHERE " + where.sql;
        String order = " ORDER BY start_ms DESC, id DESC LIMIT ?";
        int limit = q.limit();
        int batch = Math.max(limit * 2, 100);
        List<TrackRecord> out = new ArrayList<>();
        SearchQuery.Position at = q.after();
        while (out.size() <= limit) {
            List<Object> args = at == null ? Where.concat(where.args, List.of(batch))
                    : Where.concat(where.args, List.of(at.startMs(), at.startMs(), at.id(), batch));
            int seen = 0;
            try (PreparedStatement ps = conn.prepareStatement(
                    at == null ? select + order : select + " AND (start_ms < ? OR (start_ms = ? AND id < ?))" + order)) {
                Where.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seen++;
                        TrackRecord t = TrackCodec.read(rs, false);
                        at = new SearchQuery.Position(t.start().toEpochMilli(), t.id());
                        if (exact.test(t)) {
                            out.add(t);
                            if (out.size() > limit) break;
                        }
                    }
                }
            }
            if (seen < batch) break;
            batch = Math.min(batch * 4, MAX_TIME_BATCH); // sparse matches: read further at a time
        }
        return page(out, limit);
    }

    /**
     * A track is on the map shape when its ground path enters it (calibrated cameras: candidates from the map
     * cells), or, without a ground path, when its camera is located inside.
     */
    private static void mapClause(Where where, MapArea map, Set<String> inside, Optional<MapCells.Cover> cover,
                                  long earliestMs, long toMs) {
        Where ground = new Where();
        ground.and("has_ground = 1");
        cover.ifPresent(c -> ground.and("id IN (SELECT track_id FROM track_cell WHERE res = ? AND "
                        + "start_ms >= ? AND start_ms < ? AND cell IN (" + "?,".repeat(c.cells().size() - 1) + "?))",
                Where.concat(List.of(c.resolution(), earliestMs, toMs), c.cells()).toArray()));
        Where located = new Where();
        located.and("has_ground = 0");
        if (inside.size() <= JdbcCatalogStore.MAX_IN_LIST) {
            located.in("camera_id", inside.isEmpty() ? List.of("") : inside);
        } else {
            double[] b = map.bounds();
            located.and("camera_id IN (SELECT id FROM camera WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?)",
                    b[0], b[2], b[1], b[3]);
        }
        where.and("((" + ground.sql + ") OR (" + located.sql + "))", Where.concat(ground.args, located.args).toArray());
    }

    private static TrackPage page(List<TrackRecord> out, int limit) {
        SearchQuery.Position next = null;
        if (out.size() > limit) {
            out = out.subList(0, limit);
            TrackRecord last = out.get(limit - 1);
            next = new SearchQuery.Position(last.start().toEpochMilli(), last.id());
        }
        return new TrackPage(List.copyOf(out), next);
    }
}
