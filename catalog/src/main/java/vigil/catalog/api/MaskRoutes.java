package vigil.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.store.CatalogStore;

/**
 * {@code /api/cameras/{id}/masks}: areas of a camera's view where motion is ignored (trees, a road beyond the
 * fence, a timestamp overlay). {@code {"masks": [[[x, y], [x, y], [x, y], ...], ...]}}, normalised; PUT
 * replaces the set, an empty list clears it.
 */
final class MaskRoutes {

    private static final int MAX_POLYGONS = 32;
    private static final int MAX_POINTS = 64;

    private final CatalogStore store;
    private final CameraLifecycle lifecycle;

    MaskRoutes(CatalogStore store, CameraLifecycle lifecycle) {
        this.store = store;
        this.lifecycle = lifecycle;
    }

    void mount(Router router) {
        router.put("/api/cameras/:id/masks").handler(this::put);
        router.get("/api/cameras/:id/masks").handler(this::get);
    }

    private void put(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        List<List<double[]>> masks = parse(ctx);
        Blocking.run(ctx, () -> {
            Params.requireCamera(store, id);
            store.putMasks(id, masks);
            return masks;
        }).onSuccess(m -> {
            lifecycle.masksChanged(id, m);
            ctx.response().putHeader("Content-Type", "application/json").end(json(m).encode());
        }).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Blocking.run(ctx, () -> {
            Params.requireCamera(store, id);
            return store.masks(id);
        }).onSuccess(m -> ctx.response().putHeader("Content-Type", "application/json").end(json(m).encode()))
                .onFailure(ctx::fail);
    }

    private static List<List<double[]>> parse(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        if (!(body.getValue("masks") instanceof JsonArray arr)) {
            throw ApiException.badField("masks", "is required: an array of polygons [[x, y], ...]");
        }
        if (arr.size() > MAX_POLYGONS) throw ApiException.badField("masks", "has more than " + MAX_POLYGONS + " polygons");
        List<List<double[]>> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String where = "masks[" + i + "]";
            if (!(arr.getValue(i) instanceof JsonArray poly) || poly.size() < 3 || poly.size() > MAX_POINTS) {
                throw ApiException.badField(where, "must be a polygon of 3 to " + MAX_POINTS + " [x, y] points");
            }
            List<double[]> polygon = new ArrayList<>();
            for (int k = 0; k < poly.size(); k++) {
                if (!(poly.getValue(k) instanceof JsonArray xy) || xy.size() != 2 || !(xy.getValue(0) instanceof Number x)
                        || !(xy.getValue(1) instanceof Number y)) {
                    throw ApiException.badField(where + "[" + k + "]", "must be [x, y]");
                }
                double px = x.doubleValue(), py = y.doubleValue();
                if (!(px >= 0 && px <= 1 && py >= 0 && py <= 1)) {
                    throw ApiException.badField(where + "[" + k + "]", "coordinates are normalised to the frame: 0..1");
                }
                polygon.add(new double[] {px, py});
            }
            out.add(polygon);
        }
        return out;
    }

    private static JsonObject json(List<List<double[]>> masks) {
        JsonArray all = new JsonArray();
        for (List<double[]> polygon : masks) {
            JsonArray p = new JsonArray();
            for (double[] xy : polygon) p.add(new JsonArray().add(xy[0]).add(xy[1]));
            all.add(p);
        }
        return new JsonObject().put("masks", all);
    }
}
