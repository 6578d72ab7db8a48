package vigil.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import vigil.catalog.audit.AuditEntry;
import vigil.catalog.audit.AuditQuery;
import vigil.catalog.store.CatalogStore;

/**
 * {@code GET /api/audit} (admins only): the audit trail, newest first, by time, actor (token id or name), action
 * and camera, paged by {@code cursor}. There is no route that changes or deletes an entry.
 */
final class AuditRoutes {

    private final CatalogStore store;

    AuditRoutes(CatalogStore store) {
        this.store = store;
    }

    void mount(Router router) {
        router.get("/api/audit").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        Instant to = Params.instant(ctx, "to", Instant.now().plusSeconds(1));
        Instant from = Params.instant(ctx, "from", to.minus(Duration.ofDays(1)));
        Params.checkWindow(from, to);
        int limit = Params.intInRange(ctx, "limit", 100, 1, 1000);
        String cursor = ctx.queryParams().get("cursor");
        Long before = null;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw ApiException.badField("cursor", "is not a cursor this API gave out");
            }
        }
        AuditQuery q = new AuditQuery(from, to, blankToNull(ctx, "actor"), blankToNull(ctx, "action"),
                blankToNull(ctx, "camera"), limit, before);
        // the page is built in map(): anything it throws fails the request (answered), rather than vanishing in a
        // success handler and leaving the request unanswered
        Blocking.run(ctx, () -> store.audit(q)).map(entries -> {
            JsonArray out = new JsonArray();
            for (AuditEntry e : entries) {
                out.add(new JsonObject()
                        .put("seq", e.seq())
                        .put("at", e.event().at().toString())
                        .put("tokenId", e.event().tokenId())
                        .put("tokenName", e.event().tokenName())
                        .put("role", e.event().role())
                        .put("client", e.event().client())
                        .put("action", e.event().action())
                        .put("target", e.event().target())
                        .put("cameraId", e.event().cameraId())
                        .put("status", e.event().status())
                        .put("detail", e.event().detail() == null ? null : new JsonObject(e.event().detail()))
                        .put("hash", e.hash()));
            }
            String next = entries.size() == limit ? String.valueOf(entries.get(entries.size() - 1).seq()) : null;
            return new JsonObject().put("entries", out).put("nextCursor", next).encode();
        }).onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json").end(body)).onFailure(ctx::fail);
    }

    /** A filter's text, or null if not given; one with a control character names no one (and PostgreSQL refuses a NUL). */
    private static String blankToNull(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isBlank()) return null;
        String problem = Params.plainTextProblem(v);
        if (problem != null) throw ApiException.badField(name, "'" + Params.clip(v) + "' " + problem);
        return v;
    }
}
