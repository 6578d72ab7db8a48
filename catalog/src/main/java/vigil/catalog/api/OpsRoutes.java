package vigil.catalog.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import vigil.catalog.store.CatalogStore;

/** {@code /health} (with the audit entries waiting for the catalog) and {@code /metrics} (Prometheus text format). */
final class OpsRoutes {

    private final CatalogStore store;
    private final PrometheusMeterRegistry metrics;
    private final AuditQueue audit;

    OpsRoutes(CatalogStore store, PrometheusMeterRegistry metrics, AuditQueue audit) {
        this.store = store;
        this.metrics = metrics;
        this.audit = audit;
    }

    void mount(Router router) {
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(this::metrics);
    }

    private void health(RoutingContext ctx) {
        Blocking.run(ctx, () -> store.cameras().size()).onComplete(r -> {
            JsonObject body = new JsonObject().put("status", r.succeeded() ? "UP" : "DOWN");
            if (r.succeeded()) body.put("cameras", r.result());
            else body.put("catalog", String.valueOf(r.cause().getMessage()));
            body.put("auditPending", audit.pending());
            ctx.response().setStatusCode(r.succeeded() ? 200 : 503)
                    .putHeader("Content-Type", "application/json").end(body.encode());
        });
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
    }
}
