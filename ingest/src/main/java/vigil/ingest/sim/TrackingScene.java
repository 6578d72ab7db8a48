package vigil.ingest.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import vigil.analytics.eval.MotBox;

/**
 * A scripted synthetic scene with exact ground truth for tracking: objects follow waypoints (so they enter,
 * leave, cross, stop and start again), an optional static occluder they pass behind, sensor noise, and an
 * optional global lighting change. An object is a textured block (a vehicle, a parcel, a person seen as a
 * blob) or a walker: a dark human silhouette swinging its legs and arms as it goes, filling its box. Ground truth lists an object in a frame while at least half of it is
 * visible (inside the frame and not behind the occluder), with its full box.
 */
public final class TrackingScene {

    /** Where an object is at a frame; between waypoints it moves linearly. */
    public record Waypoint(int frame, double x, double y) {
    }

    /** How an object is drawn. */
    public enum Shape {
        BLOCK,
        WALKER
    }

    /**
     * One object: size in pixels, luma, its path and its shape. A person seen in perspective
     * ({@code inPerspective}) walks a path of feet points (bottom centre of the box) and is as tall as the
     * scene's {@link Perspective} says at that row, {@code width} per {@code height} as wide; otherwise the path
     * is of the box's top-left corner and the size fixed.
     */
    public record Actor(int id, int width, int height, int luma, List<Waypoint> path, Shape shape, boolean inPerspective) {

        public Actor(int id, int width, int height, int luma, List<Waypoint> path) {
            this(id, width, height, luma, path, Shape.BLOCK, false);
        }

        public Actor(int id, int width, int height, int luma, List<Waypoint> path, Shape shape) {
            this(id, width, height, luma, path, shape, false);
        }

        int first() {
            return path.get(0).frame();
        }

        int last() {
            return path.get(path.size() - 1).frame();
        }

        double[] at(int frame) {
            for (int i = 0; i + 1 < path.size(); i++) {
                Waypoint a = path.get(i), b = path.get(i + 1);
                if (frame >= a.frame() && frame <= b.frame()) {
                    double t = b.frame() == a.frame() ? 0 : (frame - a.frame()) / (double) (b.frame() - a.frame());
                    return new double[] {a.x() + t * (b.x() - a.x()), a.y() + t * (b.y() - a.y())};
                }
            }
            return null;
        }
    }

    /**
     * A raised camera's view of flat ground: a person whose feet are at row {@code y} is
     * {@code heightPerRow * (y - horizonRow)} pixels tall (the horizon may lie above the frame: negative).
     */
    public record Perspective(double horizonRow, double heightPerRow) {

        double heightAt(double feetRow) {
            return Math.max(4, heightPerRow * (feetRow - horizonRow));
        }
    }

    /** A rectangle drawn over everything: a pillar, a parked van. */
    public record Occluder(int left, int top, int width, int height, int luma) {
    }

    private final String name;
    private final int width;
    private final int height;
    private final int frames;
    private final List<Actor> actors;
    private final Occluder occluder;
    private final int noiseAmplitude;
    private final int lightingChangeFrame;
    private final int lightingChangeLuma;
    private final long seed;
    private final int fps;
    private final Perspective perspective;
    private final byte[] background;

    public TrackingScene(String name, int width, int height, int frames, List<Actor> actors, Occluder occluder,
                         int noiseAmplitude, int lightingChangeFrame, int lightingChangeLuma, long seed) {
        this(name, width, height, 25, frames, actors, occluder, noiseAmplitude, lightingChangeFrame, lightingChangeLuma, seed, null);
    }

