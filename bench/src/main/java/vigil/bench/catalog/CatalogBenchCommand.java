package vigil.bench.catalog;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vigil.analytics.ground.GroundCells;
import vigil.catalog.access.Role;
import vigil.catalog.access.Tokens;
import vigil.analytics.ground.GroundProjection;
import vigil.catalog.api.ApiRouter;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.camera.CameraStatus;
import vigil.catalog.store.Clip;
import vigil.catalog.store.JdbcCatalogStore;
import vigil.catalog.store.MotionEventRecord;
import vigil.catalog.store.TrackRecord;
import vigil.ingest.analyze.TrackRecords;
import vigil.ingest.node.CatalogSettings;

/**
 * {@code vigil bench catalog}: fills a catalog through the {@code CatalogStore} (as a node writes it) with a seeded
 * synthetic county, reports the ingest rate, then serves it through the real HTTP API on loopback and times a mix
 * of operators' queries (first page of 50), printing p50/p95/p99 per query. A node started on the same data dir or
 * catalog URL serves the loaded data.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Fill a catalog with a synthetic county through the store, then time the query mix through the HTTP API.")
public final class CatalogBenchCommand implements Callable<Integer> {

    @Option(names = "--data-dir", required = true, description = "data dir: the embedded catalog, or the credential key of --catalog")
    Path dataDir;

    @Option(names = "--catalog", description = "a PostgreSQL catalog URL (password from $VIGIL_CATALOG_PASSWORD); default: embedded SQLite")
    String catalog;

    @Option(names = "--cameras", defaultValue = "2000", description = "cameras (default: ${DEFAULT-VALUE})")
    int cameras;

    @Option(names = "--counties", defaultValue = "60", description = "county civil codes they are spread over (default: ${DEFAULT-VALUE})")
    int counties;

    @Option(names = "--tracks", defaultValue = "1000000", description = "tracks (default: ${DEFAULT-VALUE})")
    long tracks;

    @Option(names = "--days", defaultValue = "30", description = "days the footage spans, ending now (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--clip-seconds", defaultValue = "600", description = "length of the synthetic recorded clips (default: ${DEFAULT-VALUE})")
    int clipSeconds;

    @Option(names = "--seed", defaultValue = "2026", description = "seed of the county (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--queries", defaultValue = "60", description = "timed runs of each query (default: ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--skip-load", description = "query a catalog loaded by an earlier run with the same seed and sizes")
    boolean skipLoad;

    @Option(names = "--batch", defaultValue = "2000", description = "tracks per store call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--writers", defaultValue = "2",
            description = "threads writing batches at once, as a county's nodes do (default: ${DEFAULT-VALUE})")
    int writers;

    @Override
    public Integer call() throws Exception {
        if (cameras < 3 || counties < 1 || tracks < 1 || days < 1 || clipSeconds < 10 || writers < 1 || batch < 1) {
            throw new IllegalArgumentException("--cameras >= 3, --counties, --tracks, --days, --writers, --batch >= 1, --clip-seconds >= 10");
        }
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant from = to.minus(Duration.ofDays(days));
        SyntheticCounty county = new SyntheticCounty(cameras, Math.min(counties, cameras), seed);
        System.out.printf("synthetic county: %d cameras over %d county codes, %d tracks over %d days to %s, seed %d%n",
                cameras, Math.min(counties, cameras), tracks, days, to, seed);
        try (JdbcCatalogStore store = new CatalogSettings(catalog, null).open(dataDir)) {
            if (!skipLoad) load(store, county, from, to);
            query(store, county, from, to);
        }
        return 0;
    }

    private void load(JdbcCatalogStore store, SyntheticCounty county, Instant from, Instant to) {
        long t0 = System.nanoTime();
        List<SyntheticCounty.Site> sites = county.sites();
        for (int i = 0; i < sites.size(); i += 1000) {
            store.addCameras(sites.subList(i, Math.min(sites.size(), i + 1000)).stream().map(SyntheticCounty.Site::camera).toList());
        }
        List<GroundProjection> projections = new ArrayList<>();
        for (SyntheticCounty.Site s : sites) {
            if (s.calibration() != null) store.putCalibration(s.calibration());
            projections.add(s.calibration() == null ? null : TrackRecords.projectionOf(s.calibration()));
        }
        System.out.printf("cameras and calibrations: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        // Tracks are made (by the node's own summarising code) a chunk at a time, then the chunk is written by
        // --writers threads at once; only the writing is timed, so the rate is the catalog's, not the generator's.
        GroundCells cells = new GroundCells();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long chunk = (long) batch * writers * 5;
        long storeNanos = 0, generateNanos = 0;
        try {
            for (long first = 0; first < tracks; first += chunk) {
                long g = System.nanoTime();
                List<List<TrackRecord>> trackBatches = new ArrayList<>();
                List<List<MotionEventRecord>> eventBatches = new ArrayList<>();
                for (long i = first; i < Math.min(tracks, first + chunk); i++) {
                    if ((i - first) % batch == 0) {
                        trackBatches.add(new ArrayList<>(batch));
                        eventBatches.add(new ArrayList<>(batch / 2 + 1));
                    }
                    TrackRecord t = county.track(i, tracks, from, to, cells, projections);
                    trackBatches.get(trackBatches.size() - 1).add(t);
                    if (i % 2 == 0) eventBatches.get(eventBatches.size() - 1).add(SyntheticCounty.eventAround(t));
                }
                long s = System.nanoTime();
                generateNanos += s - g;
                List<Future<?>> pending = new ArrayList<>();
                for (int k = 0; k < trackBatches.size(); k++) {
                    List<TrackRecord> tb = trackBatches.get(k);
                    List<MotionEventRecord> eb = eventBatches.get(k);
                    pending.add(pool.submit(() -> {
                        store.addTracks(tb);
                        store.putMotionEvents(eb);
                    }));
                }
                for (Future<?> f : pending) f.get();
                storeNanos += System.nanoTime() - s;
                long done = Math.min(tracks, first + chunk);
                if (done / 100_000 != first / 100_000 || done == tracks) {
                    System.out.printf("  %,d tracks: %,.0f tracks/s into the store%n", done, done / (storeNanos / 1e9));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading tracks", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("loading tracks failed", e.getCause());
        } finally {
            pool.shutdown();
        }
        System.out.printf("tracks: %,d with %,d motion events in %.1f s of writing = %,.0f tracks/s (%d writer(s), batches of %d; "
                + "making them took %.1f s more)%n", tracks, (tracks + 1) / 2, storeNanos / 1e9, tracks / (storeNanos / 1e9),
                writers, batch, generateNanos / 1e9);
        long c0 = System.nanoTime();
        long clips = 0;
        String root = dataDir.resolve("segments").toAbsolutePath().toString();
        for (SyntheticCounty.Site s : sites) {
            List<Clip> list = SyntheticCounty.clips(s.camera().id(), from, to, clipSeconds * 1000L, root);
            for (int i = 0; i < list.size(); i += 5000) store.addClips(list.subList(i, Math.min(list.size(), i + 5000)));
            clips += list.size();
        }
        System.out.printf("clips: %,d (%d s each, a gap every 50) at %,.0f/s%n", clips, clipSeconds, clips / ((System.nanoTime() - c0) / 1e9));
    }

    /** One kind of query of the mix: a URL made from a seeded random draw. */
    private record Query(String name, Function<SplittableRandom, String> url) {
    }

    private void query(JdbcCatalogStore store, SyntheticCounty county, Instant from, Instant to) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            var router = ApiRouter.create(vertx, store, id -> CameraStatus.unknown(), CameraLifecycle.NONE,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().join();
            String base = "http://127.0.0.1:" + server.actualPort();
            // an operator's token, as a command centre's client holds one (revoked when the bench ends)
            Tokens.Issued operator = new Tokens(store, Clock.systemUTC()).issue("catalog bench", Role.OPERATOR, List.of(), List.of(), null);
            String auth = "Bearer " + operator.token();
            List<SyntheticCounty.Site> sites = county.sites();
            List<SyntheticCounty.Site> calibrated = sites.stream().filter(s -> s.calibration() != null).toList();
            long spanMs = to.toEpochMilli() - from.toEpochMilli();
            Function<SplittableRandom, String> hour = r -> {
                Instant start = from.plusMillis((long) (r.nextDouble() * (spanMs - 3_600_000))).truncatedTo(ChronoUnit.MINUTES);
                return "from=" + start + "&to=" + start.plusSeconds(3600);
            };
            Function<SplittableRandom, String> day = r -> {
                Instant start = from.plusMillis((long) (r.nextDouble() * (spanMs - 86_400_000))).truncatedTo(ChronoUnit.MINUTES);
                return "from=" + start + "&to=" + start.plusSeconds(86_400);
            };
            String all = "from=" + from + "&to=" + to;
            List<Query> mix = List.of(
                    new Query("camera + time (1 h)", r -> "/api/tracks?camera=" + pick(sites, r).camera().id() + "&" + hour.apply(r)),
                    new Query("camera, motion (30 d)", r -> "/api/search?cameras=" + pick(sites, r).camera().id() + "&" + all),
                    new Query("region (county) + time (1 h)", r -> "/api/search?kind=track&region="
                            + county.counties().get(r.nextInt(county.counties().size())).civilCode().substring(0, 6) + "&" + hour.apply(r)),
                    new Query("region (province), motion (1 h)", r -> "/api/search?region="
                            + county.counties().get(r.nextInt(county.counties().size())).civilCode().substring(0, 2) + "&" + hour.apply(r)),
                    new Query("polygon on ground paths (1 d)", r -> "/api/tracks?polygon=" + polygonAhead(pick(calibrated, r)) + "&" + day.apply(r)),
                    new Query("polygon on ground paths (30 d)", r -> "/api/tracks?polygon=" + polygonAhead(pick(calibrated, r)) + "&" + all),
                    new Query("circle 2 km, motion (1 h)", r -> {
                        SyntheticCounty.Site s = pick(sites, r);
                        return "/api/search?circle=" + s.camera().lon() + "," + s.camera().lat() + ",2000&" + hour.apply(r);
                    }),
                    new Query("image zone, one camera (30 d)", r -> "/api/tracks?camera=" + pick(sites, r).camera().id()
                            + "&zone=" + enc("0.40,0.05,0.46,0.05,0.46,0.12,0.40,0.12") + "&" + all),
                    new Query("tripwire rtl, one camera (30 d)", r -> "/api/tracks?camera=" + pick(sites, r).camera().id()
                            + "&line=" + enc("0.5,0.3,0.5,1") + "&direction=rtl&" + all),
                    new Query("objectKind=person, county (1 d)", r -> "/api/tracks?objectKind=person&region="
                            + county.counties().get(r.nextInt(county.counties().size())).civilCode().substring(0, 6) + "&" + day.apply(r)),
                    new Query("timeline, county (1 h, 1 min)", r -> "/api/timeline?region="
                            + county.counties().get(r.nextInt(county.counties().size())).civilCode().substring(0, 6) + "&" + hour.apply(r) + "&bucket=PT1M"));
            HttpClient http = HttpClient.newHttpClient();
            System.out.printf("%nquery mix through the HTTP API: first page of 50, %d runs each after %d warm-up runs%n", queries, queries / 4);
            System.out.printf("%-34s %9s %9s %9s %10s%n", "query", "p50 ms", "p95 ms", "p99 ms", "mean hits");
            for (Query q : mix) {
                SplittableRandom r = new SplittableRandom(seed + q.name().hashCode());
                for (int i = 0; i < queries / 4; i++) run(http, auth, base + q.url().apply(r) + limit(q));
                double[] ms = new double[queries];
                long hits = 0;
                for (int i = 0; i < queries; i++) {
                    String url = base + q.url().apply(r) + limit(q);
                    long s = System.nanoTime();
                    JsonObject body = run(http, auth, url);
                    ms[i] = (System.nanoTime() - s) / 1e6;
                    hits += count(body);
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "%-34s %9.1f %9.1f %9.1f %10.1f%n", q.name(), pct(ms, 50), pct(ms, 95), pct(ms, 99),
                        hits / (double) queries);
            }
            store.revokeToken(operator.record().id(), Instant.now());
            server.close().toCompletionStage().toCompletableFuture().join();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static String limit(Query q) {
        return q.name().startsWith("timeline") ? "" : "&limit=50";
    }

    private static JsonObject run(HttpClient http, String auth, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        return new JsonObject(r.body());
    }

    private static long count(JsonObject body) {
        for (String key : List.of("hits", "tracks", "cameras")) if (body.containsKey(key)) return body.getJsonArray(key).size();
        return 0;
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static <T> T pick(List<T> list, SplittableRandom r) {
        return list.get(r.nextInt(list.size()));
    }

    /** A 30 m square on the ground 30 m in front of a calibrated camera: where its tracks walk. */
    private static String polygonAhead(SyntheticCounty.Site s) {
        GroundProjection g = TrackRecords.projectionOf(s.calibration());
        var centre = g.project(0.5, 0.75);
        double dLat = 15 / 111_195.0, dLon = 15 / (111_195.0 * Math.cos(Math.toRadians(centre.lat())));
        return enc(String.format(Locale.ROOT, "%.7f,%.7f,%.7f,%.7f,%.7f,%.7f,%.7f,%.7f",
                centre.lon() - dLon, centre.lat() - dLat, centre.lon() + dLon, centre.lat() - dLat,
                centre.lon() + dLon, centre.lat() + dLat, centre.lon() - dLon, centre.lat() + dLat));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
