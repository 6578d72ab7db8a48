package vigil.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrackCodecTest {

    @Test
    void boxesComeBackToWithinTheStoredPrecisionAndTakeAFractionOfTheirJson() {
        SplittableRandom r = new SplittableRandom(7);
        List<TrackRecord.Box> boxes = new ArrayList<>();
        long t = 1_795_000_000_000L;
        double x = 0.5, y = 0.5;
        for (int i = 0; i < 150; i++) {
            t += 150 + r.nextInt(100);
            x += r.nextDouble(-0.02, 0.02);
            y += r.nextDouble(-0.02, 0.02);
            // boxes may reach past the frame's edge: negative and above 1 both survive
            boxes.add(new TrackRecord.Box(t, x - 0.6 * (i % 2), y, 0.05 + r.nextDouble(0.1), 0.1 + r.nextDouble(0.3)));
        }
        byte[] stored = TrackCodec.boxes(boxes);
        List<TrackRecord.Box> back = TrackCodec.readBoxes(stored);

        assertThat(back).hasSize(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            assertThat(back.get(i).timeMs()).isEqualTo(boxes.get(i).timeMs());
            assertThat(back.get(i).x()).isCloseTo(boxes.get(i).x(), within(0.6e-5));
            assertThat(back.get(i).y()).isCloseTo(boxes.get(i).y(), within(0.6e-5));
            assertThat(back.get(i).width()).isCloseTo(boxes.get(i).width(), within(0.6e-5));
            assertThat(back.get(i).height()).isCloseTo(boxes.get(i).height(), within(0.6e-5));
        }
        String json = new JsonArray(boxes.stream().map(b -> List.of(b.timeMs(), b.x(), b.y(), b.width(), b.height())).toList()).encode();
        assertThat(stored.length).isLessThan(json.length() / 3);
    }

    @Test
    void boxesStoredAsJsonByEarlierVersionsAreStillRead() {
        byte[] legacy = "[[1000,0.1,0.2,0.3,0.4],[1200,0.15,0.2,0.3,0.4]]".getBytes(StandardCharsets.UTF_8);

        assertThat(TrackCodec.readBoxes(legacy)).containsExactly(
                new TrackRecord.Box(1000, 0.1, 0.2, 0.3, 0.4), new TrackRecord.Box(1200, 0.15, 0.2, 0.3, 0.4));
        assertThat(TrackCodec.readBoxes(TrackCodec.boxes(List.of()))).isEmpty();
    }

    @Test
    void damagedBoxesFailWithAClearErrorInsteadOfMakingThingsUp() {
        byte[] stored = TrackCodec.boxes(List.of(new TrackRecord.Box(5, 0.1, 0.1, 0.1, 0.1), new TrackRecord.Box(9, 0.2, 0.2, 0.1, 0.1)));
        byte[] cut = Arrays.copyOf(stored, stored.length - 3);
        byte[] unknown = stored.clone();
        unknown[0] = 9;

        assertThatThrownBy(() -> TrackCodec.readBoxes(cut)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> TrackCodec.readBoxes(unknown)).hasMessageContaining("unknown version 9");
    }
}
