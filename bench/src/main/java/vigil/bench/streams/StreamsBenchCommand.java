package vigil.bench.streams;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vigil.bench.RecordedScene;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.H264Encoder;
import vigil.ingest.sim.SimulatedCamera;
import vigil.ingest.sim.SyntheticScene;

/**
 * {@code vigil bench streams}: how many cameras one node keeps up with, and what each costs. Starts K simulated
 * cameras (H.264 at real-time pace over real RTSP on loopback, a keyframe every 2 s; the scene is OpenCV's
 * {@code vtest.avi}, a real pedestrian square, scaled up and encoded by x264 as a camera would, or a synthetic one with people and vehicles) in this process and one node in a process of its own, registers the cameras through the node's API, lets
 * it warm up, then measures the node process's CPU (from /proc) and its frame counters (from /metrics). In the
 * same run FFmpeg's own single-threaded decoder decodes the same stream ({@code ffmpeg -benchmark -threads 1}),
 * before and after, so every figure is also a ratio to the decode floor; and once more at the stream's own pace
 * ({@code -re}), as FFmpeg decodes a live camera, for the ratio to that. {@code --find-max} doubles K until a
 * camera cannot keep up (or the node runs out of cores), bisects between the last K that kept up and the first that
 * did not, and reports the largest K that kept up.
 */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Streams per node: CPU per camera against FFmpeg's decode of the same stream, frames analysed and skipped.")
public final class StreamsBenchCommand implements Callable<Integer> {

    private static final int FPS = 25;
    private static final int GOP_FRAMES = 50;
    private static final int LOOP_FRAMES = 250;

    @Option(names = "--cameras", description = "simulated cameras (default: ${DEFAULT-VALUE})", defaultValue = "1")
    int cameras;

    @Option(names = "--resolution", description = "1080p, 720p, or a list (1080p,720p) that the cameras take in turn (default: ${DEFAULT-VALUE})",
            defaultValue = "1080p")
    String resolution;

    @Option(names = "--scene", description = "vtest (a real pedestrian square, Debian's opencv-doc) or synthetic (default: ${DEFAULT-VALUE})",
            defaultValue = "vtest")
    String scene;

    @Option(names = "--bitrate-kbps", description = "the vtest stream's bit rate (default: ${DEFAULT-VALUE})", defaultValue = "4000")
    int bitRateKbps;

    @Option(names = "--people", description = "the node's person detection: on or off (default: ${DEFAULT-VALUE})", defaultValue = "on")
    String people;

    @Option(names = "--deblock", description = "the node decodes for analysis with H.264's deblocking filter, exact pictures as "
            + "FFmpeg's reference decodes them (by default the node skips the filter)")
    boolean deblock;

    @Option(names = "--gather-ms", description = "the node's --analysis-gather-ms: how long a camera's frames may wait to be "
            + "analysed together (default: the node's own)")
    Long gatherMs;

    @Option(names = "--keyframes-only", description = "set every camera to keyframe patrol (PUT .../analysis keyframes)")
    boolean keyframesOnly;

    @Option(names = "--seconds", description = "measured seconds (default: ${DEFAULT-VALUE})", defaultValue = "60")
    int seconds;

    @Option(names = "--warmup-seconds", description = "seconds before measuring (default: ${DEFAULT-VALUE})", defaultValue = "20")
    int warmupSeconds;

    @Option(names = "--find-max", description = "double the cameras from --cameras until one cannot keep up, bisect, and report the largest K that kept up")
    boolean findMax;

    @Option(names = "--port", description = "the node's API port (default: ${DEFAULT-VALUE})", defaultValue = "18080")
    int port;

    /** One measured run. */
    record Run(int cameras, double nodeCores, long framesReceived, long framesAnalysed, long framesSkipped,
               int mostReduced, double nodeCpuMsPerFrame, double ffmpegMsPerFrame, double motionLatencyMs,
               double trackLatencyMs, double ffmpegLiveMsPerFrame) {

        /** Whether every camera kept up: no frame skipped and nothing of the analysis given up. */
        boolean keptUp() {
            return framesSkipped == 0 && mostReduced == 0;
        }

        double ratioToDecode() {
            return nodeCpuMsPerFrame / ffmpegMsPerFrame;
        }

        String row() {
            return String.format(Locale.ROOT, "| %d | %.2f | %.3f | %d | %d | %d | %s | %.2f | %.2f | %.2f | %.0f | %.0f | %.2f | %.2f |",
                    cameras, nodeCores, nodeCores / cameras, framesReceived, framesAnalysed, framesSkipped, REDUCTIONS[mostReduced],
                    nodeCpuMsPerFrame, ffmpegMsPerFrame, ratioToDecode(), motionLatencyMs, trackLatencyMs, ffmpegLiveMsPerFrame,
                    nodeCpuMsPerFrame / ffmpegLiveMsPerFrame);
        }
    }

