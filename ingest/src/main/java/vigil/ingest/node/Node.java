package vigil.ingest.node;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.analytics.ground.GroundProjection;
import vigil.catalog.access.Tokens;
import vigil.catalog.api.ApiRouter;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.CameraCalibration;
import vigil.catalog.camera.CameraPeople;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.media.FootageLeases;
import vigil.catalog.store.CatalogStore;
import vigil.ingest.analyze.TrackRecords;
import vigil.ingest.record.ClipExporter;
import vigil.ingest.record.FootageRetention;
import vigil.ingest.rtsp.RtspListener;

/**
 * One Vigil process: the embedded catalog, the HTTP API, and ingest of every registered camera. Wires the
 * object graph in one place. RTSP runs on Vert.x's event loops; decoding and analysis on a worker pool sized
 * to the cores. {@link #close()} stops ingest (finishing open segments), the API and the catalog, in that order.
 */
public final class Node implements CameraLifecycle, AutoCloseable {

    /** Where a new node writes its first admin token, in its data dir (mode 0600). */
    public static final String ADMIN_TOKEN_FILE = "admin.token";
    /** Most the catalog spool may hold while the catalog is unreachable (about a day of a busy site's results). */
    static final long SPOOL_MAX_BYTES = 1L << 30;
    /** Results that may wait in memory once the catalog spool is full (a few hundred MB at most); more are dropped. */
    static final long HELD_MAX_RESULTS = 50_000;
    /** A connection with nothing sent or received for this long is closed. */
    static final int IDLE_TIMEOUT_SECONDS = 120;

    private static final Logger log = LoggerFactory.getLogger(Node.class);

    private final NodeSettings settings;
    private final Vertx vertx;
    private final CatalogStore store;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CameraStatusBoard board = new CameraStatusBoard();
    private final FootageLeases leases = new FootageLeases();
    private final CatalogWriter writer;
    private final FootageRetention retention;
    private final ExecutorService workers;
    private final ExecutorService housekeeping;
    private final Map<String, Running> pipelines = new ConcurrentHashMap<>();
    private final vigil.analytics.ground.GroundCells groundCells = new vigil.analytics.ground.GroundCells();
    private HttpServer http;

    private record Running(CameraPipeline pipeline, IngestMetrics metrics) {
    }

