package vigil.catalog.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
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

    /** Everything of a track but its box list: what searches read. */
    private static final String TRACK_COLUMNS = "id, camera_id, start_ms, end_ms, min_x, min_y, max_x, max_y, "
            + "footprint, direction_deg, speed, path, ground_path, h3_cells, thumbnail_path, object_kind";
    /** Ids in one {@code IN (...)} list; past this a subquery on the camera table is used instead. */
    private static final int MAX_IN_LIST = 2_000;

    private final HikariDataSource pool;
    private final CredentialCipher cipher;
    private final DayPartitions partitions;
    /**
     * SQLite plans without statistics, so where the store knows better (see {@link #tracks}) it steers it: a
     * unary {@code +} before a column keeps SQLite from using that column's index. PostgreSQL plans from its own
     * statistics and gets the plain SQL.
     */
    private final boolean steerPlans;
    private final MapCells mapCells = new MapCells();
    /** Longest spans this store has already written to {@code span_limit}: saves an update per batch. */
    private final Map<String, Long> spansNoted = new ConcurrentHashMap<>();

    private JdbcCatalogStore(HikariDataSource pool, CredentialCipher cipher, DayPartitions partitions, boolean steerPlans) {
        this.pool = pool;
        this.cipher = cipher;
        this.partitions = partitions;
        this.steerPlans = steerPlans;
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

    /** Opens (creating if needed) {@code catalog.db} and its credential key in {@code dir}. */
    public static JdbcCatalogStore sqlite(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CatalogException("creating catalog directory " + dir, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setCacheSize(-64_000); // 64 MB of pages: a county's hot indexes stay in memory
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("catalog.db").toAbsolutePath());
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(sqlite);
        hikari.setPoolName("catalog-sqlite");
        hikari.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(hikari);
        migrate(pool, "db/sqlite", "catalog in " + dir);
        return new JdbcCatalogStore(pool, CredentialCipher.fromKeyFile(dir.resolve("credentials.key")), DayPartitions.NONE, true);
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
        HikariDataSource pool = new HikariDataSource(hikari);
        migrate(pool, "db/postgresql", "catalog at " + redactedUrl(jdbcUrl));
        return new JdbcCatalogStore(pool, CredentialCipher.fromKeyFile(keyFile), new DayPartitions(true), false);
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
            conn.setAutoCommit(false);
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
        String userInfo = c.source().rawUserInfo();
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
            String userInfo = c.source().rawUserInfo();
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
        cameraClause(where, q.area(), "id");
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
            bind(ps, args);
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
                            SourceUrl.of(userInfo, rs.getString("source_url")), rs.getString("civil_code"),
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

    /**
     * Narrows {@code column} (a camera id) to the area's cameras and regions. A map shape is not applied here:
     * what it means differs between cameras, motion and tracks.
     */
    private static void cameraClause(Where where, SearchArea area, String column) {
        if (!area.cameraIds().isEmpty()) where.in(column, area.cameraIds());
        if (!area.regions().isEmpty()) {
            StringBuilder sql = new StringBuilder();
            List<Object> args = new ArrayList<>();
            for (String prefix : area.regions()) {
                if (sql.length() > 0) sql.append(" OR ");
                sql.append("civil_code LIKE ?");
                args.add(prefix + "%"); // prefixes are digits only (checked by the API): nothing to escape
            }
            if (column.equals("id")) where.and("(" + sql + ")", args.toArray());
            else where.and(column + " IN (SELECT id FROM camera WHERE " + sql + ")", args.toArray());
        }
    }

    /** Ids of the cameras located inside a map shape (exactly). */
    private Set<String> camerasInside(MapArea map) {
        double[] b = map.bounds();
        Set<String> inside = new HashSet<>();
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT id, lat, lon FROM camera WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")) {
            bind(ps, List.of(b[0], b[2], b[1], b[3]));
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
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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

    @Override
    public List<Clip> oldestClips(String pathPrefix, int limit) {
        String like = pathPrefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return queryClips("SELECT * FROM clip WHERE path LIKE ? ESCAPE '!' ORDER BY start_ms, id LIMIT ?", List.of(like, limit));
    }

    private List<Clip> queryClips(String sql, List<Object> args) {
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, args);
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
    public SearchPage search(SearchQuery q) {
        Where where = new Where();
        where.and("start_ms >= ? AND start_ms < ? AND end_ms >= ?", earliestStart("motion_event", q.from()),
                q.to().toEpochMilli(), q.from().toEpochMilli());
        cameraClause(where, q.area(), "camera_id");
        Predicate<String> cameraOk = id -> true;
        if (q.area().map() != null) cameraOk = cameraInsideClause(where, q.area().map(), camerasInside(q.area().map()));
        Predicate<String> exact = cameraOk;
        Page<SearchHit> page = pageNewestFirst("motion_event", "id, camera_id, start_ms, end_ms", where, q.limit(),
                q.after(), rs -> new SearchHit(rs.getString("id"), rs.getString("camera_id"), "motion",
                        Instant.ofEpochMilli(rs.getLong("start_ms")), Instant.ofEpochMilli(rs.getLong("end_ms")), List.of()),
                h -> exact.test(h.cameraId()), h -> new SearchQuery.Position(h.start().toEpochMilli(), h.id()));
        List<SearchHit> withClips = new ArrayList<>(page.items.size());
        for (SearchHit h : page.items) {
            List<String> clipIds = new ArrayList<>();
            clips(h.cameraId(), h.start(), h.end().plusMillis(1), 100).forEach(c -> clipIds.add(c.id()));
            withClips.add(new SearchHit(h.id(), h.cameraId(), h.kind(), h.start(), h.end(), clipIds));
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
            conn.setAutoCommit(false);
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
                    bind(track, TrackCodec.row(t));
                    track.addBatch();
                    bind(boxes, List.of(t.id(), t.start().toEpochMilli(), TrackCodec.boxes(t.boxes())));
                    boxes.addBatch();
                    for (MapCells.Cell c : mapCells.indexCells(t.h3Cells())) {
                        bind(cells, List.of(c.resolution(), c.cell(), t.start().toEpochMilli(), t.id()));
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
             PreparedStatement ps = conn.prepareStatement("SELECT t." + TRACK_COLUMNS.replace(", ", ", t.")
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

    /** Candidates up to which a search reads them all through a selective index and sorts them. */
    private static final int FEW_CANDIDATES = 2_000;
    private volatile int fewCandidates = FEW_CANDIDATES;

    /** Tests set 0 to take the other plan: every search then walks the time index. */
    void fewCandidates(int n) {
        fewCandidates = n;
    }

    /** What a track search reads its candidates by: newest first along time, or by the cameras' or map's index. */
    private enum Driver { TIME, CAMERAS, MAP }

    /**
     * Tracks newest first. The store first counts (up to {@value #FEW_CANDIDATES}) the candidates a selective
     * index gives — the map cells' index for a map shape, the cameras' index for a set of cameras — and when
     * there are few, reads just those and sorts them; otherwise it walks the time index newest first and stops
     * at a page, which is cheap because matches are then common.
     */
    @Override
    public TrackPage tracks(TrackQuery q) {
        long earliest = earliestStart("track", q.from()), to = q.to().toEpochMilli();
        MapArea map = q.area().map();
        Set<String> inside = map == null ? Set.of() : camerasInside(map);
        Optional<MapCells.Cover> cover = map == null ? Optional.empty() : mapCells.cover(map);
        Where cameras = new Where();
        cameraClause(cameras, q.area(), "camera_id");
        Driver driver = Driver.TIME;
        if (map != null && cover.isPresent() && inside.size() <= MAX_IN_LIST
                && few(mapCandidates(cover.get(), inside, earliest, to))) {
            driver = Driver.MAP;
        } else if (cameras.sql.length() > 0 && few(cameraCandidates(cameras, earliest, to))) {
            driver = Driver.CAMERAS;
        }
        Where where = new Where();
        where.and("start_ms >= ? AND start_ms < ? AND end_ms >= ?", earliest, to, q.from().toEpochMilli());
        if (cameras.sql.length() > 0) {
            Where steered = new Where();
            cameraClause(steered, q.area(), steer("camera_id", driver != Driver.CAMERAS));
            where.and(steered);
        }
        if (q.objectKind() != null) where.and(steer("object_kind", driver != Driver.TIME) + " = ?", q.objectKind());
        TrackFilter filter = q.filter();
        if (!filter.isEmpty()) where.and("(footprint_coarse & ?) <> 0", filter.coarseMask());
        Predicate<TrackRecord> exact = t -> filter.isEmpty() || filter.matches(t);
        if (map != null) {
            if (driver == Driver.MAP) {
                Where keys = mapCandidates(cover.get(), inside, earliest, to);
                where.and("(id, start_ms) IN (" + keys.sql + ")", keys.args.toArray());
            } else {
                mapClause(where, map, inside, cover, earliest, to);
            }
            exact = exact.and(t -> t.groundPath().isEmpty() ? inside.contains(t.cameraId())
                    : map.entersPath(TrackCodec.latLon(t.groundPath())));
        }
        Page<TrackRecord> page = pageNewestFirst("track", TRACK_COLUMNS, where, q.limit(), q.after(),
                rs -> TrackCodec.read(rs, false), exact, t -> new SearchQuery.Position(t.start().toEpochMilli(), t.id()));
        return new TrackPage(List.copyOf(page.items), page.next);
    }

    private String steer(String column, boolean keepOffItsIndex) {
        return steerPlans && keepOffItsIndex ? "+" + column : column;
    }

    /** Keys (track_id, start_ms) of the tracks the map cells or the cameras inside the shape give. */
    private static Where mapCandidates(MapCells.Cover cover, Set<String> inside, long earliestMs, long toMs) {
        Where keys = new Where();
        keys.sql.append("SELECT track_id, start_ms FROM track_cell WHERE res = ? AND start_ms >= ? AND start_ms < ? AND cell IN (")
                .append("?,".repeat(cover.cells().size() - 1)).append("?)");
        keys.args.addAll(concat(List.of(cover.resolution(), earliestMs, toMs), cover.cells()));
        if (!inside.isEmpty()) {
            keys.sql.append(" UNION SELECT id, start_ms FROM track WHERE start_ms >= ? AND start_ms < ? AND camera_id IN (")
                    .append("?,".repeat(inside.size() - 1)).append("?)");
            keys.args.addAll(concat(List.of(earliestMs, toMs), inside));
        }
        return keys;
    }

    private static Where cameraCandidates(Where cameras, long earliestMs, long toMs) {
        Where keys = new Where();
        keys.sql.append("SELECT 1 FROM track WHERE start_ms >= ? AND start_ms < ? AND ").append(cameras.sql);
        keys.args.addAll(concat(List.of(earliestMs, toMs), cameras.args));
        return keys;
    }

    /** Whether the keys a query gives are at most {@value #FEW_CANDIDATES} (counted from its index, no further). */
    private boolean few(Where keys) {
        int few = fewCandidates;
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT COUNT(*) FROM (" + keys.sql + " LIMIT " + (few + 1) + ") candidates")) {
            bind(ps, keys.args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) <= few;
            }
        } catch (SQLException e) {
            throw new CatalogException("counting candidates", e);
        }
    }

    /**
     * A track is on the map shape when its ground path enters it (calibrated cameras: candidates from the map
     * cells), or, without a ground path, when its camera is located inside.
     */
    private void mapClause(Where where, MapArea map, Set<String> inside, Optional<MapCells.Cover> cover, long earliestMs, long toMs) {
        Where ground = new Where();
        ground.and("has_ground = 1");
        cover.ifPresent(c -> ground.and("id IN (SELECT track_id FROM track_cell WHERE res = ? AND "
                + "start_ms >= ? AND start_ms < ? AND cell IN (" + "?,".repeat(c.cells().size() - 1) + "?))",
                concat(List.of(c.resolution(), earliestMs, toMs), c.cells()).toArray()));
        Where located = new Where();
        located.and("has_ground = 0");
        cameraInsideClause(located, map, inside);
        where.and("((" + ground.sql + ") OR (" + located.sql + "))", concat(ground.args, located.args).toArray());
    }

    // ---- timeline

    @Override
    public List<TimelineBucket> timeline(TimelineQuery q) {
        long from = q.from().toEpochMilli(), to = q.to().toEpochMilli(), bucket = q.bucketMs();
        Where cams = new Where();
        cameraClause(cams, q.area(), "camera_id");
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
                    bind(ps, w.args);
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
            List<Object> args = concat(List.of(from, bucket), w.args);
            try (PreparedStatement ps = conn.prepareStatement("SELECT camera_id, (start_ms - ?) / ?, object_kind, "
                    + "COUNT(*) FROM track WHERE " + w.sql + " GROUP BY 1, 2, 3")) {
                bind(ps, args);
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
            conn.setAutoCommit(false);
            try {
                if (cameraId == null) removed += partitions.dropBefore(conn, beforeMs);
                for (String table : List.of("track_cell", "track_boxes")) {
                    removed += execute(conn, "DELETE FROM " + table + " WHERE start_ms < ? AND track_id IN (" + endedTracks + ")",
                            concat(List.of(beforeMs), ended));
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
            bind(ps, args);
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
    public void close() {
        pool.close();
    }

    // ---- spans: how far back a row overlapping a window can start

    /** The longest span of any row of a big table, from {@code span_limit} (shared by every node writing the catalog). */
    private long longestSpan(String table) {
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
    }

    /** {@code start_ms >= from - longest span}: the lower bound that lets an index on start_ms be read as a range. */
    private long earliestStart(String table, Instant from) {
        long span = longestSpan(table);
        return span >= from.toEpochMilli() ? Long.MIN_VALUE / 2 : from.toEpochMilli() - span;
    }

    // ---- plumbing

    /** A SQL condition built from parts joined by AND, with its arguments in order. */
    private static final class Where {
        final StringBuilder sql = new StringBuilder();
        final List<Object> args = new ArrayList<>();

        void and(String condition, Object... values) {
            if (sql.length() > 0) sql.append(" AND ");
            sql.append(condition);
            args.addAll(List.of(values));
        }

        void and(Where other) {
            if (other.sql.length() > 0) and(other.sql.toString(), other.args.toArray());
        }

        void in(String column, List<?> values) {
            and(column + " IN (" + "?,".repeat(values.size() - 1) + "?)", values.toArray());
        }
    }

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
                List<Object> args = at == null ? concat(where.args, List.of(batch))
                        : concat(where.args, List.of(at.startMs(), at.startMs(), at.id(), batch));
                int seen = 0;
                try (PreparedStatement ps = conn.prepareStatement(at == null ? first : next)) {
                    bind(ps, args);
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
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (T item : items) {
                    bind(ps, row.apply(item));
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
            bind(ps, Arrays.asList(args));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new CatalogException(what, e);
        }
    }

    private static void bind(PreparedStatement ps, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
    }

    private static List<Object> concat(List<?> a, Collection<?> b) {
        List<Object> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
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
