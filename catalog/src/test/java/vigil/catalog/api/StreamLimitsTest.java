package vigil.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamLimitsTest {

    @Test
    void aTokenHasAtMostItsStreamsOpenAndOthersAreNotHeldBack() {
        StreamLimits limits = new StreamLimits();
        List<StreamLimits.Release> open = new ArrayList<>();
        for (int i = 0; i < StreamLimits.MEDIA_PER_TOKEN; i++) open.add(limits.tryAcquire("t1", StreamLimits.Kind.MEDIA));
        assertThat(open).doesNotContainNull();
        assertThat(limits.tryAcquire("t1", StreamLimits.Kind.MEDIA)).isNull();
        assertThat(limits.tryAcquire("t2", StreamLimits.Kind.MEDIA)).isNotNull();
        assertThat(limits.tryAcquire("t1", StreamLimits.Kind.EXPORT)).isNotNull(); // exports are counted apart
        open.get(0).close();
        open.get(0).close(); // once, however often
        assertThat(limits.tryAcquire("t1", StreamLimits.Kind.MEDIA)).isNotNull();
        assertThat(limits.tryAcquire("t1", StreamLimits.Kind.MEDIA)).isNull();
        assertThat(StreamLimits.tooMany(StreamLimits.Kind.EXPORT).status).isEqualTo(429);
    }
}
