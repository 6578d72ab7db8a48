package vigil.analytics.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrackIdMapTest {

    @Test
    void keepsWhatAHashMapKeepsThroughPutsRemovalsAndRetains() {
        SplittableRandom random = new SplittableRandom(5);
        TrackIdMap map = new TrackIdMap();
        Map<Long, Long> expected = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // ids as a camera's tracks have them: growing, a window of them alive, some far apart
            long id = step / 20 + random.nextInt(200) + (random.nextInt(50) == 0 ? 1L << 40 : 0);
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> {
                    map.put(id, step);
                    expected.put(id, (long) step);
                }
                case 4, 5 -> {
                    map.remove(id);
                    expected.remove(id);
                }
                case 6 -> {
                    long below = step / 20 + random.nextInt(100);
                    map.retainIf(k -> k >= below);
                    expected.keySet().removeIf(k -> k < below);
                }
                default -> assertThat(map.get(id, -1)).isEqualTo(expected.getOrDefault(id, -1L));
            }
            assertThat(map.size()).isEqualTo(expected.size());
        }
        for (Map.Entry<Long, Long> e : expected.entrySet()) assertThat(map.get(e.getKey(), -1)).isEqualTo(e.getValue());
        assertThat(expected).isNotEmpty();
    }
}
