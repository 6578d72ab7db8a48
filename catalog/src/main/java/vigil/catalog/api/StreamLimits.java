package vigil.catalog.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many footage streams one token may have open at once, so no token (or a leaked grant) can take a node's
 * disk and network: {@value #EXPORTS_PER_TOKEN} exports and {@value #MEDIA_PER_TOKEN} media downloads (a player
 * fetches its segments one or two at a time). Thread-safe.
 */
final class StreamLimits {

    static final int EXPORTS_PER_TOKEN = 2, MEDIA_PER_TOKEN = 16;

    enum Kind { EXPORT, MEDIA }

    /** Gives the stream's place back; once, however often it is called. */
    interface Release extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<String, AtomicInteger> exports = new ConcurrentHashMap<>(), media = new ConcurrentHashMap<>();

    /** A place for one more stream of this token, or null when it has as many as it may. */
    Release tryAcquire(String tokenId, Kind kind) {
        Map<String, AtomicInteger> open = kind == Kind.EXPORT ? exports : media;
        int max = kind == Kind.EXPORT ? EXPORTS_PER_TOKEN : MEDIA_PER_TOKEN;
        AtomicInteger n = open.computeIfAbsent(tokenId, k -> new AtomicInteger());
        if (n.incrementAndGet() > max) {
            n.decrementAndGet();
            return null;
        }
        AtomicInteger released = new AtomicInteger();
        return () -> {
            if (released.compareAndSet(0, 1)) n.decrementAndGet();
        };
    }

    static ApiException tooMany(Kind kind) {
        int max = kind == Kind.EXPORT ? EXPORTS_PER_TOKEN : MEDIA_PER_TOKEN;
        return new ApiException(429, "Too many streams", "this token already has " + max + " "
                + (kind == Kind.EXPORT ? "exports" : "media downloads") + " open; try again when one ends", null);
    }
}
