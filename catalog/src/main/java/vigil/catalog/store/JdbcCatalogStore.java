package vigil.catalog.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import vigil.catalog.access.TokenRecord;
import vigil.catalog.audit.AuditEntry;
import vigil.catalog.audit.AuditEvent;
import vigil.catalog.audit.AuditHead;
import vigil.catalog.audit.AuditQuery;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.CameraCalibration;
import vigil.catalog.camera.CameraPeople;
import vigil.catalog.camera.SourceUrl;
import vigil.catalog.search.MapArea;
import vigil.catalog.search.MapCells;
import vigil.catalog.search.SearchArea;
import vigil.catalog.search.TrackFilter;

/**
 * The catalog over JDBC, on embedded SQLite ({@link #sqlite}) or a shared PostgreSQL ({@link #postgres}), in SQL
 * both speak; what differs (PostgreSQL's day partitions) lives in {@link DayPartitions} and in each database's own
 * Flyway migrations ({@code db/sqlite}, {@code db/postgresql}) beside the shared ones ({@code db/migration}).
 * Owns its connection pool and closes it in {@link #close()}.
 *
 * <p>Searches narrow candidates in SQL (time, cameras and regions, object kind, the coarse image footprint, the
 * map cells of {@link MapCells}), read them newest first in batches, and let exact geometry decide in Java.
 */
