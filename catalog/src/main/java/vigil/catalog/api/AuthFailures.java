package vigil.catalog.api;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: an address that sent {@value #FREE_FAILURES} requests with a missing or wrong token
 * within {@value #WINDOW_SECONDS} s is refused (429 with {@code Retry-After}) for a while, twice as long each
 * time it goes on, up to {@value #MAX_BLOCK_SECONDS} s. A good token clears its address. At most
 * {@value #MAX_ADDRESSES} addresses are tracked (the oldest entries go first). Thread-safe.
 */
final class AuthFailures {

    static final int FREE_FAILURES = 20;
    static final long WINDOW_SECONDS = 60, FIRST_BLOCK_SECONDS = 10, MAX_BLOCK_SECONDS = 900;
    private static final int MAX_ADDRESSES = 100_000;

    private final Clock clock;
    private final Map<String, State> byAddress = new ConcurrentHashMap<>();

    private static final class State {
        long windowStartMs;
        int failures;
        long blockedUntilMs;
        long nextBlockSeconds = FIRST_BLOCK_SECONDS;
    }

    AuthFailures(Clock clock) {
        this.clock = clock;
    }

    /** Seconds the address must still wait, or 0. */
    long retryAfterSeconds(String address) {
        State s = byAddress.get(address);
        if (s == null) return 0;
        synchronized (s) {
            long left = s.blockedUntilMs - clock.millis();
            return left > 0 ? (left + 999) / 1000 : 0;
        }
    }

    void failed(String address) {
        if (byAddress.size() >= MAX_ADDRESSES) byAddress.clear(); // a flood of addresses: start over rather than grow
        State s = byAddress.computeIfAbsent(address, a -> new State());
        synchronized (s) {
            long now = clock.millis();
            if (now - s.windowStartMs > WINDOW_SECONDS * 1000) {
                s.windowStartMs = now;
                s.failures = 0;
            }
            if (++s.failures >= FREE_FAILURES) {
                s.blockedUntilMs = now + s.nextBlockSeconds * 1000;
                s.nextBlockSeconds = Math.min(MAX_BLOCK_SECONDS, s.nextBlockSeconds * 2);
                s.failures = 0;
                s.windowStartMs = now;
            }
        }
    }

    void succeeded(String address) {
        byAddress.remove(address);
    }
}