    public TrackingScene(String name, int width, int height, int fps, int frames, List<Actor> actors, Occluder occluder,
                         int noiseAmplitude, int lightingChangeFrame, int lightingChangeLuma, long seed,
                         Perspective perspective) {
        this.fps = fps;
        this.perspective = perspective;
        this.name = name;
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.actors = List.copyOf(actors);
        this.occluder = occluder;
        this.noiseAmplitude = noiseAmplitude;
        this.lightingChangeFrame = lightingChangeFrame;
        this.lightingChangeLuma = lightingChangeLuma;
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        background = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 110 + 25 * Math.sin(x / 31.0) * Math.cos(y / 19.0) + 20.0 * y / height + random.nextInt(-5, 6);
                background[y * width + x] = (byte) clamp((int) v);
            }
        }
    }

    public String name() {
        return name;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int frames() {
        return frames;
    }

    /** Frames per second the scene is meant to be played (and encoded) at. */
    public int fps() {
        return fps;
    }

    /** Where {@code a}'s box is at {@code frame}, as {x, y, width, height} in pixels; null when not in the scene. */
    private double[] boxAt(Actor a, int frame) {
        double[] p = a.at(frame);
        if (p == null) return null;
        if (!a.inPerspective()) return new double[] {p[0], p[1], a.width(), a.height()};
        double h = perspective.heightAt(p[1]), w = h * a.width() / (double) a.height();
        return new double[] {p[0] - w / 2, p[1] - h, w, h};
    }

    /** Ground truth of frame {@code frame} (from 0), as MOT rows numbered from 1. */
    public List<MotBox> truth(int frame) {
        List<MotBox> out = new ArrayList<>();
        for (Actor a : actors) {
            double[] p = boxAt(a, frame);
            if (p == null) continue;
            double visible = visibleArea(p[0], p[1], p[2], p[3]);
            if (visible >= 0.5 * p[2] * p[3]) {
                // clipped to the frame, as what a camera can see (an occluder hides part but not the extent)
                double l = Math.max(0, p[0]), t = Math.max(0, p[1]);
                double r = Math.min(width, p[0] + p[2]), b = Math.min(height, p[1] + p[3]);
                out.add(new MotBox(frame + 1, a.id(), l, t, r - l, b - t));
            }
        }
        return out;
    }

    public List<MotBox> truth() {
        List<MotBox> all = new ArrayList<>();
        for (int f = 0; f < frames; f++) all.addAll(truth(f));
        return all;
    }

    private double visibleArea(double x, double y, double w, double h) {
        double l = Math.max(0, x), t = Math.max(0, y), r = Math.min(width, x + w), b = Math.min(height, y + h);
        if (r <= l || b <= t) return 0;
        double area = (r - l) * (b - t);
        if (occluder != null) {
            double ol = Math.max(l, occluder.left()), ot = Math.max(t, occluder.top());
            double or = Math.min(r, occluder.left() + occluder.width()), ob = Math.min(b, occluder.top() + occluder.height());
            if (or > ol && ob > ot) area -= (or - ol) * (ob - ot);
        }
        return area;
    }

    /** Draws frame {@code frame}'s luma plane ({@code width*height}, no padding). */
    public void drawLuma(int frame, byte[] out) {
        int light = frame >= lightingChangeFrame ? lightingChangeLuma : 0;
        for (int i = 0; i < out.length; i++) out[i] = (byte) clamp((background[i] & 0xFF) + light);
        for (Actor a : actors) {
            double[] p = boxAt(a, frame);
            if (p == null) continue;
            int x0 = (int) Math.round(p[0]), y0 = (int) Math.round(p[1]);
            int aw = (int) Math.round(p[2]), ah = (int) Math.round(p[3]);
            // a stride is about 0.35 of the walker's height; the legs swing with the distance covered
            double swing = Math.sin((p[0] + p[1]) / (0.35 * ah) * Math.PI);
            for (int y = Math.max(0, y0); y < Math.min(height, y0 + ah); y++) {
                for (int x = Math.max(0, x0); x < Math.min(width, x0 + aw); x++) {
                    if (a.shape() == Shape.WALKER
                            && !inWalker((x - x0 + 0.5) / aw, (y - y0 + 0.5) / ah, aw, ah, swing)) {
                        continue;
                    }
                    out[y * width + x] = (byte) clamp(a.luma() + light + ((x - x0) / 3 + (y - y0) / 5) % 4 * 3);
                }
            }
        }
        if (occluder != null) {
            for (int y = occluder.top(); y < occluder.top() + occluder.height(); y++) {
                for (int x = occluder.left(); x < occluder.left() + occluder.width(); x++) {
                    out[y * width + x] = (byte) clamp(occluder.luma() + light + (x + y) % 6);
                }
            }
        }
        if (noiseAmplitude > 0) {
            SplittableRandom noise = new SplittableRandom(seed * 977 + frame);
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) clamp((out[i] & 0xFF) + noise.nextInt(-noiseAmplitude, noiseAmplitude + 1));
            }
        }
    }

    /**
     * Whether (u, v), in units of a walker's box, lies on its silhouette: head, torso, two legs from the hips to
     * feet {@code swing} apart, two arms swinging the other way.
     */
    static boolean inWalker(double u, double v, int w, int h, double swing) {
        double hu = (u - 0.5) / 0.19, hv = (v - 0.065) / 0.065;
        if (hu * hu + hv * hv <= 1) return true;
        if (v >= 0.13 && v <= 0.52 && Math.abs(u - 0.5) <= 0.31 - (v - 0.13) * 0.05) return true;
        double s = 0.4 * swing;
        return nearSegment(u, v, 0.42, 0.5, 0.5 - s, 0.99, 0.1, w, h)
                || nearSegment(u, v, 0.58, 0.5, 0.5 + s, 0.99, 0.1, w, h)
                || nearSegment(u, v, 0.2, 0.16, 0.2 + 0.3 * s, 0.5, 0.07, w, h)
                || nearSegment(u, v, 0.8, 0.16, 0.8 - 0.3 * s, 0.5, 0.07, w, h);
    }

    /** Whether (u, v) is within {@code halfWidth} box widths of the segment, measured in pixels. */
    private static boolean nearSegment(double u, double v, double u0, double v0, double u1, double v1, double halfWidth,
                                       int w, int h) {
        double px = u * w, py = v * h, ax = u0 * w, ay = v0 * h, bx = u1 * w, by = v1 * h;
        double dx = bx - ax, dy = by - ay;
        double t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
        double ex = px - ax - t * dx, ey = py - ay - t * dy;
        return ex * ex + ey * ey <= halfWidth * w * halfWidth * w;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    // --- the suite ---

    /** How many seeded variations of the raised camera the suite holds, and their seed. */
    /** The raised camera's picture... */
    private static final int RAISED_WIDTH = 768, RAISED_HEIGHT = 576;
    /** ...its people: feet at the bottom row 0.2 of the height, at row 150 0.06... */
    private static final Perspective RAISED_VIEW = new Perspective(28, 0.2 * RAISED_HEIGHT / (RAISED_HEIGHT - 28));
    /** ...and the pole of its scripted scenes. */
    private static final Occluder RAISED_POLE = new Occluder(430, 60, 14, 516, 170);
    public static final int RAISED_VARIANTS = 6;
    public static final long RAISED_VARIANTS_SEED = 2026;

    /** The seeded scenes of the tracking suite: the street family (640x360 at 25 fps), then the raised-camera family. */
    public static List<TrackingScene> suite() {
        int w = 640, h = 360;
        List<TrackingScene> s = new ArrayList<>();
        s.add(new TrackingScene("enter-leave", w, h, 250, List.of(
                actor(1, 36, 90, 40, wp(10, -40, 150), wp(200, 660, 170)),
                actor(2, 60, 40, 210, wp(60, 660, 60), wp(160, -70, 80)),
                actor(3, 28, 70, 35, wp(90, 300, -80), wp(240, 330, 370))), null, 3, -1, 0, 1));
        s.add(new TrackingScene("crossing", w, h, 250, List.of(
                actor(1, 34, 86, 40, wp(10, -40, 140), wp(230, 660, 140)),
                actor(2, 34, 86, 215, wp(10, 660, 150), wp(230, -40, 150))), null, 3, -1, 0, 2));
        // two people meet, walk on together side by side (one blob), then part ways
        s.add(new TrackingScene("meet-walk-together-split", w, h, 275, List.of(
                actor(1, 32, 84, 40, wp(10, -40, 60), wp(100, 250, 130), wp(170, 420, 130), wp(260, 660, 40)),
                actor(2, 32, 84, 45, wp(10, -40, 230), wp(100, 214, 140), wp(170, 384, 140), wp(260, 660, 260))),
                null, 3, -1, 0, 3));
        s.add(new TrackingScene("stop-and-go", w, h, 275, List.of(
                actor(1, 36, 90, 35, wp(10, -40, 160), wp(100, 280, 160), wp(150, 280, 160), wp(260, 660, 170)),
                actor(2, 50, 36, 220, wp(120, 660, 50), wp(240, -60, 70))), null, 3, -1, 0, 4));
        s.add(new TrackingScene("occluder", w, h, 250, List.of(
                actor(1, 34, 86, 40, wp(10, -40, 160), wp(230, 660, 170)),
                actor(2, 30, 80, 215, wp(40, 660, 40), wp(240, -40, 60))),
                new Occluder(300, 20, 40, 320, 150), 3, -1, 0, 5));
        s.add(new TrackingScene("lighting-change", w, h, 250, List.of(
                actor(1, 36, 90, 40, wp(10, -40, 150), wp(230, 660, 160)),
                actor(2, 40, 40, 220, wp(30, 200, -50), wp(230, 250, 400))), null, 3, 125, 45, 6));
        s.add(new TrackingScene("noisy-small-fast", w, h, 200, List.of(
                actor(1, 16, 40, 30, wp(10, -20, 100), wp(110, 660, 120)),
                actor(2, 20, 20, 230, wp(30, 660, 250), wp(190, -30, 230)),
                actor(3, 70, 120, 45, wp(50, 120, 380), wp(190, 170, -130))), null, 8, -1, 0, 7));
        // people: two walk side by side (one motion blob all along), one comes the other way through them,
        // and a car passes behind; people must be told apart, the car followed as an object
        s.add(new TrackingScene("people-side-by-side", w, h, 250, List.of(
                walker(1, 52, 130, 40, wp(10, -60, 150), wp(240, 660, 170)),
                walker(2, 52, 130, 45, wp(10, -118, 152), wp(240, 602, 172)),
                walker(3, 48, 120, 50, wp(60, 660, 170), wp(240, -60, 160)),
                actor(4, 120, 48, 205, wp(20, 660, 40), wp(200, -130, 50))), null, 3, -1, 0, 8));
        s.addAll(raisedCameras());
        s.addAll(raisedCameraVariants(RAISED_VARIANTS, RAISED_VARIANTS_SEED));
        s.add(raisedTalkers());
        return s;
    }

    /**
     * The raised camera at 7 fps, two people standing together from the start, talking, then walking off their own ways
     * (as in PETS 2009's square): an offline analysis learns them as ground from its opening, and a node that
     * starts while they stand does too, so the ground they covered shows as motion once they leave. Meanwhile one
     * crosses far off, and one later walks through where the two stood.
     */
    public static TrackingScene raisedTalkers() {
        int w = RAISED_WIDTH, h = RAISED_HEIGHT;
        Perspective view = RAISED_VIEW;
        return new TrackingScene("raised-talkers-7fps", w, h, 7, 140, List.of(
                person(1, 40, wp(0, 300, 400), wp(60, 300, 400), wp(97, -30, 420)),
                person(2, 46, wp(0, 345, 405), wp(60, 345, 405), wp(100, 790, 470)),
                person(3, 38, wp(10, 560, 250), wp(120, 100, 240)),
                person(4, 44, wp(100, 320, 600), wp(135, 340, 300))),
                RAISED_POLE, 3, -1, 0, 11, view);
    }

    /**
     * The raised-camera family: a static camera on a pole or a wall looking down a square, as public-security
     * networks are made of. People are 0.06 to 0.2 of the frame's height, taller towards the bottom; groups meet
     * and part; a pole stands in the view; a car passes; the light changes. One scene at 25 fps, one at 7 fps (as
     * many such cameras record).
     */
    public static List<TrackingScene> raisedCameras() {
        int w = RAISED_WIDTH, h = RAISED_HEIGHT;
        Perspective view = RAISED_VIEW;
        Occluder pole = RAISED_POLE;
        List<TrackingScene> s = new ArrayList<>();
        s.add(new TrackingScene("raised-square", w, h, 25, 300, List.of(
                // far walker crossing left to right, behind the pole
                person(1, 36, wp(5, -20, 200), wp(290, 790, 240)),
                // two who meet in the middle, walk on together, then part
                person(2, 40, wp(10, 120, 540), wp(100, 330, 380), wp(190, 520, 330), wp(290, 790, 420)),
                person(3, 45, wp(10, 70, 300), wp(100, 300, 370), wp(190, 490, 320), wp(290, 560, 170)),
                // one walking away from the camera: from large at the bottom to small far off
                person(4, 50, wp(30, 600, 590), wp(280, 500, 170)),
                // a car along the road across the top of the square
                actor(5, 150, 60, 210, wp(60, 790, 120), wp(200, -170, 132))),
                pole, 3, 170, 35, 9, view));
        s.add(new TrackingScene("raised-groups-7fps", w, h, 7, 120, List.of(
                person(1, 40, wp(0, -20, 450), wp(110, 790, 400)),
                person(2, 42, wp(0, -40, 460), wp(110, 770, 410)),
                person(3, 38, wp(5, 790, 250), wp(115, -20, 300)),
                person(4, 44, wp(10, 200, 590), wp(60, 330, 330), wp(110, 360, 160)),
                person(5, 40, wp(20, 700, 180), wp(70, 520, 330), wp(119, 300, 560))),
                pole, 3, 60, -30, 10, view));
        return s;
    }

    /**
     * Seeded variations of the raised camera, {@code count} of them, alternately at 25 fps (10 s) and at 7 fps (17 s):
     * two people crossing the square on their own and a pair walking side by side (one motion blob), each from a
     * random side to another at a walking pace for their size (0.8 of their height a second), entering at random
     * times; a car on the far road in every other scene; the pole at a random place; a lighting change at a random
     * moment. Two scripted scenes show little of a tracker's behaviour and move with any change to it; a family of
     * them averages that out.
     */
    public static List<TrackingScene> raisedCameraVariants(int count, long seed) {
        int w = RAISED_WIDTH, h = RAISED_HEIGHT;
        Perspective view = RAISED_VIEW;
        SplittableRandom random = new SplittableRandom(seed);
        List<TrackingScene> s = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int fps = i % 2 == 0 ? 25 : 7;
            int frames = fps == 25 ? 250 : 120;
            List<Actor> actors = new ArrayList<>();
            int id = 1;
            for (int solo = 0; solo < 2; solo++) {
                actors.add(crossing(id++, 36 + random.nextInt(15), random, view, fps, frames));
            }
            double[] pairFeet = crossingFeet(random);
            int pairStart = random.nextInt(frames / 3);
            int pairLuma = 36 + random.nextInt(15);
            actors.add(walking(id++, pairLuma, pairFeet, view, fps, pairStart, 0, 0));
            // the other of the pair beside the first: walking across the view, a step nearer the camera and overlapping
            // half of them; walking towards or away from it, a shoulder's width to the side
            double size = view.heightAt((pairFeet[1] + pairFeet[3]) / 2);
            boolean across = Math.abs(pairFeet[2] - pairFeet[0]) > Math.abs(pairFeet[3] - pairFeet[1]);
            actors.add(walking(id++, pairLuma + 6, pairFeet, view, fps, pairStart, across ? 0.2 * size : 0.45 * size, across ? 10 : 0));
            if (i % 2 == 0) {
                boolean leftward = random.nextBoolean();
                int carStart = random.nextInt(frames / 2);
                int carEnd = carStart + 6 * fps;
                actors.add(new Actor(id, 150, 60, 200 + random.nextInt(30),
                        List.of(wp(carStart, leftward ? 790 : -170, 120), wp(carEnd, leftward ? -170 : 790, 126))));
            }
            Occluder pole = new Occluder(150 + random.nextInt(460), 60, 14, 516, 170);
            int lightFrame = frames / 4 + random.nextInt(frames / 2);
            int lightLuma = (random.nextBoolean() ? 1 : -1) * (20 + random.nextInt(16));
            s.add(new TrackingScene("raised-variant-" + (i + 1) + (fps == 25 ? "" : "-" + fps + "fps"), w, h, fps, frames,
                    actors, pole, 3, lightFrame, lightLuma, seed * 1_000 + i, view));
        }
        return s;
    }

    /** Feet from one side of the square to another: {x0, y0, x1, y1}. */
    private static double[] crossingFeet(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> new double[] {-30, 230 + random.nextInt(320), 800, 230 + random.nextInt(320)};
            case 1 -> new double[] {800, 230 + random.nextInt(320), -30, 230 + random.nextInt(320)};
            case 2 -> new double[] {100 + random.nextInt(570), 610, 100 + random.nextInt(570), 190};
            default -> new double[] {100 + random.nextInt(570), 190, 100 + random.nextInt(570), 610};
        };
    }

    /** A person crossing on their own, entering in the first third of the scene. */
    private static Actor crossing(int id, int luma, SplittableRandom random, Perspective view, int fps, int frames) {
        return walking(id, luma, crossingFeet(random), view, fps, random.nextInt(frames / 3), 0, 0);
    }

    /** A person walking {@code feet} from {@code start}, shifted by {@code dx}, {@code dy}, at 0.8 of their mean height a second. */
    private static Actor walking(int id, int luma, double[] feet, Perspective view, int fps, int start, double dx, double dy) {
        double meanHeight = view.heightAt((feet[1] + feet[3]) / 2);
        double distance = Math.hypot(feet[2] - feet[0], feet[3] - feet[1]);
        int duration = Math.max(1, (int) Math.round(distance / (0.8 * meanHeight) * fps));
        return person(id, luma, wp(start, feet[0] + dx, feet[1] + dy), wp(start + duration, feet[2] + dx, feet[3] + dy));
    }

    private static Waypoint wp(int frame, double x, double y) {
        return new Waypoint(frame, x, y);
    }

    private static Actor actor(int id, int w, int h, int luma, Waypoint... path) {
        return new Actor(id, w, h, luma, List.of(path));
    }

    /** A person in the scene's perspective, walking through the feet points given. */
    private static Actor person(int id, int luma, Waypoint... feet) {
        return new Actor(id, 40, 100, luma, List.of(feet), Shape.WALKER, true);
    }

    private static Actor walker(int id, int w, int h, int luma, Waypoint... path) {
        return new Actor(id, w, h, luma, List.of(path), Shape.WALKER);
    }
}
