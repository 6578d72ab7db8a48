package vigil.catalog.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.store.CatalogStore;

/**
 * {@code /api/cameras/{id}/analysis}: how much of a camera's video is analysed. {@code {"mode": "full"}} analyses
 * every frame (degrading to keyframes only while the node is behind); {@code {"mode": "keyframes"}} is keyframe
 * patrol, for sites that must watch more cameras than they can decode: only keyframes are decoded and analysed,
 * motion is still found, objects are not followed between keyframes; recording stays complete either way. GET
 * answers the camera's own mode with {@code "source": "camera"}, or {@code {"mode": "full", "source": "node"}}.
 */
final class AnalysisRoutes {

    static final List<String> MODES = List.of("full", "keyframes");

    private final CatalogStore store;
    private final CameraLifecycle lifecycle;

    AnalysisRoutes(CatalogStore store, CameraLifecycle lifecycle) {
        this.store = store;
        this.lifecycle = lifecycle;
    }

    void mount(Router router) {
        router.put("/api/cameras/:id/analysis").handler(this::put);
        router.get("/api/cameras/:id/analysis").handler(this::get);
    }

    private void put(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonObject body = Params.jsonBody(ctx);
        for (String key : body.fieldNames()) {
            if (!key.equals("mode")) throw ApiException.badField(key, "is not a known field; known: [mode]");
        }
        if (!(body.getValue("mode") instanceof String mode) || !MODES.contains(mode)) {
            throw ApiException.badField("mode", "is required: full or keyframes");
        }
        Blocking.run(ctx, () -> {
            Params.requireCamera(store, id);
            store.putAnalysisMode(id, mode);
            return mode;
        }).onSuccess(m -> {
            lifecycle.analysisChanged(id, m);
            ApiAccess.auditDetail(ctx, new JsonObject().put("mode", m));
            ctx.response().putHeader("Content-Type", "application/json").end(json(Optional.of(m)).encode());
        }).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Blocking.run(ctx, () -> {
            Params.requireCamera(store, id);
            return store.analysisMode(id);
        }).onSuccess(m -> ctx.response().putHeader("Content-Type", "application/json").end(json(m).encode()))
                .onFailure(ctx::fail);
    }

    private static JsonObject json(Optional<String> mode) {
        return new JsonObject().put("mode", mode.orElse("full")).put("source", mode.isPresent() ? "camera" : "node");
    }
}
