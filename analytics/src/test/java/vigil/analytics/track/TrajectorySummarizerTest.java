package vigil.analytics.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import vigil.analytics.motion.NormalizedBox;

class TrajectorySummarizerTest {

    /** A track as its tracker reports it (boxes read in place) sums up as its copy does: each box kept once. */
    @Test
    void aTrackReadInPlaceSumsUpAsItsCopy() {
        MultiObjectTracker tracker = new MultiObjectTracker(TrackerSettings.defaults());
        for (int f = 0; f < 61; f++) tracker.update(List.of(new NormalizedBox(0.1 + f * 0.01, 0.4, 0.05, 0.2)), f * 40L);
        FinishedTrack inPlace = tracker.finishAll().get(0), copy = inPlace.copy();
        TrajectorySummary fromView = TrajectorySummarizer.summarize(inPlace), fromCopy = TrajectorySummarizer.summarize(copy);
        assertThat(fromView.boxes()).isEqualTo(fromCopy.boxes());
        assertThat(fromView.path()).isEqualTo(fromCopy.path());
        // one box a kept interval apart from the first, and the last one once
        List<TimedBox> kept = fromView.boxes();
        assertThat(kept.get(0).timeMs()).isZero();
        assertThat(kept.get(kept.size() - 1).timeMs()).isEqualTo(60 * 40L);
        for (int i = 1; i < kept.size(); i++) assertThat(kept.get(i).timeMs()).isGreaterThan(kept.get(i - 1).timeMs());
    }
}