public final class JdbcCatalogStore implements CatalogStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcCatalogStore.class);

    /** Ids in one {@code IN (...)} list; past this a subquery on the camera table is used instead. */
    static final int MAX_IN_LIST = 2_000;
    /** How long a longest span read from {@code span_limit} is trusted before it is read again (other nodes raise it). */
    private static final long SPAN_TRUST_NANOS = 5_000_000_000L;

    private final HikariDataSource pool;
    private final CredentialCipher cipher;
    private final DayPartitions partitions;
    /** PostgreSQL plans from its own statistics; SQLite has none and is steered where the store knows better. */
    private final boolean postgres;
    private final TrackSearch trackSearch;
    private final AccessTables access;
    private final MapCells mapCells = new MapCells();
    /** Longest spans this store has already written to {@code span_limit}: saves an update per batch. */
    private final Map<String, Long> spansNoted = new ConcurrentHashMap<>();
    /** Longest spans last read from {@code span_limit}, and when: saves a query per search. */
    private final Map<String, SpanReading> spansRead = new ConcurrentHashMap<>();

    private record SpanReading(long maxMs, long readAtNanos) {
    }

    private JdbcCatalogStore(HikariDataSource pool, CredentialCipher cipher, DayPartitions partitions, boolean postgres) {
        this.pool = pool;
        this.cipher = cipher;
        this.partitions = partitions;
        this.postgres = postgres;
        this.trackSearch = new TrackSearch(pool, postgres);
        this.access = new AccessTables(pool, postgres);
    }

    /** Tests take each plan of track searches in turn (null: the store chooses). */
    void forceTrackPlan(TrackSearch.Plan plan) {
        trackSearch.force(plan);
    }

    /**
     * Opens the catalog a node was pointed at: a {@code jdbc:postgresql:} URL, or (null) the embedded catalog in
     * {@code dataDir/catalog}. The credential key is {@code dataDir/catalog/credentials.key} either way: nodes
     * sharing a PostgreSQL catalog need the same key file.
     */
    public static JdbcCatalogStore open(String catalogUrl, Path dataDir, String password) {
        Path dir = dataDir.resolve("catalog");
        if (catalogUrl == null || catalogUrl.isBlank()) return sqlite(dir);
        if (!catalogUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--catalog must be a jdbc:postgresql://host:port/db URL");
        }
        return postgres(catalogUrl, password, dir.resolve("credentials.key"));
    }

    /**
     * The catalog's directory for the node's user alone: SQLite creates its files as the umask allows (world-readable
     * by default), and they hold the audit trail, who searched what and from where. Logged if it cannot be done (a
     * directory someone else owns, a file system without POSIX permissions).
     */
    private static void ownerOnly(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("catalog directory {} left readable by others ({}): restrict it to the node's user", dir, e.toString());
        }
    }

    /** Opens (creating if needed) {@code catalog.db} and its credential key in {@code dir}, a directory for its user alone. */
    public static JdbcCatalogStore sqlite(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CatalogException("creating catalog directory " + dir, e);
        }
        ownerOnly(dir);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        // A transaction takes the write lock when it begins, waiting for it as long as the busy timeout allows. A
        // deferred one (SQLite's default) that reads first, as an audit append reads the chain's head, fails at once
        // when it comes to write if another connection committed since its read (SQLITE_BUSY_SNAPSHOT in WAL mode):
        // that lost audit entries while a camera's tracks were being written. Every transaction here writes.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setCacheSize(-64_000); // 64 MB of pages: a county's hot indexes stay in memory
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("catalog.db").toAbsolutePath());
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(sqlite);
        hikari.setPoolName("catalog-sqlite");
        hikari.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(hikari);
        migrate(pool, "db/sqlite", "catalog in " + dir);
        return new JdbcCatalogStore(pool, CredentialCipher.fromKeyFile(dir.resolve("credentials.key")), DayPartitions.NONE, false);
    }

    /**
     * Connects to a PostgreSQL catalog and migrates it.
     *
     * @param password the database password, or null when the URL or the server's rules need none; never logged
     */
    public static JdbcCatalogStore postgres(String jdbcUrl, String password, Path keyFile) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(jdbcUrl);
        if (password != null) hikari.setPassword(password);
        hikari.setPoolName("catalog-postgresql");
        hikari.setMaximumPoolSize(8);
        hikari.setConnectionTimeout(10_000);
        hikari.setInitializationFailTimeout(-1); // a database still starting is not a reason to refuse to start
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Searches are prepared statements over day partitions: a generic plan holds every partition of every
        // subquery (a county's 33 camera lanes over 31 days: about a thousand scans, 60-120 ms to plan), while a
        // plan made for the statement's values keeps only the days asked for.
        hikari.setConnectionInitSql("SET plan_cache_mode = force_custom_plan");
        HikariDataSource pool = new HikariDataSource(hikari);
        migrate(pool, "db/postgresql", "catalog at " + redactedUrl(jdbcUrl));
        return new JdbcCatalogStore(pool, CredentialCipher.fromKeyFile(keyFile), new DayPartitions(true), true);
    }

    private static void migrate(HikariDataSource pool, String ownMigrations, String what) {
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration", "classpath:" + ownMigrations)
                    .load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new CatalogException("migrating " + what, e);
        }
    }

    /** The URL without a password a user may have put in its query string. */
    static String redactedUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    // ---- cameras

    @Override
    public void addCamera(Camera c) {
        if (!addCameras(List.of(c))[0]) throw new DuplicateCameraException(c.id());
    }

    @Override
    public boolean[] addCameras(List<Camera> cameras) {
        boolean[] added = new boolean[cameras.size()];
        String sql = "INSERT INTO camera (id, name, source_url, credentials, civil_code, lat, lon, tags, created_at_ms, "
                + "retention_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
        try (Connection conn = pool.getConnection()) {
            Transactions.begin(conn);
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (int i = 0; i < cameras.size(); i++) {
                    bindCamera(ps, cameras.get(i));
                    added[i] = ps.executeUpdate() == 1;
                }
                conn.commit();
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
            return added;
        } catch (SQLException e) {
            throw new CatalogException("adding " + cameras.size() + " camera(s)", e);
        }
    }

    private void bindCamera(PreparedStatement ps, Camera c) throws SQLException {
        ps.setString(1, c.id());
        ps.setString(2, c.name());
        ps.setString(3, c.source().withoutCredentials());
        String userInfo = c.source().sealed();
        ps.setString(4, userInfo == null ? null : Base64.getEncoder().encodeToString(cipher.encrypt(userInfo)));
        ps.setString(5, c.civilCode());
        setDouble(ps, 6, c.lat());
        setDouble(ps, 7, c.lon());
        ps.setString(8, new JsonArray(new ArrayList<>(c.tags())).encode());
        ps.setLong(9, c.createdAt().toEpochMilli());
        if (c.retentionDays() == null) ps.setNull(10, Types.INTEGER);
        else ps.setInt(10, c.retentionDays());
    }

    @Override
    public boolean updateCamera(Camera c) {
        String sql = "UPDATE camera SET name = ?, source_url = ?, credentials = ?, civil_code = ?, lat = ?, lon = ?, "
                + "tags = ?, created_at_ms = ?, retention_days = ? WHERE id = ?";
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            // bindCamera's order with the id moved last
            ps.setString(1, c.name());
            ps.setString(2, c.source().withoutCredentials());
            String userInfo = c.source().sealed();
            ps.setString(3, userInfo == null ? null : Base64.getEncoder().encodeToString(cipher.encrypt(userInfo)));
            ps.setString(4, c.civilCode());
            setDouble(ps, 5, c.lat());
            setDouble(ps, 6, c.lon());
            ps.setString(7, new JsonArray(new ArrayList<>(c.tags())).encode());
            ps.setLong(8, c.createdAt().toEpochMilli());
            if (c.retentionDays() == null) ps.setNull(9, Types.INTEGER);
            else ps.setInt(9, c.retentionDays());
            ps.setString(10, c.id());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new CatalogException("updating camera " + c.id(), e);
        }
    }

    @Override
    public Optional<Camera> camera(String id) {
        return queryCameras("SELECT * FROM camera WHERE id = ?", List.of(id)).stream().findFirst();
    }

    @Override
    public List<Camera> cameras() {
        return queryCameras("SELECT * FROM camera ORDER BY id", List.of());
    }

    @Override
    public List<Camera> cameras(CameraQuery q) {
        Where where = new Where();
        where.and("id > ?", q.afterId() == null ? "" : q.afterId());
        cameraClause(where, q.area());
        MapArea map = q.area().map();
        if (map != null) {
            double[] b = map.bounds();
            where.and("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?", b[0], b[2], b[1], b[3]);
        }
        List<Camera> out = new ArrayList<>();
        String after = q.afterId() == null ? "" : q.afterId();
        while (out.size() < q.limit()) {
            where.args.set(0, after);
            List<Object> args = new ArrayList<>(where.args);
            args.add(q.limit());
            List<Camera> batch = queryCameras("SELECT * FROM camera WHERE " + where.sql + " ORDER BY id LIMIT ?", args);
            for (Camera c : batch) {
                if (map == null || (c.lat() != null && map.contains(c.lat(), c.lon()))) out.add(c);
                if (out.size() == q.limit()) break;
            }
            if (batch.size() < q.limit()) break;
            after = batch.get(batch.size() - 1).id();
        }
        return out;
    }

    private List<Camera> queryCameras(String sql, List<Object> args) {
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            Where.bind(ps, args);
            List<Camera> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sealed = rs.getString("credentials");
                    String userInfo = sealed == null ? null : cipher.decrypt(Base64.getDecoder().decode(sealed));
                    List<String> tags = new ArrayList<>();
                    new JsonArray(rs.getString("tags")).forEach(t -> tags.add(String.valueOf(t)));
                    int days = rs.getInt("retention_days");
                    Integer retention = rs.wasNull() ? null : days;
                    out.add(new Camera(rs.getString("id"), rs.getString("name"),
                            SourceUrl.fromSealed(userInfo, rs.getString("source_url")), rs.getString("civil_code"),
                            getDouble(rs, "lat"), getDouble(rs, "lon"), tags,
                            Instant.ofEpochMilli(rs.getLong("created_at_ms")), retention));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CatalogException("reading cameras", e);
        }
    }

    @Override
    public boolean removeCamera(String id) {
        return update("removing camera " + id, "DELETE FROM camera WHERE id = ?", id) > 0;
    }

    /** The cameras' own condition for an area's cameras, regions and scope (the camera list itself). */
    private static void cameraClause(Where where, SearchArea area) {
        if (!area.cameraIds().isEmpty()) where.in("id", area.cameraIds());
        if (!area.regions().isEmpty()) where.and(regionsClause(area.regions(), List.of()));
        SearchArea.Scope scope = area.scope();
        if (scope != null) where.and(regionsClause(scope.regions(), scope.cameraIds()));
    }

    /** Cameras whose civil code starts with one of the prefixes, or which are listed. */
    private static Where regionsClause(List<String> prefixes, List<String> ids) {
        Where regions = new Where();
        List<Object> args = new ArrayList<>();
        List<String> any = new ArrayList<>();
        for (String prefix : prefixes) {
            any.add("civil_code LIKE ?");
            args.add(prefix + "%"); // prefixes are digits only (checked by the API): nothing to escape
        }
        if (!ids.isEmpty()) {
            any.add("id IN (" + "?,".repeat(ids.size() - 1) + "?)");
            args.addAll(ids);
        }
        if (any.isEmpty()) any.add("1 = 0"); // a scope of nothing sees nothing
        regions.and("(" + String.join(" OR ", any) + ")", args.toArray());
        return regions;
    }

    /**
     * The cameras an area names, resolved for searches of footage: a list of ids when the area names cameras or
     * regions with at most {@value #MAX_IN_LIST} cameras (regions looked up here, so the database plans over a
     * known list), else a subquery on the camera table; any camera when it names neither. A map shape is not
     * applied here: what it means differs between cameras, motion and tracks.
     */
    private Cameras cameras(SearchArea area) {
        if (area.regions().isEmpty() && area.scope() == null) {
            return new Cameras(area.cameraIds().isEmpty() ? null : area.cameraIds(), null);
        }
        Where w = new Where();
        cameraClause(w, area);
        List<String> ids = new ArrayList<>();
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT id FROM camera WHERE " + w.sql + " ORDER BY id LIMIT " + (MAX_IN_LIST + 1))) {
            Where.bind(ps, w.args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new CatalogException("finding the cameras of regions " + area.regions(), e);
        }
        return ids.size() <= MAX_IN_LIST ? new Cameras(ids, null) : new Cameras(null, w);
    }

    /**
     * An area's cameras: {@code ids} when known as a list, else {@code subquery} (a condition on the camera
     * table), or neither for any camera.
     */
    private record Cameras(List<String> ids, Where subquery) {
        /** The condition on a camera id column (maybe empty: any camera). */
        Where condition(String column) {
            Where w = new Where();
            if (ids != null) w.in(column, ids.isEmpty() ? List.of("") : ids);
            else if (subquery != null) w.and(column + " IN (SELECT id FROM camera WHERE " + subquery.sql + ")", subquery.args.toArray());
            return w;
        }
    }

    /** Ids of the cameras located inside a map shape (exactly). */
    private Set<String> camerasInside(MapArea map) {
        double[] b = map.bounds();
        Set<String> inside = new HashSet<>();
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT id, lat, lon FROM camera WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")) {
            Where.bind(ps, List.of(b[0], b[2], b[1], b[3]));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) if (map.contains(rs.getDouble(2), rs.getDouble(3))) inside.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new CatalogException("finding cameras inside " + map, e);
        }
        return inside;
    }

    /** Restricts {@code camera_id} to cameras located inside the shape (exact in Java when the list is long). */
    private Predicate<String> cameraInsideClause(Where where, MapArea map, Set<String> inside) {
        if (inside.size() <= MAX_IN_LIST) {
            where.in("camera_id", inside.isEmpty() ? List.of("") : List.copyOf(inside));
        } else {
            double[] b = map.bounds();
            where.and("camera_id IN (SELECT id FROM camera WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?)",
                    b[0], b[2], b[1], b[3]);
        }
        return inside::contains;
    }

    // ---- clips

    @Override
    public void addClip(Clip c) {
        addClips(List.of(c));
    }

    @Override
    public void addClips(List<Clip> clips) {
        partitions.ensure(pool, clips.stream().map(c -> c.start().toEpochMilli()).toList());
        noteSpan("clip", clips.stream().mapToLong(c -> c.end().toEpochMilli() - c.start().toEpochMilli()).max().orElse(0));
        batch("adding " + clips.size() + " clip(s)",
                "INSERT INTO clip (id, camera_id, start_ms, end_ms, path, bytes, codec, width, height) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", // a replayed write may already be there
                clips, c -> List.of(c.id(), c.cameraId(), c.start().toEpochMilli(), c.end().toEpochMilli(), c.path(),
                        c.bytes(), c.codec(), c.width(), c.height()));
    }

    @Override
    public Optional<Clip> clip(String id) {
        return queryClips("SELECT * FROM clip WHERE id = ?", List.of(id)).stream().findFirst();
    }

    @Override
    public List<Clip> clips(String cameraId, Instant from, Instant to, int limit) {
        long earliest = earliestStart("clip", from);
        if (cameraId == null) {
            return queryClips("SELECT * FROM clip WHERE start_ms >= ? AND start_ms < ? AND end_ms > ? ORDER BY start_ms, id LIMIT ?",
                    List.of(earliest, to.toEpochMilli(), from.toEpochMilli(), limit));
        }
        return queryClips("SELECT * FROM clip WHERE camera_id = ? AND start_ms >= ? AND start_ms < ? AND end_ms > ? "
                + "ORDER BY start_ms, id LIMIT ?", List.of(cameraId, earliest, to.toEpochMilli(), from.toEpochMilli(), limit));
    }

    /** Spans per statement of {@link #clipIds}: SQLite allows 500 terms in a compound SELECT. */
    private static final int SPANS_PER_QUERY = 100;

    @Override
    public List<List<String>> clipIds(List<CameraSpan> spans) {
        List<List<String>> out = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) out.add(new ArrayList<>());
        for (int first = 0; first < spans.size(); first += SPANS_PER_QUERY) {
            StringBuilder sql = new StringBuilder();
            List<Object> args = new ArrayList<>();
            for (int i = first; i < Math.min(spans.size(), first + SPANS_PER_QUERY); i++) {
                CameraSpan span = spans.get(i);
                if (sql.length() > 0) sql.append(" UNION ALL ");
                sql.append("SELECT ").append(i).append(" AS span, start_ms, id FROM (SELECT start_ms, id FROM clip "
                        + "WHERE camera_id = ? AND start_ms >= ? AND start_ms < ? AND end_ms > ? ORDER BY start_ms, id LIMIT ")
                        .append(MAX_CLIPS_PER_SPAN).append(") s").append(i);
                args.addAll(List.of(span.cameraId(), earliestStart("clip", span.from()), span.to().toEpochMilli(),
                        span.from().toEpochMilli()));
            }
            try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(sql + " ORDER BY 1, 2, 3")) {
                Where.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.get(rs.getInt(1)).add(rs.getString(3));
                }
            } catch (SQLException e) {
                throw new CatalogException("finding the clips of " + spans.size() + " span(s)", e);
            }
        }
        return out;
    }

    @Override
    public List<Clip> oldestClips(String pathPrefix, int limit) {
        String like = pathPrefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return queryClips("SELECT * FROM clip WHERE path LIKE ? ESCAPE '!' ORDER BY start_ms, id LIMIT ?", List.of(like, limit));
    }

    private List<Clip> queryClips(String sql, List<Object> args) {
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            Where.bind(ps, args);
            List<Clip> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Clip(rs.getString("id"), rs.getString("camera_id"),
                            Instant.ofEpochMilli(rs.getLong("start_ms")), Instant.ofEpochMilli(rs.getLong("end_ms")),
                            rs.getString("path"), rs.getLong("bytes"), rs.getString("codec"), rs.getInt("width"),
                            rs.getInt("height")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CatalogException("reading clips", e);
        }
    }

    // ---- motion

    @Override
    public void putMotionEvent(MotionEventRecord e) {
        putMotionEvents(List.of(e));
    }

    @Override
    public void putMotionEvents(List<MotionEventRecord> events) {
        partitions.ensure(pool, events.stream().map(e -> e.start().toEpochMilli()).toList());
        noteSpan("motion_event", events.stream().mapToLong(e -> e.end().toEpochMilli() - e.start().toEpochMilli()).max().orElse(0));
        batch("storing " + events.size() + " motion event(s)",
                "INSERT INTO motion_event (id, camera_id, start_ms, end_ms, peak_area, box_x, box_y, box_w, box_h, is_open) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (id, start_ms) DO UPDATE SET end_ms = excluded.end_ms, peak_area = excluded.peak_area, "
                        + "box_x = excluded.box_x, box_y = excluded.box_y, box_w = excluded.box_w, "
                        + "box_h = excluded.box_h, is_open = excluded.is_open",
                events, e -> List.of(e.id(), e.cameraId(), e.start().toEpochMilli(), e.end().toEpochMilli(),
                        e.peakAreaFraction(), e.boxX(), e.boxY(), e.boxWidth(), e.boxHeight(), e.open() ? 1 : 0));
    }

    @Override
    public int closeOpenMotionEvents(List<String> cameraIds) {
        int closed = 0;
        for (int i = 0; i < cameraIds.size(); i += MAX_IN_LIST) {
            List<String> some = cameraIds.subList(i, Math.min(cameraIds.size(), i + MAX_IN_LIST));
            Where w = new Where();
            w.and("is_open = 1");
            w.in("camera_id", some);
            closed += update("closing open motion events", "UPDATE motion_event SET is_open = 0 WHERE " + w.sql, w.args.toArray());
        }
        return closed;
    }

    @Override
    public SearchPage search(SearchQuery q) {
        Where where = new Where();
        where.and("start_ms >= ? AND start_ms < ? AND end_ms >= ?", earliestStart("motion_event", q.from()),
                q.to().toEpochMilli(), q.from().toEpochMilli());
        where.and(cameras(q.area()).condition("camera_id"));
        Predicate<String> cameraOk = id -> true;
        if (q.area().map() != null) cameraOk = cameraInsideClause(where, q.area().map(), camerasInside(q.area().map()));
        Predicate<String> exact = cameraOk;
        Page<SearchHit> page = pageNewestFirst("motion_event", "id, camera_id, start_ms, end_ms", where, q.limit(),
                q.after(), rs -> new SearchHit(rs.getString("id"), rs.getString("camera_id"), "motion",
                        Instant.ofEpochMilli(rs.getLong("start_ms")), Instant.ofEpochMilli(rs.getLong("end_ms")), List.of()),
                h -> exact.test(h.cameraId()), h -> new SearchQuery.Position(h.start().toEpochMilli(), h.id()));
        List<List<String>> clipIds = clipIds(page.items.stream()
                .map(h -> new CameraSpan(h.cameraId(), h.start(), h.end().plusMillis(1))).toList());
        List<SearchHit> withClips = new ArrayList<>(page.items.size());
        for (int i = 0; i < page.items.size(); i++) {
            SearchHit h = page.items.get(i);
            withClips.add(new SearchHit(h.id(), h.cameraId(), h.kind(), h.start(), h.end(), clipIds.get(i)));
        }
        return new SearchPage(withClips, page.next);
    }

    // ---- tracks

    @Override
    public void addTrack(TrackRecord t) {
        addTracks(List.of(t));
    }

    @Override
    public void addTracks(List<TrackRecord> tracks) {
        partitions.ensure(pool, tracks.stream().map(t -> t.start().toEpochMilli()).toList());
        noteSpan("track", tracks.stream().mapToLong(t -> t.end().toEpochMilli() - t.start().toEpochMilli()).max().orElse(0));
        try (Connection conn = pool.getConnection()) {
            Transactions.begin(conn);
            try (PreparedStatement track = conn.prepareStatement(
                    "INSERT INTO track (id, camera_id, start_ms, end_ms, min_x, min_y, max_x, max_y, footprint_coarse, "
                            + "footprint, direction_deg, speed, path, ground_path, h3_cells, thumbnail_path, object_kind, "
                            + "has_ground) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (id, start_ms) DO UPDATE SET end_ms = excluded.end_ms, min_x = excluded.min_x, "
                            + "min_y = excluded.min_y, max_x = excluded.max_x, max_y = excluded.max_y, "
                            + "footprint_coarse = excluded.footprint_coarse, footprint = excluded.footprint, "
                            + "direction_deg = excluded.direction_deg, speed = excluded.speed, path = excluded.path, "
                            + "ground_path = excluded.ground_path, h3_cells = excluded.h3_cells, "
                            + "thumbnail_path = excluded.thumbnail_path, object_kind = excluded.object_kind, "
                            + "has_ground = excluded.has_ground");
                 PreparedStatement boxes = conn.prepareStatement(
                         "INSERT INTO track_boxes (track_id, start_ms, boxes) VALUES (?, ?, ?) "
                                 + "ON CONFLICT (track_id, start_ms) DO UPDATE SET boxes = excluded.boxes");
                 PreparedStatement cells = conn.prepareStatement(
                         "INSERT INTO track_cell (res, cell, start_ms, track_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (TrackRecord t : tracks) {
                    Where.bind(track, TrackCodec.row(t));
                    track.addBatch();
                    Where.bind(boxes, List.of(t.id(), t.start().toEpochMilli(), TrackCodec.boxes(t.boxes())));
                    boxes.addBatch();
                    for (MapCells.Cell c : mapCells.indexCells(t.h3Cells())) {
                        Where.bind(cells, List.of(c.resolution(), c.cell(), t.start().toEpochMilli(), t.id()));
                        cells.addBatch();
                    }
                }
                track.executeBatch();
                boxes.executeBatch();
                cells.executeBatch();
                conn.commit();
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            String first = tracks.isEmpty() ? "" : " (first: " + tracks.get(0).id() + " of camera " + tracks.get(0).cameraId() + ")";
            throw new CatalogException("adding " + tracks.size() + " track(s)" + first, e);
        }
    }

    @Override
    public Optional<TrackRecord> track(String id) {
        try (Connection conn = pool.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT t." + TrackSearch.TRACK_COLUMNS.replace(", ", ", t.")
                     + ", b.boxes FROM track t "
                     + "LEFT JOIN track_boxes b ON b.track_id = t.id AND b.start_ms = t.start_ms WHERE t.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(TrackCodec.read(rs, true)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CatalogException("reading track " + id, e);
        }
    }

    /**
     * Tracks newest first: the store resolves what the query names (its cameras and regions, the cameras inside
     * a map shape and the cells covering it), {@link TrackSearch} plans and reads.
     */
    @Override
    public TrackPage tracks(TrackQuery q) {
        MapArea map = q.area().map();
        Cameras cameras = cameras(q.area());
        return trackSearch.run(new TrackSearch.Request(q, earliestStart("track", q.from()), cameras.ids(),
                cameras.condition("camera_id"), cameras.condition(postgres ? "camera_id" : "+camera_id"),
                map == null ? Set.of() : camerasInside(map), map == null ? Optional.empty() : mapCells.cover(map)));
    }

    // ---- timeline

    @Override
    public List<TimelineBucket> timeline(TimelineQuery q) {
        long from = q.from().toEpochMilli(), to = q.to().toEpochMilli(), bucket = q.bucketMs();
        Where cams = new Where();
        cams.and(cameras(q.area()).condition("camera_id"));
        Predicate<String> cameraOk = id -> true;
        if (q.area().map() != null) cameraOk = cameraInsideClause(cams, q.area().map(), camerasInside(q.area().map()));
        Map<String, long[][]> rows = new HashMap<>(); // camera -> bucket -> recorded, motion, persons, objects
        int n = q.buckets();
        Function<String, long[][]> fresh = id -> new long[n][4];
        try (Connection conn = pool.getConnection()) {
            for (String table : List.of("clip", "motion_event")) {
                int column = table.equals("clip") ? 0 : 1;
                Where w = new Where();
                w.and("start_ms >= ? AND start_ms < ? AND end_ms > ?", earliestStart(table, q.from()), to, from);
                w.and(cams);
                try (PreparedStatement ps = conn.prepareStatement(
                        "SELECT camera_id, start_ms, end_ms FROM " + table + " WHERE " + w.sql)) {
                    Where.bind(ps, w.args);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String camera = rs.getString(1);
                            if (!cameraOk.test(camera)) continue;
                            long s = Math.max(from, rs.getLong(2)), e = Math.min(to, rs.getLong(3));
                            long[][] b = rows.computeIfAbsent(camera, fresh);
                            for (long k = (s - from) / bucket; k < n && from + k * bucket < e; k++) {
                                long bs = from + k * bucket;
                                b[(int) k][column] += Math.min(e, bs + bucket) - Math.max(s, bs);
                            }
                        }
                    }
                }
            }
            Where w = new Where();
            w.and("start_ms >= ? AND start_ms < ?", from, to);
            w.and(cams);
            List<Object> args = Where.concat(List.of(from, bucket), w.args);
            try (PreparedStatement ps = conn.prepareStatement("SELECT camera_id, (start_ms - ?) / ?, object_kind, "
                    + "COUNT(*) FROM track WHERE " + w.sql + " GROUP BY 1, 2, 3")) {
                Where.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String camera = rs.getString(1);
                        if (!cameraOk.test(camera)) continue;
                        int k = (int) rs.getLong(2);
                        rows.computeIfAbsent(camera, fresh)[k][rs.getString(3).equals("person") ? 2 : 3] += rs.getLong(4);
                    }
                }
            }
        } catch (SQLException e) {
            throw new CatalogException("building timeline " + q.from() + ".." + q.to(), e);
        }
        List<TimelineBucket> out = new ArrayList<>();
        rows.keySet().stream().sorted().forEach(camera -> {
            long[][] b = rows.get(camera);
            for (int k = 0; k < n; k++) {
                if (b[k][0] == 0 && b[k][1] == 0 && b[k][2] == 0 && b[k][3] == 0) continue;
                out.add(new TimelineBucket(camera, Instant.ofEpochMilli(from + k * bucket), Math.min(b[k][0], bucket),
                        Math.min(b[k][1], bucket), (int) b[k][2], (int) b[k][3]));
            }
        });
        return out;
    }

    // ---- retention

    @Override
    public long removeFootage(String cameraId, Instant before) {
        long beforeMs = before.toEpochMilli();
        String camera = cameraId == null ? "" : " AND camera_id = ?";
        List<Object> args = cameraId == null ? List.of(beforeMs) : List.of(beforeMs, cameraId);
        List<Object> ended = cameraId == null ? List.of(beforeMs, beforeMs) : List.of(beforeMs, beforeMs, cameraId);
        // motion and tracks that end before the cut; what goes on past it still has footage to show
        String endedTracks = "SELECT id FROM track WHERE start_ms < ? AND end_ms < ?" + camera;
        long removed = 0;
        try (Connection conn = pool.getConnection()) {
            Transactions.begin(conn);
            try {
                if (cameraId == null) removed += partitions.dropBefore(conn, beforeMs);
                for (String table : List.of("track_cell", "track_boxes")) {
                    removed += execute(conn, "DELETE FROM " + table + " WHERE start_ms < ? AND track_id IN (" + endedTracks + ")",
                            Where.concat(List.of(beforeMs), ended));
                }
                for (String table : List.of("track", "motion_event")) {
                    removed += execute(conn, "DELETE FROM " + table + " WHERE start_ms < ? AND end_ms < ?" + camera, ended);
                }
                removed += execute(conn, "DELETE FROM clip WHERE start_ms < ?" + camera, args);
                conn.commit();
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new CatalogException("removing footage before " + before + (cameraId == null ? "" : " of camera " + cameraId), e);
        }
        return removed;
    }

    private static int execute(Connection conn, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            Where.bind(ps, args);
            return ps.executeUpdate();
        }
    }

    // ---- per-camera settings

    @Override
    public void putCalibration(CameraCalibration c) {
        JsonArray points = new JsonArray();
        for (CameraCalibration.Point p : c.points()) {
            points.add(new JsonArray().add(p.imageX()).add(p.imageY()).add(p.lat()).add(p.lon()));
        }
        JsonArray h = new JsonArray();
        for (double v : c.homography()) h.add(v);
        JsonArray r = new JsonArray();
        for (double v : c.residualsMeters()) r.add(v);
        update("storing calibration of camera " + c.cameraId(),
                "INSERT INTO camera_calibration (camera_id, points, homography, origin_lat, origin_lon, residuals_m, updated_at_ms) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (camera_id) DO UPDATE SET points = excluded.points, "
                        + "homography = excluded.homography, origin_lat = excluded.origin_lat, origin_lon = excluded.origin_lon, "
                        + "residuals_m = excluded.residuals_m, updated_at_ms = excluded.updated_at_ms",
                c.cameraId(), points.encode(), h.encode(), c.originLat(), c.originLon(), r.encode(), c.updatedAt().toEpochMilli());
    }

    @Override
    public Optional<CameraCalibration> calibration(String cameraId) {
        try (Connection conn = pool.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT * FROM camera_calibration WHERE camera_id = ?")) {
            ps.setString(1, cameraId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                List<CameraCalibration.Point> points = new ArrayList<>();
                for (Object o : new JsonArray(rs.getString("points"))) {
                    JsonArray p = (JsonArray) o;
                    points.add(new CameraCalibration.Point(p.getDouble(0), p.getDouble(1), p.getDouble(2), p.getDouble(3)));
                }
                return Optional.of(new CameraCalibration(cameraId, points,
                        doubles(rs.getString("homography")), rs.getDouble("origin_lat"), rs.getDouble("origin_lon"),
                        doubles(rs.getString("residuals_m")), Instant.ofEpochMilli(rs.getLong("updated_at_ms"))));
            }
        } catch (SQLException e) {
            throw new CatalogException("reading calibration of camera " + cameraId, e);
        }
    }

    @Override
    public void putMasks(String cameraId, List<List<double[]>> polygons) {
        JsonArray all = new JsonArray();
        for (List<double[]> polygon : polygons) {
            JsonArray p = new JsonArray();
            for (double[] xy : polygon) p.add(new JsonArray().add(xy[0]).add(xy[1]));
            all.add(p);
        }
        update("storing masks of camera " + cameraId,
                "INSERT INTO camera_masks (camera_id, polygons, updated_at_ms) VALUES (?, ?, ?) "
                        + "ON CONFLICT (camera_id) DO UPDATE SET polygons = excluded.polygons, updated_at_ms = excluded.updated_at_ms",
                cameraId, all.encode(), System.currentTimeMillis());
    }

    @Override
    public List<List<double[]>> masks(String cameraId) {
        try (Connection conn = pool.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT polygons FROM camera_masks WHERE camera_id = ?")) {
            ps.setString(1, cameraId);
            try (ResultSet rs = ps.executeQuery()) {
                List<List<double[]>> out = new ArrayList<>();
                if (!rs.next()) return out;
                for (Object o : new JsonArray(rs.getString(1))) {
                    List<double[]> polygon = new ArrayList<>();
                    for (Object q : (JsonArray) o) polygon.add(new double[] {((JsonArray) q).getDouble(0), ((JsonArray) q).getDouble(1)});
                    out.add(polygon);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new CatalogException("reading masks of camera " + cameraId, e);
        }
    }

    @Override
    public void putPeople(String cameraId, CameraPeople people) {
        update("storing person detection of camera " + cameraId,
                "INSERT INTO camera_people (camera_id, enabled, min_person_height, updated_at_ms) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (camera_id) DO UPDATE SET enabled = excluded.enabled, "
                        + "min_person_height = excluded.min_person_height, updated_at_ms = excluded.updated_at_ms",
                cameraId, people.enabled(), people.minPersonHeight(), System.currentTimeMillis());
    }

    @Override
    public Optional<CameraPeople> people(String cameraId) {
        try (Connection conn = pool.getConnection();
             PreparedStatement ps = conn.prepareStatement(
                     "SELECT enabled, min_person_height FROM camera_people WHERE camera_id = ?")) {
            ps.setString(1, cameraId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new CameraPeople(rs.getBoolean(1), rs.getDouble(2)));
            }
        } catch (SQLException e) {
            throw new CatalogException("reading person detection of camera " + cameraId, e);
        }
    }

    @Override
    public void putAnalysisMode(String cameraId, String mode) {
        update("storing the analysis mode of camera " + cameraId,
                "INSERT INTO camera_analysis (camera_id, mode, updated_at_ms) VALUES (?, ?, ?) "
                        + "ON CONFLICT (camera_id) DO UPDATE SET mode = excluded.mode, updated_at_ms = excluded.updated_at_ms",
                cameraId, mode, System.currentTimeMillis());
    }

    @Override
    public Optional<String> analysisMode(String cameraId) {
        try (Connection conn = pool.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT mode FROM camera_analysis WHERE camera_id = ?")) {
            ps.setString(1, cameraId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CatalogException("reading the analysis mode of camera " + cameraId, e);
        }
    }

    // ---- access

    @Override
    public void addToken(TokenRecord token) {
        access.addToken(token);
    }

    @Override
    public Optional<TokenRecord> tokenByHash(String secretHash) {
        return access.tokenByHash(secretHash);
    }

    @Override
    public Optional<TokenRecord> token(String id) {
        return access.token(id);
    }

    @Override
    public List<TokenRecord> tokens() {
        return access.tokens();
    }

    @Override
    public boolean revokeToken(String id, Instant at) {
        return access.revokeToken(id, at);
    }

    @Override
    public AuditEntry appendAudit(AuditEvent event) {
        return access.appendAudit(event);
    }

    @Override
    public AuditHead auditHead() {
        return access.auditHead();
    }

    @Override
    public List<AuditEntry> auditEntries(long afterSeq, int limit) {
        return access.auditEntries(afterSeq, limit);
    }

    @Override
    public List<AuditEntry> audit(AuditQuery query) {
        return access.audit(query);
    }

    @Override
    public long pruneAudit(Instant before) {
        return access.pruneAudit(before);
    }

    @Override
    public byte[] derivedKey(String purpose) {
        return cipher.derivedKey(purpose);
    }

    @Override
    public void close() {
        pool.close();
    }

    // ---- spans: how far back a row overlapping a window can start

    /** The longest span of any row of a big table, from {@code span_limit} (shared by every node writing the catalog). */
    private long longestSpan(String table) {
        SpanReading known = spansRead.get(table);
        if (known != null && System.nanoTime() - known.readAtNanos() < SPAN_TRUST_NANOS) return known.maxMs();
        long read = readLongestSpan(table);
        spansRead.put(table, new SpanReading(read, System.nanoTime()));
        return read;
    }

    private long readLongestSpan(String table) {
        try (Connection conn = pool.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT max_ms FROM span_limit WHERE name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : Long.MAX_VALUE / 4;
            }
        } catch (SQLException e) {
            throw new CatalogException("reading the longest span of " + table, e);
        }
    }

    /** Raises a table's longest span before rows that long are written (so no search misses them). */
    private void noteSpan(String table, long spanMs) {
        Long known = spansNoted.get(table);
        if (known != null && known >= spanMs) return;
        update("noting the longest span of " + table, "UPDATE span_limit SET max_ms = ? WHERE name = ? AND max_ms < ?",
                spanMs, table, spanMs);
        spansNoted.merge(table, spanMs, Math::max);
        spansRead.computeIfPresent(table, (t, r) -> r.maxMs() >= spanMs ? r : new SpanReading(spanMs, r.readAtNanos()));
    }

    /** {@code start_ms >= from - longest span}: the lower bound that lets an index on start_ms be read as a range. */
    private long earliestStart(String table, Instant from) {
        long span = longestSpan(table);
        return span >= from.toEpochMilli() ? Long.MIN_VALUE / 2 : from.toEpochMilli() - span;
    }

    // ---- plumbing

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private record Page<T>(List<T> items, SearchQuery.Position next) {
    }

    /**
     * Reads rows newest first (start_ms, then id, descending) from a keyset position in batches, keeping those the
     * exact test accepts, until a page and one more are found or the rows run out.
     */
    private <T> Page<T> pageNewestFirst(String table, String columns, Where where, int limit, SearchQuery.Position after,
                                        RowReader<T> reader, Predicate<T> exact, Function<T, SearchQuery.Position> position) {
        String select = "SELECT " + columns + " FROM " + table + " WHERE " + (where.sql.length() == 0 ? "1 = 1" : where.sql);
        String order = " ORDER BY start_ms DESC, id DESC LIMIT ?";
        String first = select + order;
        String next = select + " AND (start_ms < ? OR (start_ms = ? AND id < ?))" + order;
        int batch = Math.max(limit * 2, 100);
        List<T> out = new ArrayList<>();
        SearchQuery.Position at = after;
        try (Connection conn = pool.getConnection()) {
            while (out.size() <= limit) {
                List<Object> args = at == null ? Where.concat(where.args, List.of(batch))
                        : Where.concat(where.args, List.of(at.startMs(), at.startMs(), at.id(), batch));
                int seen = 0;
                try (PreparedStatement ps = conn.prepareStatement(at == null ? first : next)) {
                    Where.bind(ps, args);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            seen++;
                            T item = reader.read(rs);
                            at = position.apply(item);
                            if (exact.test(item)) {
                                out.add(item);
                                if (out.size() > limit) break;
                            }
                        }
                    }
                }
                if (seen < batch) break;
                batch = Math.min(batch * 4, 10_000); // sparse matches: read further at a time
            }
        } catch (SQLException e) {
            throw new CatalogException("searching " + table, e);
        }
        SearchQuery.Position last = null;
        if (out.size() > limit) {
            out = out.subList(0, limit);
            last = position.apply(out.get(limit - 1));
        }
        return new Page<>(out, last);
    }

    private <T> void batch(String what, String sql, List<T> items, Function<T, List<Object>> row) {
        if (items.isEmpty()) return;
        try (Connection conn = pool.getConnection()) {
            Transactions.begin(conn);
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (T item : items) {
                    Where.bind(ps, row.apply(item));
                    ps.addBatch();
                }
                ps.executeBatch();
                conn.commit();
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new CatalogException(what, e);
        }
    }

    private int update(String what, String sql, Object... args) {
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            Where.bind(ps, Arrays.asList(args));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new CatalogException(what, e);
        }
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) ps.setNull(index, Types.DOUBLE);
        else ps.setDouble(index, value);
    }

    private static Double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static double[] doubles(String json) {
        JsonArray a = new JsonArray(json);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.getDouble(i);
        return out;
    }
}
