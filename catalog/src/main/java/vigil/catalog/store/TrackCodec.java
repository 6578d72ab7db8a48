package vigil.catalog.store;

import io.vertx.core.json.JsonArray;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import vigil.catalog.search.TrackFilter;

/**
 * How a track is stored, written down once. Paths and ground paths are JSON arrays of arrays
 * ({@code [[t,x,y],...]}, {@code [[t,lat,lon],...]}; image coordinates rounded to 1e-5 of the frame); the
 * 32×32 footprint is 16 words in hex (see {@link TrackRecord}), its 8×8 summary a BIGINT for SQL's bitwise
 * prefilter. Boxes, the bulk of a track, are bytes: a version byte, the count, then per box the differences
 * from the one before (time in ms, x, y, width, height in 1e-5 of the frame) as zigzag varints — about a
 * fifth of their JSON ({@code [[t,x,y,w,h],...]}, which rows written before version 10 hold and which is still read).
 */
final class TrackCodec {

    private TrackCodec() {
    }

    /** Values of the track row, in the column order of {@code JdbcCatalogStore}'s insert. */
    static List<Object> row(TrackRecord t) {
        JsonArray path = new JsonArray();
        for (TrackRecord.Point p : t.path()) path.add(new JsonArray().add(p.timeMs()).add(round(p.x())).add(round(p.y())));
        StringBuilder footprint = new StringBuilder(256);
        for (long word : t.footprint()) {
            String hex = Long.toHexString(word);
            footprint.append("0".repeat(16 - hex.length())).append(hex);
        }
        JsonArray ground = new JsonArray();
        for (TrackRecord.GroundFix g : t.groundPath()) ground.add(new JsonArray().add(g.timeMs()).add(g.lat()).add(g.lon()));
        return Arrays.asList(t.id(), t.cameraId(), t.start().toEpochMilli(), t.end().toEpochMilli(), t.minX(), t.minY(),
                t.maxX(), t.maxY(), TrackFilter.coarseOf(t.footprint()), footprint.toString(), t.directionDeg(),
                t.speedPerSecond(), path.encode(), ground.encode(), new JsonArray(new ArrayList<Object>(t.h3Cells())).encode(),
                t.thumbnailPath(), t.objectKind(), t.groundPath().isEmpty() ? 0 : 1);
    }

    private static final int BOXES_V1 = 1;
    private static final double UNITS = 100_000;

    static byte[] boxes(List<TrackRecord.Box> boxes) {
        VarintWriter out = new VarintWriter(16 + boxes.size() * 12);
        out.buf[out.size++] = BOXES_V1;
        out.varint(boxes.size());
        long t = 0, x = 0, y = 0, w = 0, h = 0;
        for (TrackRecord.Box b : boxes) {
            long bx = Math.round(b.x() * UNITS), by = Math.round(b.y() * UNITS);
            long bw = Math.round(b.width() * UNITS), bh = Math.round(b.height() * UNITS);
            out.zigzag(b.timeMs() - t);
            out.zigzag(bx - x);
            out.zigzag(by - y);
            out.zigzag(bw - w);
            out.zigzag(bh - h);
            t = b.timeMs();
            x = bx;
            y = by;
            w = bw;
            h = bh;
        }
        return Arrays.copyOf(out.buf, out.size);
    }

    /** Boxes as stored: version-1 bytes, or the JSON text of earlier versions. */
    static List<TrackRecord.Box> readBoxes(byte[] stored) {
        List<TrackRecord.Box> boxes = new ArrayList<>();
        if (stored == null || stored.length == 0) return boxes;
        if (stored[0] == '[') {
            for (Object o : new JsonArray(new String(stored, StandardCharsets.UTF_8))) {
                JsonArray b = (JsonArray) o;
                boxes.add(new TrackRecord.Box(b.getLong(0), b.getDouble(1), b.getDouble(2), b.getDouble(3), b.getDouble(4)));
            }
            return boxes;
        }
        if (stored[0] != BOXES_V1) throw new IllegalStateException("stored boxes of unknown version " + stored[0]);
        ByteBuffer in = ByteBuffer.wrap(stored, 1, stored.length - 1);
        long n = readVarint(in), t = 0, x = 0, y = 0, w = 0, h = 0;
        for (long i = 0; i < n; i++) {
            t += readZigzag(in);
            x += readZigzag(in);
            y += readZigzag(in);
            w += readZigzag(in);
            h += readZigzag(in);
            boxes.add(new TrackRecord.Box(t, x / UNITS, y / UNITS, w / UNITS, h / UNITS));
        }
        return boxes;
    }

    /** Zigzag varints into a growing array (the hot path of every track written). */
    private static final class VarintWriter {
        byte[] buf;
        int size;

        VarintWriter(int capacity) {
            buf = new byte[capacity];
        }

        void zigzag(long v) {
            varint((v << 1) ^ (v >> 63));
        }

        void varint(long v) {
            if (buf.length - size < 10) buf = Arrays.copyOf(buf, buf.length * 2);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }
    }

    private static long readZigzag(ByteBuffer in) {
        long v = readVarint(in);
        return (v >>> 1) ^ -(v & 1);
    }

    private static long readVarint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) return v;
        }
        throw new IllegalStateException("stored boxes hold a varint longer than 64 bits");
    }

    /** Reads a track row; its boxes only when asked (the column {@code boxes} is then in the result). */
    static TrackRecord read(ResultSet rs, boolean withBoxes) throws SQLException {
        List<TrackRecord.Point> path = new ArrayList<>();
        for (Object o : new JsonArray(rs.getString("path"))) {
            JsonArray p = (JsonArray) o;
            path.add(new TrackRecord.Point(p.getLong(0), p.getDouble(1), p.getDouble(2)));
        }
        List<TrackRecord.Box> boxes = withBoxes ? readBoxes(rs.getBytes("boxes")) : new ArrayList<>();
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