    /** What {@code vigil_analysis_reduced} says, by value. */
    private static final String[] REDUCTIONS = {"none", "people paused", "keyframes only"};

    @Override
    public Integer call() throws Exception {
        if (!people.equals("on") && !people.equals("off")) throw new IllegalArgumentException("--people must be on or off, not " + people);
        if (gatherMs != null && (gatherMs < 0 || gatherMs > vigil.ingest.node.NodeSettings.MAX_GATHER_MS)) {
            throw new IllegalArgumentException("--gather-ms must be 0.." + vigil.ingest.node.NodeSettings.MAX_GATHER_MS + ", not " + gatherMs);
        }
        List<int[]> sizes = new ArrayList<>();
        for (String r : resolution.split(",")) {
            sizes.add(switch (r.strip()) {
                case "1080p" -> new int[] {1920, 1080};
                case "720p" -> new int[] {1280, 720};
                default -> throw new IllegalArgumentException("--resolution must be 1080p, 720p or a list of them (1080p,720p), not " + resolution);
            });
        }
        if (cameras < 1 || seconds < 5 || warmupSeconds < 0) throw new IllegalArgumentException("need --cameras >= 1 and --seconds >= 5");
        Path work = Files.createTempDirectory("vigil-bench-streams");
        try {
            List<EncodedLoop> loops = new ArrayList<>();
            List<Path> streams = new ArrayList<>();
            for (int[] size : sizes) {
                System.out.printf(Locale.ROOT, "encoding the %s scene: %dx%d, %d frames at %d fps, a keyframe every %d ...%n",
                        scene, size[0], size[1], LOOP_FRAMES, FPS, GOP_FRAMES);
                String name = size[0] + "x" + size[1];
                EncodedLoop loop = switch (scene) {
                    case "vtest" -> CameraStream.encode(Path.of(RecordedScene.VTEST), size[0], size[1], FPS, GOP_FRAMES,
                            bitRateKbps * 1000, LOOP_FRAMES, work.resolve("camera-" + name + ".h264"));
                    case "synthetic" -> EncodedLoop.encode(new SyntheticScene(size[0], size[1], FPS, LOOP_FRAMES, 11, true), FPS, GOP_FRAMES);
                    default -> throw new IllegalArgumentException("--scene must be vtest or synthetic, not " + scene);
                };
                Path stream = work.resolve("scene-" + name + ".h264");
                try (OutputStream o = Files.newOutputStream(stream)) {
                    for (H264Encoder.EncodedFrame f : loop.frames()) o.write(f.annexB());
                }
                loops.add(loop);
                streams.add(stream);
            }
            System.out.println("| cameras | node cores | cores per camera | frames received | analysed | skipped | most reduced "
                    + "| node CPU ms per frame | FFmpeg decode ms per frame | ratio | capture to catalog ms, motion events "
                    + "| capture to catalog ms, tracks | FFmpeg at the stream's pace ms per frame | ratio to it |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            // --find-max: double K until a run does not keep up, then bisect between the last that did and it
            int k = cameras, good = 0, bad = -1;
            while (true) {
                Run r = measure(k, loops, streams, work.resolve("node-" + k));
                System.out.println(r.row());
                if (!r.keptUp()) {
                    bad = k;
                    break;
                }
                good = k;
                if (!findMax || r.nodeCores() > Runtime.getRuntime().availableProcessors() * 0.9) break;
                k *= 2;
            }
            if (findMax) {
                while (bad - good > 1) {
                    int mid = (good + bad) / 2;
                    Run r = measure(mid, loops, streams, work.resolve("node-" + mid));
                    System.out.println(r.row());
                    if (r.keptUp()) {
                        good = mid;
                    } else {
                        bad = mid;
                    }
                }
                System.out.println("largest camera count measured with every camera keeping up (nothing skipped or paused): " + good);
            }
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    /** Camera i streams {@code loops[i % n]}; the decode floor is the mean over the cameras of their stream's. */
    private Run measure(int k, List<EncodedLoop> streamLoops, List<Path> streams, Path dataDir) throws Exception {
        double ffmpegBefore = ffmpegMsPerFrame(streams, k);
        double ffmpegLive = ffmpegLiveMsPerFrame(streams, k);
        List<SimulatedCamera> sims = new ArrayList<>();
        Process node = null;
        EventLoopGroup loops = new NioEventLoopGroup(2); // the cameras' own CPU is this process's, not the node's
        try {
            for (int i = 0; i < k; i++) {
                // cameras out of step, as a site's are: their keyframes spread evenly over one keyframe interval
                EncodedLoop loop = streamLoops.get(i % streamLoops.size());
                long gopMicros = 1_000_000L * GOP_FRAMES / loop.fps();
                sims.add(new SimulatedCamera(loop, loops, false).playDelayMicros(gopMicros * i / k).start("127.0.0.1", 0));
            }
            node = startNode(dataDir);
            String token = awaitToken(dataDir.resolve("admin.token"), node);
            HttpClient http = HttpClient.newHttpClient();
            awaitHealthy(http);
            for (int i = 0; i < k; i++) {
                String id = "bench-" + i;
                post(http, token, "POST", "/api/cameras", "{\"id\":\"" + id + "\",\"name\":\"bench " + i + "\",\"url\":\""
                        + sims.get(i).url("/scene") + "\"}", 201);
                if (keyframesOnly) post(http, token, "PUT", "/api/cameras/" + id + "/analysis", "{\"mode\":\"keyframes\"}", 200);
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));
            long cpu0 = cpuNanos(node.pid());
            long t0 = System.nanoTime();
            String scrape0 = scrape(http, token);
            long[] m0 = frameCounters(scrape0);
            int mostReduced = 0;
            long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) { // the reduction is a level, not a count: watched through the window
                Thread.sleep(Math.max(1, Math.min(2000, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
                mostReduced = Math.max(mostReduced, (int) frameCounters(scrape(http, token))[3]);
            }
            long cpu1 = cpuNanos(node.pid());
            long t1 = System.nanoTime();
            String scrape1 = scrape(http, token);
            long[] m1 = frameCounters(scrape1);
            mostReduced = Math.max(mostReduced, (int) m1[3]);
            // the reference after, as before, with the machine to itself: a decoder beside the node and the cameras
            // shares their caches and cores, and its CPU per frame would count their load as the floor's
            stopNode(node);
            node = null;
            sims.forEach(SimulatedCamera::close);
            sims.clear();
            double ffmpegAfter = ffmpegMsPerFrame(streams, k);
            long received = m1[0] - m0[0];
            double cores = (cpu1 - cpu0) / (double) (t1 - t0);
            double msPerFrame = received == 0 ? Double.NaN : (cpu1 - cpu0) / 1e6 / received;
            return new Run(k, cores, received, m1[1] - m0[1], m1[2] - m0[2], mostReduced, msPerFrame, (ffmpegBefore + ffmpegAfter) / 2,
                    meanLatencyMs(scrape0, scrape1, "motion"), meanLatencyMs(scrape0, scrape1, "track"), ffmpegLive);
        } finally {
            if (node != null) stopNode(node);
            sims.forEach(SimulatedCamera::close);
            loops.shutdownGracefully().syncUninterruptibly();
        }
    }

    private static void stopNode(Process node) throws InterruptedException {
        node.destroy();
        if (!node.waitFor(30, TimeUnit.SECONDS)) node.destroyForcibly();
    }

    /** A node in a process of its own (its CPU is then its own), from this harness's class path. */
    private Process startNode(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "vigil.ingest.cli.VigilCommand", "node", "--data-dir", dataDir.toString(), "--listen", "127.0.0.1",
                "--port", Integer.toString(port), "--people", people));
        if (deblock) cmd.add("--deblock");
        if (gatherMs != null) cmd.addAll(List.of("--analysis-gather-ms", gatherMs.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dataDir.resolve("node.log").toFile()).start();
    }

    private static String awaitToken(Path file, Process node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) throw new IllegalStateException("the node exited (" + node.exitValue() + "); see its log");
            if (Files.isRegularFile(file) && Files.size(file) > 0) return Files.readString(file).trim();
            Thread.sleep(200);
        }
        throw new IllegalStateException("the node wrote no " + file + " within 60 s");
    }

    private void awaitHealthy(HttpClient http) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // the API is not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the node's API did not answer /health within 60 s");
    }

