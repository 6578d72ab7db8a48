package vigil.analytics.track;

import java.util.ArrayDeque;

/**
 * A track's boxes in time order, kept as numbers in fixed-size chunks that the tracks of one tracker take from and
 * give back to a shared {@link Pool}: a track growing by a box a frame allocates nothing once the pool holds what
 * the camera's tracks need. What is reported of a track reads the boxes in place ({@link HistoryView}).
 */
final class TrackHistory {

    /** Boxes per chunk. */
    private static final int CHUNK = 256;

    /** Free chunks of one tracker's tracks (one camera's, one thread). */
    static final class Pool {
        /** Free chunks kept at most: what a crowd needed beyond this is left to the garbage collector. */
        private static final int MAX_FREE = 256;
        private final ArrayDeque<Chunk> free = new ArrayDeque<>();

        Chunk take() {
            Chunk c = free.poll();
            return c != null ? c : new Chunk();
        }

        void give(Chunk c) {
            if (free.size() < MAX_FREE) free.push(c);
        }
    }

    private static final class Chunk {
        final long[] timeMs = new long[CHUNK];
        /** x, y, width, height of each box in turn. */
        final double[] boxes = new double[4 * CHUNK];
    }

    private final Pool pool;
    private final Chunk[] chunks;
    private int size;
    /** Counts the times this history was emptied: a {@link HistoryView} of it is valid while it stays the same. */
    private int generation;

    /** A history of at most {@code capacity} boxes. */
    TrackHistory(Pool pool, int capacity) {
        this.pool = pool;
        this.chunks = new Chunk[(capacity + CHUNK - 1) / CHUNK];
    }

    int capacity() {
        return chunks.length * CHUNK;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds a box at the end; a history at its capacity ignores it. */
    void add(long timeMs, double x, double y, double width, double height) {
        if (size == capacity()) return;
        int c = size / CHUNK, i = size % CHUNK;
        if (chunks[c] == null) chunks[c] = pool.take();
        Chunk chunk = chunks[c];
        chunk.timeMs[i] = timeMs;
        chunk.boxes[4 * i] = x;
        chunk.boxes[4 * i + 1] = y;
        chunk.boxes[4 * i + 2] = width;
        chunk.boxes[4 * i + 3] = height;
        size++;
    }

    void add(TimedBox b) {
        add(b.timeMs(), b.box().x(), b.box().y(), b.box().width(), b.box().height());
    }

    long timeMs(int i) {
        return chunks[i / CHUNK].timeMs[i % CHUNK];
    }

    double x(int i) {
        return chunks[i / CHUNK].boxes[4 * (i % CHUNK)];
    }

    double y(int i) {
        return chunks[i / CHUNK].boxes[4 * (i % CHUNK) + 1];
    }

    double width(int i) {
        return chunks[i / CHUNK].boxes[4 * (i % CHUNK) + 2];
    }

    double height(int i) {
        return chunks[i / CHUNK].boxes[4 * (i % CHUNK) + 3];
    }

    int generation() {
        return generation;
    }

    /**
     * Keeps every second box of all but the last {@code recent} (the first among them), and those whole: a track
     * that stays in view for hours keeps its whole span in a bounded history, its past ever sparser, its last minutes
     * at every frame. Views of it before this are no longer valid. Answers the boxes the older part kept.
     */
    int thinOlder(int recent) {
        int older = Math.max(0, size - recent), kept = 0;
        for (int i = 0; i < size; i++) {
            if (i < older && i % 2 == 1) continue;
            if (kept != i) copy(i, kept);
            kept++;
        }
        int keptOlder = (older + 1) / 2;
        for (int c = (kept + CHUNK - 1) / CHUNK; c < chunks.length && chunks[c] != null; c++) {
            pool.give(chunks[c]);
            chunks[c] = null;
        }
        size = kept;
        generation++;
        return keptOlder;
    }

    private void copy(int from, int to) {
        Chunk a = chunks[from / CHUNK], b = chunks[to / CHUNK];
        int i = from % CHUNK, j = to % CHUNK;
        b.timeMs[j] = a.timeMs[i];
        System.arraycopy(a.boxes, 4 * i, b.boxes, 4 * j, 4);
    }

    /** Empties the history and gives its chunks back to the pool. */
    void clear() {
        for (int c = 0; c < chunks.length && chunks[c] != null; c++) {
            pool.give(chunks[c]);
            chunks[c] = null;
        }
        size = 0;
        generation++;
    }
}
