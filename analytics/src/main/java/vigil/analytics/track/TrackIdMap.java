package vigil.analytics.track;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * Numbers kept per track id (when a track was last looked at, how often a search found no one): an open-addressing
 * map of {@code long} to {@code long} without boxing, so that what a tracker notes each frame allocates nothing
 * once the map has grown to the tracks of its camera. Not thread-safe.
 */
final class TrackIdMap {

    private static final long FREE = Long.MIN_VALUE;

    private long[] keys = new long[64];
    private long[] values = new long[64];
    private int size;

    TrackIdMap() {
        Arrays.fill(keys, FREE);
    }

    /** The value of {@code id}, or {@code absent} if it has none. */
    long get(long id, long absent) {
        int at = find(id);
        return keys[at] == id ? values[at] : absent;
    }

    boolean contains(long id) {
        return keys[find(id)] == id;
    }

    void put(long id, long value) {
        if (id == FREE) throw new IllegalArgumentException("track id " + id);
        int at = find(id);
        if (keys[at] != id) {
            if (2 * (size + 1) > keys.length) {
                grow();
                at = find(id);
            }
            keys[at] = id;
            size++;
        }
        values[at] = value;
    }

    void remove(long id) {
        int at = find(id);
        if (keys[at] != id) return;
        removeAt(at);
    }

    /** Keeps only the ids {@code keep} accepts. */
    void retainIf(LongPredicate keep) {
        for (int at = 0; at < keys.length; ) {
            // a removal shifts a later entry into this slot: look at it again
            if (keys[at] != FREE && !keep.test(keys[at])) {
                removeAt(at);
            } else {
                at++;
            }
        }
    }

    int size() {
        return size;
    }

    void clear() {
        if (size == 0) return;
        Arrays.fill(keys, FREE);
        size = 0;
    }

    private int find(long id) {
        int mask = keys.length - 1;
        int at = slot(id, mask);
        while (keys[at] != FREE && keys[at] != id) at = (at + 1) & mask;
        return at;
    }

    private static int slot(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** Empties slot {@code at}, moving later entries of its run back so that every entry stays findable. */
    private void removeAt(int at) {
        int mask = keys.length - 1;
        int hole = at;
        int next = (hole + 1) & mask;
        while (keys[next] != FREE) {
            int home = slot(keys[next], mask);
            // the entry at next may fill the hole if its home is not within (hole, next]
            boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
            if (movable) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        keys[hole] = FREE;
        size--;
    }

    private void grow() {
        long[] oldKeys = keys, oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, FREE);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldKeys[i] != FREE) put(oldKeys[i], oldValues[i]);
    }
}
