package vigil.catalog.media;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Segment files being read for a client (an export, a media request): retention leaves them alone until the
 * reader is done. Thread-safe; a lease is released exactly once, by whoever acquired it.
 */
public final class FootageLeases {

    private final Map<String, Integer> held = new ConcurrentHashMap<>();

    /** Holds these files until the returned lease is closed. */
    public Lease acquire(Collection<String> paths) {
        List<String> copy = List.copyOf(paths);
        for (String p : copy) held.merge(p, 1, Integer::sum);
        return () -> {
            for (String p : copy) held.computeIfPresent(p, (k, n) -> n == 1 ? null : n - 1);
        };
    }

    public boolean isHeld(String path) {
        return held.containsKey(path);
    }

    /** A hold on files; closing it lets retention have them. */
    @FunctionalInterface
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
