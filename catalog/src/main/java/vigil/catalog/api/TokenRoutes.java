package vigil.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vigil.catalog.access.Role;
import vigil.catalog.access.TokenRecord;
import vigil.catalog.access.Tokens;
import vigil.catalog.camera.CameraIds;
import vigil.catalog.store.CatalogStore;

/**
 * {@code /api/tokens} (admins only): issue a token (its text is answered once and never again), list tokens
 * without secrets, revoke one (it stops working at once, with every playback grant it gave).
 */
final class TokenRoutes {

    private static final Set<String> FIELDS = Set.of("name", "role", "regions", "cameras", "expiresAt");
    private static final int MAX_SCOPE = 500;
    private static final int MAX_REGIONS_JSON = 4096;

    private final CatalogStore store;
    private final Tokens tokens;
    private final Clock clock;

    TokenRoutes(CatalogStore store, Tokens tokens, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    void mount(Router router) {
        router.post("/api/tokens").handler(this::issue);
        router.get("/api/tokens").handler(this::list);
        router.delete("/api/tokens/:id").handler(this::revoke);
    }

    private void issue(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        for (String field : body.fieldNames()) {
            if (!FIELDS.contains(field)) throw ApiException.badField(field, "is not a field of a token");
        }
        String name = Params.text(body, "name", true, 128);
        Object roleValue = body.getValue("role");
        Role role = roleValue instanceof String r ? Role.ofApiName(r) : null;
        if (role == null) throw ApiException.badField("role", "must be admin, integrator or operator");
        List<String> regions = strings(body, "regions");
        for (String r : regions) {
            String problem = CameraIds.regionProblem(r);
            if (problem != null) throw ApiException.badField("regions", "'" + Params.clip(r) + "' " + problem);
        }
        // kept as a JSON array in a column of 4 096 characters (PostgreSQL refuses a longer value): 500 county codes take
        // 4 501; a wider prefix (a province's, a city's) covers many at once
        if (new JsonArray(new ArrayList<Object>(regions)).encode().length() > MAX_REGIONS_JSON) {
            throw ApiException.badField("regions", "take more than " + MAX_REGIONS_JSON + " characters written as JSON: give fewer, "
                    + "wider prefixes (a province's 2 digits, a city's 4)");
        }
        List<String> cameras = strings(body, "cameras");
        for (String c : cameras) {
            if (!CameraIds.isValidId(c)) throw ApiException.badField("cameras", "'" + Params.clip(c) + "' is not a camera id");
        }
        Instant expiresAt = null;
        Object expires = body.getValue("expiresAt");
        if (expires != null) {
            if (!(expires instanceof String text)) throw ApiException.badField("expiresAt", "must be an ISO-8601 instant");
            try {
                expiresAt = Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw ApiException.badField("expiresAt", "is not an ISO-8601 instant such as 2027-01-31T00:00:00Z");
            }
            if (!expiresAt.isAfter(clock.instant())) throw ApiException.badField("expiresAt", "is not in the future");
        }
        Instant expiry = expiresAt;
        Blocking.run(ctx, () -> tokens.issue(name, role, regions, cameras, expiry)).onSuccess(issued -> {
            ApiAccess.auditDetail(ctx, new JsonObject().put("tokenId", issued.record().id()).put("role", role.apiName()));
            ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                    .putHeader("Location", "/api/tokens/" + issued.record().id())
                    .putHeader("Cache-Control", "no-store")
                    .end(json(issued.record()).put("token", issued.token()).encode());
        }).onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        Blocking.run(ctx, store::tokens).onSuccess(all -> {
            JsonArray out = new JsonArray();
            all.forEach(t -> out.add(json(t)));
            ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("tokens", out).encode());
        }).onFailure(ctx::fail);
    }

    private void revoke(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Blocking.run(ctx, () -> store.revokeToken(id, clock.instant())).onSuccess(revoked -> {
            if (!revoked) {
                ctx.fail(ApiException.notFound("token " + Params.clip(id) + " is not an active token"));
                return;
            }
            ApiAccess.auditDetail(ctx, new JsonObject().put("tokenId", id));
            ctx.response().setStatusCode(204).end();
        }).onFailure(ctx::fail);
    }

    private static List<String> strings(JsonObject body, String field) {
        Object v = body.getValue(field);
        List<String> out = new ArrayList<>();
        if (v == null) return out;
        if (!(v instanceof JsonArray a)) throw ApiException.badField(field, "must be an array of strings");
        if (a.size() > MAX_SCOPE) throw ApiException.badField(field, "lists more than " + MAX_SCOPE + " values");
        for (Object o : a) {
            if (!(o instanceof String s)) throw ApiException.badField(field, "must be an array of strings");
            out.add(s);
        }
        return out;
    }

    static JsonObject json(TokenRecord t) {
        return new JsonObject()
                .put("id", t.id())
                .put("name", t.name())
                .put("role", t.role().apiName())
                .put("regions", new JsonArray(new ArrayList<Object>(t.regions())))
                .put("cameras", new JsonArray(new ArrayList<Object>(t.cameras())))
                .put("createdAt", t.createdAt().toString())
                .put("expiresAt", t.expiresAt() == null ? null : t.expiresAt().toString())
                .put("revokedAt", t.revokedAt() == null ? null : t.revokedAt().toString());
    }
}
