package vigil.ingest.node;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vigil.catalog.store.Clip;
import vigil.catalog.store.MotionEventRecord;
import vigil.catalog.store.TrackRecord;

/**
 * How a spooled catalog write is laid out in the spool file, written down once: a frame is {@code int length},
 * then {@code length} bytes: a kind byte ({@code C} clip, {@code M} motion event, {@code T} track) and the record's
 * fields in declaration order (strings as {@code writeUTF}, null as a {@code false} presence byte; instants as
 * epoch ms; lists as a count then their items), then a CRC-32 of those bytes. A frame whose length or CRC does not
 * hold (a write the node did not finish) ends the spool.
 */
final class SpoolCodec {

    /** Longest frame read back: a track of a few hours at 5 Hz is well under it. */
    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private SpoolCodec() {
    }

    static void write(DataOutputStream out, Object record) throws IOException {
        if (record instanceof Clip c) {
            out.writeByte('C');
            str(out, c.id());
            str(out, c.cameraId());
            out.writeLong(c.start().toEpochMilli());
            out.writeLong(c.end().toEpochMilli());
            str(out, c.path());
            out.writeLong(c.bytes());
            str(out, c.codec());
            out.writeInt(c.width());
            out.writeInt(c.height());
        } else if (record instanceof MotionEventRecord e) {
            out.writeByte('M');
            str(out, e.id());
            str(out, e.cameraId());
            out.writeLong(e.start().toEpochMilli());
            out.writeLong(e.end().toEpochMilli());
            for (double v : new double[] {e.peakAreaFraction(), e.boxX(), e.boxY(), e.boxWidth(), e.boxHeight()}) out.writeDouble(v);
            out.writeBoolean(e.open());
        } else if (record instanceof TrackRecord t) {
            out.writeByte('T');
            str(out, t.id());
            str(out, t.cameraId());
            out.writeLong(t.start().toEpochMilli());
            out.writeLong(t.end().toEpochMilli());
            out.writeInt(t.boxes().size());
            for (TrackRecord.Box b : t.boxes()) {
                out.writeLong(b.timeMs());
                out.writeDouble(b.x());
                out.writeDouble(b.y());
                out.writeDouble(b.width());
                out.writeDouble(b.height());
            }
            out.writeInt(t.path().size());
            for (TrackRecord.Point p : t.path()) {
                out.writeLong(p.timeMs());
                out.writeDouble(p.x());
                out.writeDouble(p.y());
            }
            out.writeInt(t.footprint().length);
            for (long w : t.footprint()) out.writeLong(w);
            for (double v : new double[] {t.minX(), t.minY(), t.maxX(), t.maxY(), t.directionDeg(), t.speedPerSecond()}) out.writeDouble(v);
            out.writeInt(t.groundPath().size());
            for (TrackRecord.GroundFix g : t.groundPath()) {
                out.writeLong(g.timeMs());
                out.writeDouble(g.lat());
                out.writeDouble(g.lon());
            }
            out.writeInt(t.h3Cells().size());
            for (String cell : t.h3Cells()) str(out, cell);
            str(out, t.thumbnailPath());
            str(out, t.objectKind());
        } else {
            throw new IllegalArgumentException("not a catalog record: " + record);
        }
    }

    static Object read(DataInputStream in) throws IOException {
        int kind = in.readByte();
        switch (kind) {
            case 'C':
                return new Clip(str(in), str(in), Instant.ofEpochMilli(in.readLong()), Instant.ofEpochMilli(in.readLong()),
                        str(in), in.readLong(), str(in), in.readInt(), in.readInt());
            case 'M':
                return new MotionEventRecord(str(in), str(in), Instant.ofEpochMilli(in.readLong()), Instant.ofEpochMilli(in.readLong()),
                        in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readBoolean());
            case 'T': {
                String id = str(in), camera = str(in);
                Instant start = Instant.ofEpochMilli(in.readLong()), end = Instant.ofEpochMilli(in.readLong());
                List<TrackRecord.Box> boxes = new ArrayList<>();
                for (int i = count(in); i > 0; i--) {
                    boxes.add(new TrackRecord.Box(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
                }
                List<TrackRecord.Point> path = new ArrayList<>();
                for (int i = count(in); i > 0; i--) path.add(new TrackRecord.Point(in.readLong(), in.readDouble(), in.readDouble()));
                long[] footprint = new long[count(in)];
                for (int i = 0; i < footprint.length; i++) footprint[i] = in.readLong();
                double minX = in.readDouble(), minY = in.readDouble(), maxX = in.readDouble(), maxY = in.readDouble();
                double direction = in.readDouble(), speed = in.readDouble();
                List<TrackRecord.GroundFix> ground = new ArrayList<>();
                for (int i = count(in); i > 0; i--) ground.add(new TrackRecord.GroundFix(in.readLong(), in.readDouble(), in.readDouble()));
                List<String> cells = new ArrayList<>();
                for (int i = count(in); i > 0; i--) cells.add(str(in));
                return new TrackRecord(id, camera, start, end, boxes, path, footprint, minX, minY, maxX, maxY, direction, speed,
                        ground, cells, str(in), str(in));
            }
            default:
                throw new IOException("spool frame of unknown kind " + kind);
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FRAME_BYTES / 8) throw new IOException("spool frame holds a list of " + n + " items");
        return n;
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) out.writeUTF(s);
    }

    private static String str(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
