package vigil.catalog.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.time.Clock;
import vigil.catalog.access.Grants;
import vigil.catalog.access.Tokens;
import vigil.catalog.camera.CalibrationFitter;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.camera.CameraStatusSource;
import vigil.catalog.media.FootageExporter;
import vigil.catalog.media.FootageLeases;
import vigil.catalog.store.CatalogStore;

/**
 * The HTTP API, declared in one place:
 * <pre>
 *   POST   /api/tokens               issue a token (admin): its text is answered once
 *   GET    /api/tokens               tokens without secrets (admin)
 *   DELETE /api/tokens/{id}          revoke a token and its playback grants (admin)
 *   GET    /api/audit                the audit trail (admin)
 *   POST   /api/cameras              register a camera
 *   POST   /api/cameras/batch        register up to 10 000 cameras (JSON array or NDJSON), one result per item
 *   GET    /api/cameras              list cameras with status (cameras, region, bbox|polygon|circle)
 *   GET    /api/cameras/{id}         one camera with status
 *   PATCH  /api/cameras/{id}         change name, URL, credentials, position, civil code, tags, retention
 *   DELETE /api/cameras/{id}         stop ingesting it (footage stays)
 *   PUT    /api/cameras/{id}/calibration  image ↔ ground point pairs; answers the fit's reprojection error
 *   GET    /api/cameras/{id}/calibration  the current calibration
 *   PUT    /api/cameras/{id}/masks   areas of the view where motion is ignored
 *   GET    /api/cameras/{id}/masks
 *   PUT    /api/cameras/{id}/people  whether people are looked for in the camera's view
 *   GET    /api/cameras/{id}/people
 *   PUT    /api/cameras/{id}/analysis  full or keyframe-patrol analysis of the camera
 *   GET    /api/cameras/{id}/analysis
 *   GET    /api/search               footage hits by time and area (kind=motion|track, zone, line)
 *   GET    /api/tracks               tracks by time, area (cameras, region, map), image zone and tripwire
 *   GET    /api/timeline             per camera and bucket: recorded, motion, tracks
 *   GET    /api/tracks/{id}          one track with every box
 *   GET    /api/tracks/{id}/thumbnail  JPEG of the object at its clearest moment
 *   GET    /api/clips                recorded segments
 *   GET    /api/clips/{id}           one segment
 *   GET    /api/clips/{id}/media     the segment as video/mp4, with range requests
 *   GET    /api/cameras/{id}/playlist.m3u8  HLS over a span of recorded footage
 *   GET    /api/cameras/{id}/export.mp4     a span remuxed into one MP4, streamed
 *   GET    /health                   liveness, catalog reachability, audit entries waiting for the catalog
 *   GET    /metrics                  Prometheus metrics
 * </pre>
 * Every {@code /api/*} request needs a bearer token whose role allows it ({@link AccessPolicy}); playback and
 * media URLs handed out in answers carry a signed grant instead. Errors are RFC 9457 problem+json naming the
 * wrong field.
 */
public final class ApiRouter {

    /** Request bodies are small JSON documents; anything larger is refused before it is read whole. */
    public static final long MAX_BODY_BYTES = 64 * 1024;

    private ApiRouter() {
    }

    public static Router create(Vertx vertx, CatalogStore store, CameraStatusSource statuses,
                                CameraLifecycle lifecycle, PrometheusMeterRegistry metrics) {
        return create(vertx, store, statuses, lifecycle, CalibrationFitter.UNAVAILABLE, FootageExporter.UNAVAILABLE,
                new FootageLeases(), metrics);
    }

    public static Router create(Vertx vertx, CatalogStore store, CameraStatusSource statuses,
                                CameraLifecycle lifecycle, CalibrationFitter fitter, FootageExporter exporter,
                                FootageLeases leases, PrometheusMeterRegistry metrics) {
        return create(vertx, store, statuses, lifecycle, fitter, exporter, leases, metrics, null);
    }

    /**
     * As above, with audit entries that wait for the catalog also kept in {@code auditJournal} (null: in memory only),
     * so that a process stopped or killed during a catalog outage writes them when it next starts.
     */
    public static Router create(Vertx vertx, CatalogStore store, CameraStatusSource statuses,
                                CameraLifecycle lifecycle, CalibrationFitter fitter, FootageExporter exporter,
                                FootageLeases leases, PrometheusMeterRegistry metrics, Path auditJournal) {
        Router router = Router.router(vertx);
        Clock clock = Clock.systemUTC();
        Tokens tokens = new Tokens(store, clock);
        Grants grants = new Grants(store.derivedKey("playback grants"), clock);
        AuditQueue audit = new AuditQueue(vertx, store, metrics, auditJournal);
        router.route("/api/*").handler(new ApiAccess(store, tokens, grants, clock, new AuthFailures(clock), audit));
        router.route("/api/*").handler(ApiRouter::requireJsonBody);
        CameraRoutes cameras = new CameraRoutes(store, statuses, lifecycle);
        cameras.mountBatchBody(router);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        cameras.mount(router);
        new CalibrationRoutes(store, fitter, lifecycle).mount(router);
        new MaskRoutes(store, lifecycle).mount(router);
        new PeopleRoutes(store, lifecycle).mount(router);
        new AnalysisRoutes(store, lifecycle).mount(router);
        new TokenRoutes(store, tokens, clock).mount(router);
        new AuditRoutes(store).mount(router);
        new SearchRoutes(store, grants).mount(router);
        StreamLimits limits = new StreamLimits();
        new ClipRoutes(store, leases, grants, limits).mount(router);
        new PlaybackRoutes(store, exporter, leases, grants, limits).mount(router);
        new TrackRoutes(store).mount(router);
        new TimelineRoutes(store).mount(router);
        new OpsRoutes(store, metrics, audit).mount(router);
        router.route().failureHandler(Problems::handle);
        router.route().last().handler(ctx -> Problems.send(ctx, 404, "Not found",
                "no resource at " + ctx.request().path(), null));
        return router;
    }

    /**
     * A request with a body must say it is JSON (or NDJSON, for batches): a web page cannot send that across
     * origins without a CORS preflight, which this API does not grant, so no page in an operator's browser can
     * change anything behind their back.
     */
    private static void requireJsonBody(RoutingContext ctx) {
        HttpMethod m = ctx.request().method();
        if (m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH) {
            String type = ctx.request().getHeader("Content-Type");
            String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            boolean json = media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"))
                    || (media.equals("application/x-ndjson") && ctx.request().path().equals("/api/cameras/batch"));
            if (!json) {
                ctx.fail(new ApiException(415, "Unsupported media type",
                        "send the body as Content-Type: application/json" + (type == null ? "" : ", not " + Params.clip(type)), "Content-Type"));
                return;
            }
        }
        ctx.next();
    }
}