    private void post(HttpClient http, String token, String method, String path, String json, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static final Pattern COUNTER = Pattern.compile(
            "^(vigil_frames_(?:received|analysed|skipped)_total|vigil_analysis_reduced)\\{[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);

    private String scrape(HttpClient http, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/metrics")).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("/metrics answered " + r.statusCode());
        return r.body();
    }

    /**
     * The node's frames received, analysed and skipped, summed over its cameras, and the most reduced analysis of
     * any camera now.
     */
    private static long[] frameCounters(String scrape) {
        long[] sums = new long[4];
        Matcher m = COUNTER.matcher(scrape);
        while (m.find()) {
            long v = (long) Double.parseDouble(m.group(2));
            switch (m.group(1)) {
                case "vigil_frames_received_total" -> sums[0] += v;
                case "vigil_frames_analysed_total" -> sums[1] += v;
                case "vigil_frames_skipped_total" -> sums[2] += v;
                default -> sums[3] = Math.max(sums[3], v);
            }
        }
        return sums;
    }

    /**
     * The mean capture-to-catalog latency of the {@code record} results (motion, track) written between two scrapes
     * of {@code vigil_catalog_latency_seconds}; NaN if none was.
     */
    private static double meanLatencyMs(String before, String after, String record) {
        double count = latencyField(after, record, "count") - latencyField(before, record, "count");
        double sum = latencyField(after, record, "sum") - latencyField(before, record, "sum");
        return count > 0 ? sum * 1000 / count : Double.NaN;
    }

    private static double latencyField(String scrape, String record, String field) {
        Matcher m = Pattern.compile("^vigil_catalog_latency_seconds_" + field + "\\{record=\"" + record + "\",?} ([0-9.eE+]+)$",
                Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** User plus system CPU of a process so far, from /proc/{pid}/stat (Linux). */
    private static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
        return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
    }

    /** USER_HZ: 100 on Linux on x86-64. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s");
    private static final Pattern FRAMES = Pattern.compile("frame=\\s*([0-9]+)");

    /** FFmpeg's CPU per frame over {@code k} cameras streaming {@code streams} in turn. */
    private static double ffmpegMsPerFrame(List<Path> streams, int k) throws Exception {
        double[] each = new double[streams.size()];
        for (int s = 0; s < streams.size(); s++) each[s] = ffmpegMsPerFrame(streams.get(s));
        return meanOverCameras(each, k);
    }

    /** As {@link #ffmpegMsPerFrame(List, int)}, FFmpeg decoding each stream at its own pace, as a live camera sends it. */
    private static double ffmpegLiveMsPerFrame(List<Path> streams, int k) throws Exception {
        double[] each = new double[streams.size()];
        for (int s = 0; s < streams.size(); s++) each[s] = ffmpegLiveMsPerFrame(streams.get(s));
        return meanOverCameras(each, k);
    }

    private static double meanOverCameras(double[] each, int k) {
        double sum = 0;
        for (int i = 0; i < k; i++) sum += each[i % each.length];
        return sum / k;
    }

    /**
     * CPU per frame of FFmpeg's own single-threaded decoder on the stream: the stream written four times over into
     * one file (a raw stream cannot be looped by seeking), the frames counted as FFmpeg reports them.
     */
    private static double ffmpegMsPerFrame(Path stream) throws Exception {
        Path repeated = stream.resolveSibling("decode-reference.h264");
        byte[] once = Files.readAllBytes(stream);
        try (OutputStream o = Files.newOutputStream(repeated)) {
            for (int i = 0; i < 4; i++) o.write(once);
        }
        return ffmpegCpuMsPerFrame("-f", "h264", "-i", repeated.toString());
    }

    /**
     * CPU per frame of the same decoder fed the stream once at its frame rate ({@code -re}): as FFmpeg decodes a live
     * camera, idle between frames. A decoder woken for every frame finds its caches cold and costs more per frame
     * than one decoding a file back to back (bench/RESULTS.md, session 16); the node works at that pace too.
     */
    private static double ffmpegLiveMsPerFrame(Path stream) throws Exception {
        return ffmpegCpuMsPerFrame("-re", "-f", "h264", "-framerate", Integer.toString(FPS), "-i", stream.toString());
    }

    private static double ffmpegCpuMsPerFrame(String... input) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostats", "-stats_period", "3600", "-benchmark",
                "-threads", "1"));
        command.addAll(List.of(input));
        command.addAll(List.of("-f", "null", "-"));
        Process p = ffmpeg(command.toArray(String[]::new));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("ffmpeg failed: " + out);
        Matcher m = BENCH.matcher(out);
        if (!m.find()) throw new IllegalStateException("ffmpeg -benchmark printed no times: " + out);
        double cpuSeconds = Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
        long frames = 0;
        for (Matcher f = FRAMES.matcher(out); f.find(); ) frames = Long.parseLong(f.group(1));
        if (frames == 0) throw new IllegalStateException("ffmpeg reported no frames decoded: " + out);
        return cpuSeconds * 1000 / frames;
    }

    /** Starts FFmpeg's command-line tool (output and errors together); a clear error when it is not installed. */
    static Process ffmpeg(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalArgumentException("the harness needs FFmpeg's command-line tool (apt-get install ffmpeg): " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
