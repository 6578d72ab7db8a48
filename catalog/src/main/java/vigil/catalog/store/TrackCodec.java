package vigil.catalog.store;

import io.vertx.core.json.JsonArray;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import vigil.catalog.search.TrackFilter;

/**
 * How a track is stored, written down once. Paths, boxes and ground paths are JSON arrays of arrays
 * ({@code [[t,x,y],...]}, {@code [[t,x,y,w,h],...]}, {@code [[t,lat,lon],...]}; image coordinates rounded to
 * 1e-5 of the frame); the 32×32 footprint is 16 words in hex (see {@link TrackRecord}), its 8×8 summary a
 * BIGINT for SQL's bitwise prefilter.
 */
final class TrackCodec {

    private TrackCodec() {
    }

    /** Values of the track row, in the column order of {@code JdbcCatalogStore}'s insert. */
    static List<Object> row(TrackRecord t) {
        JsonArray path = new JsonArray();
        for (TrackRecord.Point p : t.path()) path.add(new JsonArray().add(p.timeMs()).add(round(p.x())).add(round(p.y())));
        StringBuilder footprint = new StringBuilder(256);
        for (long word : t.footprint()) footprint.append(String.format("%016x", word));
        JsonArray ground = new JsonArray();
        for (TrackRecord.GroundFix g : t.groundPath()) ground.add(new JsonArray().add(g.timeMs()).add(g.lat()).add(g.lon()));
        return Arrays.asList(t.id(), t.cameraId(), t.start().toEpochMilli(), t.end().toEpochMilli(), t.minX(), t.minY(),
                t.maxX(), t.maxY(), TrackFilter.coarseOf(t.footprint()), footprint.toString(), t.directionDeg(),
                t.speedPerSecond(), path.encode(), ground.encode(), new JsonArray(new ArrayList<Object>(t.h3Cells())).encode(),
                t.thumbnailPath(), t.objectKind(), t.groundPath().isEmpty() ? 0 : 1);
    }

    static String boxes(List<TrackRecord.Box> boxes) {
        JsonArray out = new JsonArray();
        for (TrackRecord.Box b : boxes) {
            out.add(new JsonArray().add(b.timeMs()).add(round(b.x())).add(round(b.y())).add(round(b.width())).add(round(b.height())));
        }
        return out.encode();
    }

    /** Reads a track row; its boxes only when asked (the column {@code boxes} is then in the result). */
    static TrackRecord read(ResultSet rs, boolean withBoxes) throws SQLException {
        List<TrackRecord.Point> path = new ArrayList<>();
        for (Object o : new JsonArray(rs.getString("path"))) {
            JsonArray p = (JsonArray) o;
            path.add(new TrackRecord.Point(p.getLong(0), p.getDouble(1), p.getDouble(2)));
        }
        List<TrackRecord.Box> boxes = new ArrayList<>();
        String boxJson = withBoxes ? rs.getString("boxes") : null;
        if (boxJson != null) {
            for (Object o : new JsonArray(boxJson)) {
                JsonArray b = (JsonArray) o;
                boxes.add(new TrackRecord.Box(b.getLong(0), b.getDouble(1), b.getDouble(2), b.getDouble(3), b.getDouble(4)));
            }
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
                rs.getDouble("speed"), ground, cells, rs.getString("thumbnail_path"), rs.getString("object_kind"));
    }

    /** A ground path as {lat, lon} pairs, for map geometry. */
    static List<double[]> latLon(List<TrackRecord.GroundFix> groundPath) {
        List<double[]> out = new ArrayList<>(groundPath.size());
        for (TrackRecord.GroundFix g : groundPath) out.add(new double[] {g.lat(), g.lon()});
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 100_000) / 100_000.0;
    }
}
