package vigil.ingest.node;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a camera whose analysis falls behind gives up, step by step, and takes back when it has caught up:
 * first the person model (at half the backlog allowed), then every frame but keyframes (past the backlog
 * allowed). It takes them back once it has kept up for {@link #RECOVER_AFTER_MS} (people first, then every frame at
 * a keyframe): a camera that sends in bursts would otherwise flip between the two every burst. Recording is
 * never given up. Each change is logged once, shown in the camera's status
 * ({@code analysisReduced}) and told to the listener (the camera's metrics).
 * Worker turns only.
 */
final class DegradePolicy {

    private static final Logger log = LoggerFactory.getLogger(DegradePolicy.class);

    /** What to do with one access unit's picture. */
    enum Step {
        ANALYSE,
        /** Not analysed (keyframe patrol): its keyframes are analysed alone, for motion (no tracks to end). */
        SKIP,
        /** Not analysed, because the camera is behind: the tracks going on cannot be followed and end. */
        SKIP_ENDING_TRACKS
    }

    /** How far a camera's analysis is reduced now and why, as its status and metrics say it (in this order). */
    enum Level {
        FULL("every frame analysed"),
        PEOPLE_PAUSED("analysis fell behind: person detection paused"),
        KEYFRAMES_ONLY("analysis fell behind: keyframes only");

        final String reason;

        Level(String reason) {
            this.reason = reason;
        }
    }

    /** Told when the person model is to pause or resume. */
    interface PeopleSwitch {
        void pausePeople(boolean paused);
    }

    /** Told of every change of level. */
    interface LevelListener {
        void levelChanged(Level level);
    }

    /** How long a camera must keep up before what it gave up comes back... */
    static final long RECOVER_AFTER_MS = 3_000;
    /** ...keeping up meaning no more than this many units queued behind each one. */
    private static final int KEEPING_UP_BACKLOG = 2;

    private final String cameraId;
    private final int maxBacklogFrames;
    private final LongSupplier clock;
    /** Whether the camera keeps up now, and since when (clock ms). */
    private boolean keepingUp;
    private long keepingUpSinceMs;
    private final CameraStatusBoard board;
    private final PeopleSwitch people;
    private final LevelListener listener;
    private Level level = Level.FULL;
    private boolean peoplePaused;
    private boolean keyframesOnly;

    DegradePolicy(String cameraId, int maxBacklogFrames, CameraStatusBoard board, PeopleSwitch people, LevelListener listener) {
        this(cameraId, maxBacklogFrames, board, people, listener, () -> System.nanoTime() / 1_000_000);
    }

    /** As above, keeping time by {@code clock} (monotonic ms; the default does not jump with the wall clock). */
    DegradePolicy(String cameraId, int maxBacklogFrames, CameraStatusBoard board, PeopleSwitch people, LevelListener listener,
                  LongSupplier clock) {
        this.clock = clock;
        this.cameraId = cameraId;
        this.maxBacklogFrames = maxBacklogFrames;
        this.board = board;
        this.people = people;
        this.listener = listener;
    }

    /**
     * Decides for the next unit, {@code behind} units still queued after it; {@code patrol}: the camera is set to
     * analyse keyframes only.
     */
    Step next(int behind, boolean keyframe, boolean patrol) {
        long nowMs = clock.getAsLong();
        if (behind > KEEPING_UP_BACKLOG) {
            keepingUp = false;
        } else if (!keepingUp) {
            keepingUp = true;
            keepingUpSinceMs = nowMs;
        }
        boolean caughtUp = keepingUp && nowMs - keepingUpSinceMs >= RECOVER_AFTER_MS;
        if (!peoplePaused && behind > maxBacklogFrames / 2) {
            peoplePaused = true;
            people.pausePeople(true);
            log.warn("camera {}: analysis is {} frames behind; person detection paused until it catches up", cameraId, behind);

        } else if (peoplePaused && caughtUp) {
            peoplePaused = false;
            people.pausePeople(false);
            log.info("camera {}: analysis caught up; looking for people again", cameraId);
        }
        if (!keyframesOnly && behind > maxBacklogFrames) {
            keyframesOnly = true;
            log.warn("camera {}: analysis is {} frames behind; analysing keyframes only until it catches up", cameraId, behind);

        } else if (keyframesOnly && caughtUp && keyframe) {
            keyframesOnly = false;
            log.info("camera {}: analysis caught up; analysing every frame again", cameraId);
        }
        Level now = keyframesOnly ? Level.KEYFRAMES_ONLY : peoplePaused ? Level.PEOPLE_PAUSED : Level.FULL;
        if (now != level) {
            level = now;
            board.analysisReduced(cameraId, now == Level.FULL ? null : now.reason);
            listener.levelChanged(now);
        }
        if (keyframe) return Step.ANALYSE;
        if (keyframesOnly) return Step.SKIP_ENDING_TRACKS;
        return patrol ? Step.SKIP : Step.ANALYSE;
    }

    Level level() {
        return level;
    }
}
