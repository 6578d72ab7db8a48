package vigil.ingest.node;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * An append-only file of catalog writes that could not be made while the catalog was unreachable, in the order
 * they were produced ({@link SpoolCodec} frames). Each append reaches the disk before it returns. Replaying hands
 * the records back in order; once all are written the file is emptied. At most {@code maxBytes}: an append past it
 * is refused and the caller keeps the record. Not thread-safe: the catalog writer's thread owns it.
 */
final class CatalogSpool implements AutoCloseable {

    private final Path file;
    private final long maxBytes;
    private final FileChannel channel;
    private long records;

    CatalogSpool(Path file, long maxBytes) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        // a frame a crash left unfinished is cut off, so what is appended next follows the last whole one
        long[] whole = wholeFrames();
        this.records = whole[0];
        if (channel.size() > whole[1]) channel.truncate(whole[1]);
        channel.position(whole[1]);
    }

    Path file() {
        return file;
    }

    long bytes() {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1;
        }
    }

    long records() {
        return records;
    }

    boolean isEmpty() {
        return records == 0;
    }

    /** Appends a record and forces it to disk. @return false (nothing written) when the spool would pass its limit */
    boolean append(Object record) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        SpoolCodec.write(new DataOutputStream(body), record);
        byte[] bytes = body.toByteArray();
        if (channel.size() + bytes.length + 12 > maxBytes) return false;
        CRC32 crc = new CRC32();
        crc.update(bytes);
        ByteBuffer frame = ByteBuffer.allocate(bytes.length + 12);
        frame.putInt(bytes.length).put(bytes).putLong(crc.getValue()).flip();
        while (frame.hasRemaining()) channel.write(frame);
        channel.force(false);
        records++;
        return true;
    }

    /**
     * Hands every record to {@code write} in order; when all were taken, empties the spool. A record {@code write}
     * throws on stays, with all after it, for the next replay (records before it are written again then: the
     * catalog's writes are idempotent).
     */
    void replay(Consumer<Object> write) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            DataInputStream data = new DataInputStream(in);
            Object record;
            while ((record = next(data)) != null) write.accept(record);
        }
        channel.truncate(0);
        channel.position(0);
        channel.force(true);
        records = 0;
    }

    /** The next whole frame's record, or null at the end (or at a frame a crash left unfinished). */
    private static Object next(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length <= 0 || length > SpoolCodec.MAX_FRAME_BYTES) return null;
        byte[] bytes = new byte[length];
        long crcValue;
        try {
            in.readFully(bytes);
            crcValue = in.readLong();
        } catch (EOFException e) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != crcValue) return null;
        return SpoolCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    /** How many whole frames the file starts with, and how many bytes they take. */
    private long[] wholeFrames() throws IOException {
        long n = 0, bytes = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            DataInputStream data = new DataInputStream(in);
            while (true) {
                int length;
                try {
                    length = data.readInt();
                } catch (EOFException e) {
                    break;
                }
                if (length <= 0 || length > SpoolCodec.MAX_FRAME_BYTES) break;
                byte[] body = new byte[length];
                long crcValue;
                try {
                    data.readFully(body);
                    crcValue = data.readLong();
                } catch (EOFException e) {
                    break;
                }
                CRC32 crc = new CRC32();
                crc.update(body);
                if (crc.getValue() != crcValue) break;
                n++;
                bytes += length + 12;
            }
        }
        return new long[] {n, bytes};
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
