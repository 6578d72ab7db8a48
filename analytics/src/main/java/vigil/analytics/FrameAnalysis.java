package vigil.analytics;

import java.util.List;
import vigil.analytics.detect.PersonSettings;
import vigil.analytics.motion.MotionDetector;
import vigil.analytics.motion.MotionEvent;
import vigil.analytics.motion.MotionEventDetector;
import vigil.analytics.motion.MotionResult;
import vigil.analytics.track.FinishedTrack;
import vigil.analytics.track.SceneTracker;
import vigil.analytics.track.TrackedObject;

/**
 * The analysis of one camera's frames, the same live in a node and offline in {@code vigil analyze}: a luma frame
 * in; motion, motion events, tracked objects, finished tracks and snapshots of long tracks out, to a
 * {@link Listener}, synchronously and in frame order.
 *
 * <p>Owns the motion detector and the scene tracker (and their native buffers); {@link #close()} releases them.
 * Not thread-safe: one per camera, fed in frame order.
 */
public final class FrameAnalysis implements AutoCloseable {

    /** What the analysis of a camera reports. Called on the thread that feeds the frames. */
    public interface Listener {

        /**
         * One frame analysed: its motion and the objects confirmed in it. The frame, the motion and the objects are
         * valid during the call only (the analysis fills the same ones again next frame): copy what is kept.
         */
        default void frame(LumaFrame frame, MotionResult motion, List<TrackedObject> objects) {
        }

        /**
         * A motion event opened, still open (reported again now and then), or closed. The event is valid during the
         * call only (the analysis fills the same one again at its next report): copy what is kept.
         */
        default void motionEvent(MotionEvent event) {
        }

        /**
         * A track ended. {@link FinishedTrack#moved()} false: it never went anywhere (a ghost of the background,
         * flicker), reported so that what was kept for it can be dropped. The track is valid during the call only
         * (its boxes are read where the tracker keeps them, and the object is filled again for other tracks):
         * {@link FinishedTrack#copy()} what is kept.
         */
        default void trackFinished(FinishedTrack track) {
        }

        /**
         * A track in view for long, as it is so far (valid during the call only, as above); its final
         * {@link #trackFinished} follows with the same id.
         */
        default void trackOngoing(FinishedTrack snapshot) {
        }
    }

    private final AnalysisSettings settings;
    private final Listener listener;
    private final MotionDetector motion;
    private final MotionEventDetector events;
    private SceneTracker tracker;
    private boolean peoplePaused;
    private boolean lastAlone;

    public FrameAnalysis(AnalysisSettings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        this.motion = new MotionDetector(settings.motion());
        this.events = new MotionEventDetector(settings.motionEvents());
        this.tracker = new SceneTracker(settings.scene());
    }

    public AnalysisSettings settings() {
        return settings;
    }

    /** Analyses one frame; what it gives goes to the listener before this returns. */
    public void analyse(LumaFrame frame) {
        lastAlone = false;
        MotionResult result = motion.detect(frame);
        if (events.accept(result)) listener.motionEvent(events.event());
        List<TrackedObject> objects = tracker.update(frame, result);
        listener.frame(frame, result, objects);
        drainFinished();
        if (settings.longTrackSnapshotMs() > 0) {
            List<FinishedTrack> ongoing = tracker.snapshots(settings.longTrackSnapshotMs(), frame.captureTimeMs());
            for (int i = 0; i < ongoing.size(); i++) {
                if (ongoing.get(i).moved()) listener.trackOngoing(ongoing.get(i));
            }
        }
    }

    /**
     * Analyses a frame that stands alone, frames skipped before and after it (keyframe patrol, a camera far
     * behind): its motion and motion events only. Nothing can be followed across gaps of seconds, so nothing is
     * tracked and the person model does not run; call {@link #endTracks()} when such frames begin.
     */
    public void analyseAlone(LumaFrame frame) {
        MotionResult result = motion.detect(frame);
        if (events.accept(result)) listener.motionEvent(events.event());
        listener.frame(frame, result, List.of());
        lastAlone = true;
    }

    /**
     * Starts motion detection from a known empty view: the temporal median of {@code samples} (frames spread
     * over the first seconds of a recording), so that objects in view from the first frame are found at once.
     * Fewer than three samples cannot tell background from objects; the background is then learned as live.
     */
    public void seedBackground(List<LumaFrame> samples) {
        motion.seedMedianBackground(samples);
    }

    /** Motion is ignored inside these polygons (normalised points {x, y}) from the next frame on. */
    public void setIgnoreAreas(List<List<double[]>> polygons) {
        motion.setIgnoreAreas(polygons);
    }

    /**
     * Looks for people with new settings from the next frame on: the tracks going on end (and are reported),
     * tracking starts again, with new track ids, and with what the camera has shown of its people's sizes.
     */
    public void usePeople(PersonSettings people) {
        endTracks();
        SceneTracker before = tracker;
        tracker = new SceneTracker(settings.scene().withPersonDetection(people), before);
        before.close();
        tracker.pausePeople(peoplePaused);
    }

    /** Pauses (or resumes) the person model, the costliest step, for a camera that falls behind. */
    public void pausePeople(boolean paused) {
        peoplePaused = paused;
        tracker.pausePeople(paused);
    }

    /** Frames will be skipped (keyframe patrol, a camera behind): objects cannot be followed across the gap. */
    public void endTracks() {
        tracker.finishAll().forEach(listener::trackFinished);
    }

    /** The stream ended: the open motion event closes and every track ends, reported. */
    public void finish() {
        if (events.finish()) listener.motionEvent(events.event());
        endTracks();
    }

    /** How long the person model took on the last frame, or -1 if it did not run on it. */
    public long lastPersonDetectNanos() {
        return lastAlone ? -1 : tracker.lastPersonDetectNanos();
    }

    private void drainFinished() {
        List<FinishedTrack> ended = tracker.drainFinished();
        for (int i = 0; i < ended.size(); i++) listener.trackFinished(ended.get(i));
    }

    @Override
    public void close() {
        motion.close();
        tracker.close();
    }
}
