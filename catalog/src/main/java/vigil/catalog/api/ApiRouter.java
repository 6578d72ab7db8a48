package vigil.catalog.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.camera.CameraStatusSource;
import vigil.catalog.store.CatalogStore;

/**
 * The HTTP API, declared in one place:
 * <pre>
 *   POST   /api/cameras              register a camera
 *   GET    /api/cameras              list cameras with status
 *   GET    /api/cameras/{id}         one camera with status
 *   DELETE /api/cameras/{id}         stop ingesting it (footage stays)
 *   PUT    /api/cameras/{id}/calibration  image ↔ ground point pairs; answers the fit's reprojection error
 *   GET    /api/cameras/{id}/calibration  the current calibration
 *   PUT    /api/cameras/{id}/masks   areas of the view where motion is ignored
 *   GET    /api/cameras/{id}/masks
 *   PUT    /api/cameras/{id}/people  whether people are looked for in the camera's view
 *   GET    /api/cameras/{id}/people
 *   GET    /api/search               footage hits by time window and cameras (kind=motion|track, zone, line)
 *   GET    /api/tracks               tracks by time, cameras, image zone and tripwire
 *   GET    /api/tracks/{id}          one track with every box
 *   GET    /api/tracks/{id}/thumbnail  JPEG of the object at its clearest moment
 *   GET    /api/clips                recorded segments
 *   GET    /api/clips/{id}           one segment
 *   GET    /api/clips/{id}/media     the segment as video/mp4, with range requests
 *   GET    /health                   liveness and catalog reachability
 *   GET    /metrics                  Prometheus metrics
 * </pre>
 * Errors are RFC 9457 problem+json naming the wrong field.
 */
public final class ApiRouter {

    /** Request bodies are small JSON documents; anything larger is refused before it is read whole. */
    public static final long MAX_BODY_BYTES = 64 * 1024;

    private ApiRouter() {
    }

    public static Router create(Vertx vertx, CatalogStore store, CameraStatusSource statuses,
                                CameraLifecycle lifecycle, PrometheusMeterRegistry metrics) {
        return create(vertx, store, statuses, lifecycle, vigil.catalog.camera.CalibrationFitter.UNAVAILABLE, metrics);
    }

    public static Router create(Vertx vertx, CatalogStore store, CameraStatusSource statuses,
                                CameraLifecycle lifecycle, vigil.catalog.camera.CalibrationFitter fitter,
                                PrometheusMeterRegistry metrics) {
        Router router = Router.router(vertx);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        new CameraRoutes(store, statuses, lifecycle).mount(router);
        new CalibrationRoutes(store, fitter, lifecycle).mount(router);
        new MaskRoutes(store, lifecycle).mount(router);
        new PeopleRoutes(store, lifecycle).mount(router);
        new SearchRoutes(store).mount(router);
        new ClipRoutes(store).mount(router);
        new TrackRoutes(store).mount(router);
        new OpsRoutes(store, metrics).mount(router);
        router.route().failureHandler(Problems::handle);
        router.route().last().handler(ctx -> Problems.send(ctx, 404, "Not found",
                "no resource at " + ctx.request().path(), null));
        return router;
    }
}
