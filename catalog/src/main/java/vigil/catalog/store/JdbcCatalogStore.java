package vigil.catalog.store;

import io.vertx.core.json.JsonArray;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.SourceUrl;

/**
 * The catalog over JDBC, in SQL that SQLite and PostgreSQL both speak. Owns nothing but what it is given:
 * the data source's life belongs to whoever built it (see {@link SqliteCatalogStore}).
 */
class JdbcCatalogStore {

    private final DataSource dataSource;
    private final CredentialCipher cipher;

    JdbcCatalogStore(DataSource dataSource, CredentialCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    void addCamera(Camera c) {
        String sql = "INSERT INTO camera (id, name, source_url, credentials, civil_code, lat, lon, tags, created_at_ms) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection conn = dataSource.getConnection()) {
            if (exists(conn, c.id())) throw new DuplicateCameraException(c.id());
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
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
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) throw new DuplicateCameraException(c.id());
            throw new CatalogException("adding camera " + c.id(), e);
        }
    }

    private static boolean exists(Connection conn, String id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM camera WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    Optional<Camera> camera(String id) {
        List<Camera> found = queryCameras("SELECT * FROM camera WHERE id = ?", id);
        return found.stream().findFirst();
    }

    List<Camera> cameras() {
        return queryCameras("SELECT * FROM camera ORDER BY id");
    }

    private List<Camera> queryCameras(String sql, Object... args) {
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, args);
            List<Camera> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sealed = rs.getString("credentials");
                    String userInfo = sealed == null ? null : cipher.decrypt(Base64.getDecoder().decode(sealed));
                    List<String> tags = new ArrayList<>();
                    new JsonArray(rs.getString("tags")).forEach(t -> tags.add(String.valueOf(t)));
                    out.add(new Camera(rs.getString("id"), rs.getString("name"),
                            SourceUrl.of(userInfo, rs.getString("source_url")), rs.getString("civil_code"),
                            getDouble(rs, "lat"), getDouble(rs, "lon"), tags,
                            Instant.ofEpochMilli(rs.getLong("created_at_ms"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CatalogException("reading cameras", e);
        }
    }

    boolean removeCamera(String id) {
        return update("removing camera " + id, "DELETE FROM camera WHERE id = ?", id) > 0;
    }

    void addClip(Clip c) {
        update("adding clip " + c.id() + " of camera " + c.cameraId(),
                "INSERT INTO clip (id, camera_id, start_ms, end_ms, path, bytes, codec, width, height) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.id(), c.cameraId(), c.start().toEpochMilli(), c.end().toEpochMilli(), c.path(), c.bytes(),
                c.codec(), c.width(), c.height());
    }

    Optional<Clip> clip(String id) {
        return queryClips("SELECT * FROM clip WHERE id = ?", id).stream().findFirst();
    }

    List<Clip> clips(String cameraId, Instant from, Instant to, int limit) {
        if (cameraId == null) {
            return queryClips("SELECT * FROM clip WHERE start_ms < ? AND end_ms > ? ORDER BY start_ms, id LIMIT ?",
                    to.toEpochMilli(), from.toEpochMilli(), limit);
        }
        return queryClips("SELECT * FROM clip WHERE camera_id = ? AND start_ms < ? AND end_ms > ? "
                + "ORDER BY start_ms, id LIMIT ?", cameraId, to.toEpochMilli(), from.toEpochMilli(), limit);
    }

    private List<Clip> queryClips(String sql, Object... args) {
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
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

    void putMotionEvent(MotionEventRecord e) {
        update("storing motion event " + e.id() + " of camera " + e.cameraId(),
                "INSERT INTO motion_event (id, camera_id, start_ms, end_ms, peak_area, box_x, box_y, box_w, box_h, is_open) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET end_ms = excluded.end_ms, peak_area = excluded.peak_area, "
                        + "box_x = excluded.box_x, box_y = excluded.box_y, box_w = excluded.box_w, "
                        + "box_h = excluded.box_h, is_open = excluded.is_open",
                e.id(), e.cameraId(), e.start().toEpochMilli(), e.end().toEpochMilli(), e.peakAreaFraction(),
                e.boxX(), e.boxY(), e.boxWidth(), e.boxHeight(), e.open() ? 1 : 0);
    }

    SearchPage search(SearchQuery q) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, camera_id, start_ms, end_ms FROM motion_event WHERE start_ms < ? AND end_ms >= ?");
        List<Object> args = new ArrayList<>(List.of(q.to().toEpochMilli(), q.from().toEpochMilli()));
        if (!q.cameraIds().isEmpty()) {
            sql.append(" AND camera_id IN (").append("?,".repeat(q.cameraIds().size() - 1)).append("?)");
            args.addAll(q.cameraIds());
        }
        if (q.after() != null) {
            sql.append(" AND (start_ms < ? OR (start_ms = ? AND id < ?))");
            args.addAll(List.of(q.after().startMs(), q.after().startMs(), q.after().id()));
        }
        sql.append(" ORDER BY start_ms DESC, id DESC LIMIT ?");
        args.add(q.limit() + 1);
        try (Connection conn = dataSource.getConnection()) {
            List<SearchHit> hits = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
                bind(ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hits.add(new SearchHit(rs.getString("id"), rs.getString("camera_id"), "motion",
                                Instant.ofEpochMilli(rs.getLong("start_ms")),
                                Instant.ofEpochMilli(rs.getLong("end_ms")), List.of()));
                    }
                }
            }
            SearchQuery.Position next = null;
            if (hits.size() > q.limit()) {
                hits = hits.subList(0, q.limit());
                SearchHit last = hits.get(hits.size() - 1);
                next = new SearchQuery.Position(last.start().toEpochMilli(), last.id());
            }
            List<SearchHit> withClips = new ArrayList<>(hits.size());
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT id FROM clip WHERE camera_id = ? AND start_ms <= ? AND end_ms >= ? ORDER BY start_ms, id")) {
                for (SearchHit h : hits) {
                    bind(ps, h.cameraId(), h.end().toEpochMilli(), h.start().toEpochMilli());
                    List<String> clipIds = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) clipIds.add(rs.getString(1));
                    }
                    withClips.add(new SearchHit(h.id(), h.cameraId(), h.kind(), h.start(), h.end(), clipIds));
                }
            }
            return new SearchPage(withClips, next);
        } catch (SQLException e) {
            throw new CatalogException("searching " + q.from() + ".." + q.to(), e);
        }
    }

    void addTrack(TrackRecord t) {
        JsonArray path = new JsonArray();
        for (TrackRecord.Point p : t.path()) path.add(new JsonArray().add(p.timeMs()).add(round(p.x())).add(round(p.y())));
        JsonArray boxes = new JsonArray();
        for (TrackRecord.Box b : t.boxes()) {
            boxes.add(new JsonArray().add(b.timeMs()).add(round(b.x())).add(round(b.y())).add(round(b.width())).add(round(b.height())));
        }
        StringBuilder footprint = new StringBuilder(256);
        for (long word : t.footprint()) footprint.append(String.format("%016x", word));
        JsonArray ground = new JsonArray();
        for (TrackRecord.GroundFix g : t.groundPath()) ground.add(new JsonArray().add(g.timeMs()).add(g.lat()).add(g.lon()));
        update("adding track " + t.id() + " of camera " + t.cameraId(),
                "INSERT INTO track (id, camera_id, start_ms, end_ms, min_x, min_y, max_x, max_y, footprint_coarse, "
                        + "footprint, direction_deg, speed, path, boxes, ground_path, h3_cells, thumbnail_path, object_kind) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                        + "end_ms = excluded.end_ms, min_x = excluded.min_x, min_y = excluded.min_y, max_x = excluded.max_x, "
                        + "max_y = excluded.max_y, footprint_coarse = excluded.footprint_coarse, footprint = excluded.footprint, "
                        + "direction_deg = excluded.direction_deg, speed = excluded.speed, path = excluded.path, "
                        + "boxes = excluded.boxes, ground_path = excluded.ground_path, h3_cells = excluded.h3_cells, "
                        + "thumbnail_path = excluded.thumbnail_path",
                t.id(), t.cameraId(), t.start().toEpochMilli(), t.end().toEpochMilli(), t.minX(), t.minY(), t.maxX(),
                t.maxY(), vigil.catalog.search.TrackFilter.coarseOf(t.footprint()), footprint.toString(),
                t.directionDeg(), t.speedPerSecond(), path.encode(), boxes.encode(), ground.encode(),
                new JsonArray(new ArrayList<Object>(t.h3Cells())).encode(), t.thumbnailPath(), t.objectKind());
    }

    void putCalibration(vigil.catalog.camera.CameraCalibration c) {
        JsonArray points = new JsonArray();
        for (vigil.catalog.camera.CameraCalibration.Point p : c.points()) {
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

    Optional<vigil.catalog.camera.CameraCalibration> calibration(String cameraId) {
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT * FROM camera_calibration WHERE camera_id = ?")) {
            ps.setString(1, cameraId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                List<vigil.catalog.camera.CameraCalibration.Point> points = new ArrayList<>();
                for (Object o : new JsonArray(rs.getString("points"))) {
                    JsonArray p = (JsonArray) o;
                    points.add(new vigil.catalog.camera.CameraCalibration.Point(p.getDouble(0), p.getDouble(1), p.getDouble(2), p.getDouble(3)));
                }
                return Optional.of(new vigil.catalog.camera.CameraCalibration(cameraId, points,
                        doubles(rs.getString("homography")), rs.getDouble("origin_lat"), rs.getDouble("origin_lon"),
                        doubles(rs.getString("residuals_m")), Instant.ofEpochMilli(rs.getLong("updated_at_ms"))));
            }
        } catch (SQLException e) {
            throw new CatalogException("reading calibration of camera " + cameraId, e);
        }
    }

    void putMasks(String cameraId, List<List<double[]>> polygons) {
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

    List<List<double[]>> masks(String cameraId) {
        try (Connection conn = dataSource.getConnection();
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

    void putPeople(String cameraId, vigil.catalog.camera.CameraPeople people) {
        update("storing person detection of camera " + cameraId,
                "INSERT INTO camera_people (camera_id, enabled, min_person_height, updated_at_ms) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (camera_id) DO UPDATE SET enabled = excluded.enabled, "
                        + "min_person_height = excluded.min_person_height, updated_at_ms = excluded.updated_at_ms",
                cameraId, people.enabled(), people.minPersonHeight(), System.currentTimeMillis());
    }

    Optional<vigil.catalog.camera.CameraPeople> people(String cameraId) {
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement(
                     "SELECT enabled, min_person_height FROM camera_people WHERE camera_id = ?")) {
            ps.setString(1, cameraId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new vigil.catalog.camera.CameraPeople(rs.getBoolean(1), rs.getDouble(2)));
            }
        } catch (SQLException e) {
            throw new CatalogException("reading person detection of camera " + cameraId, e);
        }
    }

    private static double[] doubles(String json) {
        JsonArray a = new JsonArray(json);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.getDouble(i);
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 100_000) / 100_000.0;
    }

    Optional<TrackRecord> track(String id) {
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT * FROM track WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(trackOf(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CatalogException("reading track " + id, e);
        }
    }

    TrackPage tracks(TrackQuery q) {
        vigil.catalog.search.TrackFilter filter = q.filter();
        StringBuilder sql = new StringBuilder("SELECT * FROM track WHERE start_ms < ? AND end_ms >= ?");
        List<Object> args = new ArrayList<>(List.of(q.to().toEpochMilli(), q.from().toEpochMilli()));
        if (!q.cameraIds().isEmpty()) {
            sql.append(" AND camera_id IN (").append("?,".repeat(q.cameraIds().size() - 1)).append("?)");
            args.addAll(q.cameraIds());
        }
        if (q.objectKind() != null) {
            sql.append(" AND object_kind = ?");
            args.add(q.objectKind());
        }
        if (!filter.isEmpty()) {
            sql.append(" AND (footprint_coarse & ?) <> 0");
            args.add(filter.coarseMask());
        }
        sql.append(" AND (start_ms < ? OR (start_ms = ? AND id < ?)) ORDER BY start_ms DESC, id DESC LIMIT ?");
        int batch = Math.max(q.limit() * 4, 100);
        List<TrackRecord> out = new ArrayList<>();
        long afterStart = q.after() == null ? Long.MAX_VALUE : q.after().startMs();
        String afterId = q.after() == null ? "\uffff" : q.after().id();
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            while (true) {
                List<Object> all = new ArrayList<>(args);
                all.addAll(List.of(afterStart, afterStart, afterId, batch));
                bind(ps, all.toArray());
                int seen = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seen++;
                        TrackRecord t = trackOf(rs);
                        afterStart = t.start().toEpochMilli();
                        afterId = t.id();
                        if (filter.isEmpty() || filter.matches(t)) {
                            out.add(t);
                            if (out.size() > q.limit()) break;
                        }
                    }
                }
                if (out.size() > q.limit() || seen < batch) break;
            }
        } catch (SQLException e) {
            throw new CatalogException("searching tracks " + q.from() + ".." + q.to(), e);
        }
        SearchQuery.Position next = null;
        if (out.size() > q.limit()) {
            out = out.subList(0, q.limit());
            TrackRecord last = out.get(out.size() - 1);
            next = new SearchQuery.Position(last.start().toEpochMilli(), last.id());
        }
        return new TrackPage(List.copyOf(out), next);
    }

    private static TrackRecord trackOf(ResultSet rs) throws SQLException {
        List<TrackRecord.Point> path = new ArrayList<>();
        for (Object o : new JsonArray(rs.getString("path"))) {
            JsonArray p = (JsonArray) o;
            path.add(new TrackRecord.Point(p.getLong(0), p.getDouble(1), p.getDouble(2)));
        }
        List<TrackRecord.Box> boxes = new ArrayList<>();
        for (Object o : new JsonArray(rs.getString("boxes"))) {
            JsonArray b = (JsonArray) o;
            boxes.add(new TrackRecord.Box(b.getLong(0), b.getDouble(1), b.getDouble(2), b.getDouble(3), b.getDouble(4)));
        }
        String hex = rs.getString("footprint");
        long[] footprint = new long[16];
        for (int i = 0; i < 16; i++) footprint[i] = Long.parseUnsignedLong(hex.substring(i * 16, i * 16 + 16), 16);
        List<TrackRecord.GroundFix> ground = new ArrayList<>();
        for (Object o : new JsonArray(rs.getString("ground_path"))) {
            JsonArray g = (JsonArray) o;
            ground.add(new TrackRecord.GroundFix(g.getLong(0), g.getDouble(1), g.getDouble(2)));
        }
        List<String> cells = new ArrayList<>();
        new JsonArray(rs.getString("h3_cells")).forEach(c -> cells.add(String.valueOf(c)));
        return new TrackRecord(rs.getString("id"), rs.getString("camera_id"), Instant.ofEpochMilli(rs.getLong("start_ms")),
                Instant.ofEpochMilli(rs.getLong("end_ms")), boxes, path, footprint, rs.getDouble("min_x"),
                rs.getDouble("min_y"), rs.getDouble("max_x"), rs.getDouble("max_y"), rs.getDouble("direction_deg"),
                rs.getDouble("speed"), ground, cells, rs.getString("thumbnail_path"),
                rs.getString("object_kind"));
    }

    private int update(String what, String sql, Object... args) {
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new CatalogException(what, e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) ps.setNull(index, Types.DOUBLE);
        else ps.setDouble(index, value);
    }

    private static Double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        String msg = String.valueOf(e.getMessage());
        return "23505".equals(state) || msg.contains("UNIQUE constraint") || msg.contains("PRIMARYKEY");
    }
}