    private Node(NodeSettings settings) {
        this.settings = settings;
        ownerOnly(settings.dataDir());
        this.store = settings.catalog().open(settings.dataDir());
        this.retention = new FootageRetention(store, settings.dataDir(), settings.retention(), leases, metrics, board::storageProblem, Clock.systemUTC());
        this.writer = new CatalogWriter(store, retention, settings.dataDir().resolve("spool").resolve("catalog.spool"),
                SPOOL_MAX_BYTES, HELD_MAX_RESULTS, metrics);
        this.vertx = Vertx.vertx();
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.workerThreads(), r -> {
            Thread t = new Thread(r, "vigil-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.housekeeping = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** Audit entries waiting for the catalog, under the data directory's spool (see the API's audit queue). */
    static final String AUDIT_JOURNAL_FILE = "audit.journal";

    /**
     * The data directory for the node's user alone: footage of the streets, the cameras' thumbnails, results waiting
     * for the catalog and the audit journal are under it, and are created as the umask allows (world-readable by
     * default). Only a directory that is the node's (new, empty, or with its admin token) is changed: a directory
     * given that holds other things (a home, /srv) keeps its mode, with a warning. Logged if it cannot be done.
     */
    private static void ownerOnly(Path dataDir) {
        boolean ours;
        try {
            ours = !Files.exists(dataDir) || Files.exists(dataDir.resolve(ADMIN_TOKEN_FILE)) || isEmpty(dataDir);
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("creating the data directory " + dataDir, e);
        }
        if (!ours) {
            log.warn("data directory {} holds other things: its mode is left as it is (footage there is readable as it allows)", dataDir);
            return;
        }
        try {
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("data directory {} left open to other users ({}): restrict it to the node's user", dataDir, e.toString());
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Opens the catalog, starts the API and ingest of every registered camera. */
    public static Node start(NodeSettings settings) {
        // Cameras run in parallel on the worker pool; OpenCV's own threads would only contend with them.
        org.bytedeco.opencv.global.opencv_core.setNumThreads(1);
        Node node = new Node(settings);
        try {
            new Tokens(node.store, Clock.systemUTC()).ensureAdminToken(settings.dataDir().resolve(ADMIN_TOKEN_FILE));
            Router router = ApiRouter.create(node.vertx, node.store, node.board, node,
                    vigil.ingest.analyze.TrackRecords::fit, new ClipExporter(), node.leases, node.metrics,
                    settings.dataDir().resolve("spool").resolve(AUDIT_JOURNAL_FILE));
            HttpServerOptions options = new HttpServerOptions()
                    .setIdleTimeout(IDLE_TIMEOUT_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS); // slow clients go
            AccessSettings access = settings.access();
            if (access.tls()) {
                options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(access.tlsCert().toString()).setKeyPath(access.tlsKey().toString()));
            }
            node.http = node.vertx.createHttpServer(options).requestHandler(router)
                    .listen(settings.port(), settings.host()).toCompletionStage().toCompletableFuture().join();
            node.auditRetention(access.auditRetentionDays());
            vigil.ingest.record.SegmentRecovery.recover(settings.dataDir().resolve("segments"), node.store);
            List<Camera> cameras = node.store.cameras();
            int closed = node.store.closeOpenMotionEvents(cameras.stream().map(Camera::id).toList());
            if (closed > 0) log.info("closed {} motion event(s) an earlier run left open, at their last known end", closed);
            for (Camera c : cameras) node.added(c);
            node.retention.start();
            log.info("node listening on {}://{}:{} with data in {}, catalog {}", access.tls() ? "https" : "http",
                    settings.host(), node.port(),
                    settings.dataDir().toAbsolutePath(), settings.catalog().describe(settings.dataDir()));
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** Removes audit entries older than the retention now and then once a day, on the housekeeping thread. */
    private void auditRetention(int days) {
        Runnable prune = () -> {
            try {
                long removed = store.pruneAudit(Instant.now().minus(Duration.ofDays(days)));
                if (removed > 0) log.info("audit retention: {} entries older than {} days removed", removed, days);
            } catch (RuntimeException e) {
                log.warn("audit retention failed (will try again tomorrow): {}", e.getMessage());
            }
        };
        housekeeping.execute(prune);
        vertx.setPeriodic(Duration.ofDays(1).toMillis(), id -> housekeeping.execute(prune));
    }

    public int port() {
        return http.actualPort();
    }

    public CatalogStore store() {
        return store;
    }

    public CameraStatusBoard statuses() {
        return board;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** Registers a camera directly in the catalog (as the API does) and starts ingesting it. */
    public void register(Camera camera) {
        store.addCamera(camera);
        added(camera);
    }

    @Override
    public String refusal(Camera camera) {
        return settings.access().cameraNetworks().refusal(camera.source().host());
    }

    @Override
    public void added(Camera camera) {
        String refusal = settings.access().cameraNetworks().any() ? null : refusal(camera);
        if (refusal != null) { // registered before the allow-list was set: not connected to
            board.track(camera.id());
            board.stateChanged(camera.id(), RtspListener.State.REFUSED, refusal);
            log.warn("camera {}: not connecting: {}", camera.id(), refusal);
            return;
        }
        pipelines.computeIfAbsent(camera.id(), id -> {
            board.track(id);
            IngestMetrics m = new IngestMetrics(metrics, id);
            CameraPipeline p = new CameraPipeline(camera, settings, vertx.nettyEventLoopGroup(), workers, board, writer, m,
                    storedSettingsOf(id), groundCells);
            p.start();
            return new Running(p, m);
        });
    }

    /** The camera's settings in the catalog, read on the camera's worker when it starts (reads may block). */
    private StoredCameraSettings storedSettingsOf(String id) {
        return new StoredCameraSettings() {
            @Override
            public GroundProjection calibration() {
                return store.calibration(id).map(TrackRecords::projectionOf).orElse(null);
            }

            @Override
            public List<List<double[]>> masks() {
                return store.masks(id);
            }

            @Override
            public Optional<CameraPeople> people() {
                return store.people(id);
            }

            @Override
            public Optional<String> analysisMode() {
                return store.analysisMode(id);
            }
        };
    }

    @Override
    public void calibrated(CameraCalibration calibration) {
        Running r = pipelines.get(calibration.cameraId());
        if (r != null) r.pipeline().calibrated(TrackRecords.projectionOf(calibration));
    }

    @Override
    public void masksChanged(String cameraId, List<List<double[]>> polygons) {
        Running r = pipelines.get(cameraId);
        if (r != null) r.pipeline().masksChanged(polygons);
    }

    @Override
    public void peopleChanged(String cameraId, CameraPeople people) {
        Running r = pipelines.get(cameraId);
        if (r != null) r.pipeline().peopleChanged(people);
    }

    @Override
    public void analysisChanged(String cameraId, String mode) {
        Running r = pipelines.get(cameraId);
        if (r != null) r.pipeline().analysisModeChanged(mode);
    }

    @Override
    public void removed(String cameraId) {
        Running r = pipelines.remove(cameraId);
        if (r == null) return;
        // Closing waits for the camera's last frames to be written: never on the event loop.
        CompletableFuture.runAsync(() -> {
            r.pipeline().close();
            r.metrics().remove();
            board.forget(cameraId);
        }, housekeeping);
    }

    @Override
    public void close() {
        for (String id : pipelines.keySet()) {
            Running r = pipelines.remove(id);
            if (r != null) r.pipeline().close();
        }
        housekeeping.shutdown();
        try {
            housekeeping.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
        retention.close();
        if (http != null) http.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        workers.shutdownNow();
        store.close();
    }
}
