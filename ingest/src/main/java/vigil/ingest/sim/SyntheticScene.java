package vigil.ingest.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded synthetic street view with known ground truth: a static textured background, sensor noise, and
 * objects that enter, cross and leave at constant velocity. The same seed always draws the same pixels.
 *
 * <p>The loop is {@code loopFrames} long: the first and last seconds are quiet, so motion comes and goes.
 * With walkers, two people (human silhouettes swinging their legs) also cross the view side by side.
 */
public final class SyntheticScene {

    /** One object's box in one frame, in pixels. */
    public record TruthBox(int objectId, int frame, int left, int top, int width, int height) {
    }

    private record Mover(int id, int firstFrame, int lastFrame, double x0, double y0, double vx, double vy, int w, int h,
                         int luma, boolean walker) {
        boolean visible(int frame) {
            return frame >= firstFrame && frame <= lastFrame;
        }
    }

    private final int width;
    private final int height;
    private final int loopFrames;
    private final byte[] background;
    private final List<Mover> movers = new ArrayList<>();
    private final long seed;

    /**
     * @param fps        frames per second the scene is paced for
     * @param loopFrames frames before the scene repeats
     */
    public SyntheticScene(int width, int height, int fps, int loopFrames, long seed) {
        this(width, height, fps, loopFrames, seed, false);
    }

    /**
     * @param fps        frames per second the scene is paced for
     * @param loopFrames frames before the scene repeats
     * @param walkers    whether two people walk across too
     */
    public SyntheticScene(int width, int height, int fps, int loopFrames, long seed, boolean walkers) {
        this.width = width;
        this.height = height;
        this.loopFrames = loopFrames;
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        background = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 90 + 30 * Math.sin(x / 37.0) * Math.cos(y / 23.0) + 25.0 * y / height;
                v += random.nextInt(-6, 7);
                background[y * width + x] = (byte) clamp((int) v);
            }
        }
        int quiet = Math.min(3 * fps, loopFrames / 5);
        int active = loopFrames - 2 * quiet;
        int objects = 2;
        for (int i = 0; i < objects; i++) {
            int w = width / 12 + random.nextInt(width / 16 + 1);
            int h = height / 5 + random.nextInt(height / 8 + 1);
            int first = quiet + i * active / 4;
            int last = quiet + active - 1 - (objects - 1 - i) * active / 8;
            boolean leftToRight = i % 2 == 0;
            double x0 = leftToRight ? -w : width;
            double x1 = leftToRight ? width : -w;
            double y0 = height * (0.25 + 0.4 * random.nextDouble());
            double y1 = height * (0.25 + 0.4 * random.nextDouble());
            int frames = Math.max(1, last - first);
            int luma = random.nextBoolean() ? 20 + random.nextInt(30) : 205 + random.nextInt(40);
            movers.add(new Mover(i + 1, first, last, x0, y0, (x1 - x0) / frames, (y1 - y0) / frames, w, h, luma, false));
        }
        if (walkers) {
            // side by side, right to left, through the middle of the active part, at a walking pace
            int h = height / 3, w = h * 2 / 5;
            int first = quiet + active / 3, last = quiet + active - 1;
            double vx = -(width + 2.0 * w) / (last - first);
            double y = height * 0.55;
            movers.add(new Mover(objects + 1, first, last, width, y, vx, 0, w, h, 35, true));
            movers.add(new Mover(objects + 2, first, last, width + w * 1.12, y + 4, vx, 0, w, h, 45, true));
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int loopFrames() {
        return loopFrames;
    }

    /** Ground truth of one frame of the loop: the visible part of every object in view. */
    public List<TruthBox> truth(int frame) {
        int f = Math.floorMod(frame, loopFrames);
        List<TruthBox> out = new ArrayList<>();
        for (Mover m : movers) {
            if (!m.visible(f)) continue;
            int x = (int) Math.round(m.x0 + m.vx * (f - m.firstFrame));
            int y = (int) Math.round(m.y0 + m.vy * (f - m.firstFrame));
            int left = Math.max(0, x), top = Math.max(0, y);
            int right = Math.min(width, x + m.w), bottom = Math.min(height, y + m.h);
            if (right - left >= 2 && bottom - top >= 2) out.add(new TruthBox(m.id, frame, left, top, right - left, bottom - top));
        }
        return out;
    }

    /** Draws the luma plane of one frame into {@code out} ({@code width*height} bytes, no padding). */
    public void drawLuma(int frame, byte[] out) {
        System.arraycopy(background, 0, out, 0, background.length);
        SplittableRandom noise = new SplittableRandom(seed * 31 + frame);
        for (TruthBox b : truth(frame)) {
            Mover m = movers.get(b.objectId() - 1);
            int f = Math.floorMod(frame, loopFrames);
            double x0 = m.x0 + m.vx * (f - m.firstFrame), y0 = m.y0 + m.vy * (f - m.firstFrame);
            double swing = Math.sin(x0 / (0.35 * m.h) * Math.PI);
            for (int y = b.top(); y < b.top() + b.height(); y++) {
                int row = y * width;
                for (int x = b.left(); x < b.left() + b.width(); x++) {
                    if (m.walker && !TrackingScene.inWalker((x - x0 + 0.5) / m.w, (y - y0 + 0.5) / m.h, m.w, m.h, swing)) continue;
                    // a little texture so the encoder and detector see an object, not a flat card
                    out[row + x] = (byte) clamp(m.luma + ((x + y) % 7) * 2);
                }
            }
        }
        for (int i = 0; i < out.length; i += 3) {
            out[i] = (byte) clamp((out[i] & 0xFF) + noise.nextInt(-2, 3));
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
