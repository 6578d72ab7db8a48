package vigil.catalog.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the top-level box layout of a fragmented MP4 segment: where its initialization section ({@code ftyp}
 * and {@code moov}) ends and the fragments ({@code moof}/{@code mdat}) begin, for HLS byte ranges.
 * Limits: at most {@value #MAX_BOXES} top-level boxes are read before {@code moov} is found.
 */
final class Mp4Boxes {

    private static final int MAX_BOXES = 16;

    private Mp4Boxes() {
    }

    /** @return the byte length of the initialization section, or -1 when the file does not start like a fragmented MP4 */
    static long initSectionLength(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long at = 0;
            ByteBuffer header = ByteBuffer.allocate(16);
            for (int i = 0; i < MAX_BOXES && at + 8 <= size; i++) {
                header.clear();
                ch.read(header, at);
                header.flip();
                if (header.remaining() < 8) return -1;
                long boxSize = Integer.toUnsignedLong(header.getInt());
                String type = new String(new byte[] {header.get(), header.get(), header.get(), header.get()},
                        StandardCharsets.ISO_8859_1);
                if (boxSize == 1) {
                    if (header.remaining() < 8) return -1;
                    boxSize = header.getLong();
                }
                if (boxSize < 8 || at + boxSize > size) return -1;
                at += boxSize;
                if (type.equals("moov")) return at;
            }
            return -1;
        }
    }
}
