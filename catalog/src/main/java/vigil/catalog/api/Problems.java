package vigil.catalog.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes RFC 9457 problem+json answers; the router's one failure handler. */
final class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    static void send(RoutingContext ctx, int status, String title, String detail, String field) {
        JsonObject body = new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.request().path());
        if (field != null) body.put("field", field);
        if (ctx.response().ended()) return;
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }

    /** Failure handler: maps what went wrong to a status, logging only what is the node's own fault. */
    static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        while (failure != null && !(failure instanceof ApiException) && failure.getCause() != null
                && failure.getCause() != failure && failure instanceof java.util.concurrent.CompletionException) {
            failure = failure.getCause();
        }
        if (failure instanceof ApiException e) {
            send(ctx, e.status, e.title, e.getMessage(), e.field);
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status == 413) {
            send(ctx, 413, "Body too large", "request body is larger than the API accepts", "body");
        } else if (status == 404) {
            send(ctx, 404, "Not found", "no resource at " + ctx.request().path(), null);
        } else if (status == 405) {
            send(ctx, 405, "Method not allowed", ctx.request().method() + " is not allowed here", null);
        } else if (status >= 400 && status < 500) {
            send(ctx, status, "Bad request", failure == null ? "bad request" : failure.getMessage(), null);
        } else {
            log.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            send(ctx, 500, "Internal error", "the node could not serve this request; see its log", null);
        }
    }
}
