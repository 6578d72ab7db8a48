package vigil.catalog.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import vigil.catalog.store.CatalogStore;

/** {@code /health} and {@code /metrics} (Prometheus text format). */
final class OpsRoutes {

    private final CatalogStore store;
    private final PrometheusMeterRegistry metrics;

    OpsRoutes(CatalogStore store, PrometheusMeterRegistry metrics) {
        this.store = store;
        this.metrics = metrics;
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
            ctx.response().setStatusCode(r.succeeded() ? 200 : 503)
                    .putHeader("Content-Type", "application/json").end(body.encode());
        });
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
    }
}
