package vigil.catalog.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.camera.CameraPeople;
import vigil.catalog.store.CatalogStore;

/**
 * {@code /api/cameras/{id}/people}: whether people are looked for among what moves in a camera's view, and the
 * smallest person ever looked for (share of the frame's height). {@code {"enabled": true, "minPersonHeight": 0.05}};
 * PUT sets the camera's own setting, GET answers it with {@code "source": "camera"}, or
 * {@code {"source": "node"}} while the camera follows the node's default.
 */
final class PeopleRoutes {

    private static final double DEFAULT_MIN_PERSON_HEIGHT = 0.05;
    private static final java.util.List<String> FIELDS = java.util.List.of("enabled", "minPersonHeight");

    private final CatalogStore store;
    private final CameraLifecycle lifecycle;

    PeopleRoutes(CatalogStore store, CameraLifecycle lifecycle) {
        this.store = store;
        this.lifecycle = lifecycle;
    }

    void mount(Router router) {
        router.put("/api/cameras/:id/people").handler(this::put);
        router.get("/api/cameras/:id/people").handler(this::get);
    }

    private void put(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        CameraPeople people = parse(ctx);
        Blocking.run(ctx, () -> {
            Params.requireCamera(store, id);
            store.putPeople(id, people);
            return people;
        }).onSuccess(p -> {
            lifecycle.peopleChanged(id, p);
            ctx.response().putHeader("Content-Type", "application/json").end(json(Optional.of(p)).encode());
        }).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Blocking.run(ctx, () -> {
            Params.requireCamera(store, id);
            return store.people(id);
        }).onSuccess(p -> ctx.response().putHeader("Content-Type", "application/json").end(json(p).encode()))
                .onFailure(ctx::fail);
    }

    private static CameraPeople parse(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        for (String key : body.fieldNames()) {
            if (!FIELDS.contains(key)) throw ApiException.badField(key, "is not a known field; known: " + FIELDS);
        }
        if (!(body.getValue("enabled") instanceof Boolean enabled)) {
            throw ApiException.badField("enabled", "is required: true or false");
        }
        Object height = body.getValue("minPersonHeight", DEFAULT_MIN_PERSON_HEIGHT);
        if (!(height instanceof Number h) || !(h.doubleValue() >= 0.05 && h.doubleValue() <= 1)) {
            throw ApiException.badField("minPersonHeight", "must be a share of the frame's height, 0.05..1");
        }
        return new CameraPeople(enabled, h.doubleValue());
    }

    private static JsonObject json(Optional<CameraPeople> people) {
        return people.map(p -> new JsonObject().put("source", "camera").put("enabled", p.enabled())
                .put("minPersonHeight", p.minPersonHeight())).orElse(new JsonObject().put("source", "node"));
    }
}
