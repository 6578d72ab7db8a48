package vigil.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import vigil.catalog.camera.CalibrationFitter;
import vigil.catalog.camera.CameraCalibration;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.store.CatalogStore;

/**
 * {@code /api/cameras/{id}/calibration}: image ↔ ground point pairs in, a fitted homography and its
 * reprojection error out. Tracks of a calibrated camera carry ground paths and H3 cells from then on.
 * <pre>{"points": [{"image": {"x": 0.12, "y": 0.91}, "ground": {"lat": 30.5928, "lon": 114.3055}}, ...]}</pre>
 */
final class CalibrationRoutes {

    private static final int MAX_POINTS = 100;

    private final CatalogStore store;
    private final CalibrationFitter fitter;
    private final CameraLifecycle lifecycle;

    CalibrationRoutes(CatalogStore store, CalibrationFitter fitter, CameraLifecycle lifecycle) {
        this.store = store;
        this.fitter = fitter;
        this.lifecycle = lifecycle;
    }

    void mount(Router router) {
        router.put("/api/cameras/:id/calibration").handler(this::put);
        router.get("/api/cameras/:id/calibration").handler(this::get);
    }

    private void put(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        List<CameraCalibration.Point> points = parse(ctx);
        Blocking.run(ctx, () -> {
            Params.requireCamera(store, id);
            CameraCalibration fitted;
            try {
                fitted = fitter.fit(id, points);
            } catch (IllegalArgumentException e) {
                throw ApiException.badField("points", e.getMessage());
            } catch (UnsupportedOperationException e) {
                throw new ApiException(501, "Not implemented", e.getMessage(), null);
            }
            store.putCalibration(fitted);
            return fitted;
        }).onSuccess(c -> {
            lifecycle.calibrated(c);
            ctx.response().putHeader("Content-Type", "application/json").end(json(c).encode());
        }).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Blocking.run(ctx, () -> store.calibration(id)).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(ApiException.notFound("camera " + id + " has no calibration"));
                return;
            }
            ctx.response().putHeader("Content-Type", "application/json").end(json(found.get()).encode());
        }).onFailure(ctx::fail);
    }

    private static List<CameraCalibration.Point> parse(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        if (!(body.getValue("points") instanceof JsonArray arr)) {
            throw ApiException.badField("points", "is required: an array of {image:{x,y}, ground:{lat,lon}}");
        }
        if (arr.size() < 4) throw ApiException.badField("points", "needs at least 4 point pairs, got " + arr.size());
        if (arr.size() > MAX_POINTS) throw ApiException.badField("points", "has more than " + MAX_POINTS + " pairs");
        List<CameraCalibration.Point> points = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String where = "points[" + i + "]";
            if (!(arr.getValue(i) instanceof JsonObject p) || !(p.getValue("image") instanceof JsonObject image)
                    || !(p.getValue("ground") instanceof JsonObject ground)) {
                throw ApiException.badField(where, "must be {image:{x,y}, ground:{lat,lon}}");
            }
            double x = number(image, "x", where + ".image.x", 0, 1);
            double y = number(image, "y", where + ".image.y", 0, 1);
            double lat = number(ground, "lat", where + ".ground.lat", -90, 90);
            double lon = number(ground, "lon", where + ".ground.lon", -180, 180);
            points.add(new CameraCalibration.Point(x, y, lat, lon));
        }
        return points;
    }

    private static double number(JsonObject o, String key, String field, double min, double max) {
        if (!(o.getValue(key) instanceof Number n)) throw ApiException.badField(field, "must be a number");
        double v = n.doubleValue();
        if (!(v >= min && v <= max)) throw ApiException.badField(field, "must be within " + min + ".." + max);
        return v;
    }

    private static JsonObject json(CameraCalibration c) {
        JsonArray points = new JsonArray();
        for (int i = 0; i < c.points().size(); i++) {
            CameraCalibration.Point p = c.points().get(i);
            points.add(new JsonObject()
                    .put("image", new JsonObject().put("x", p.imageX()).put("y", p.imageY()))
                    .put("ground", new JsonObject().put("lat", p.lat()).put("lon", p.lon()))
                    .put("errorMeters", round(c.residualsMeters()[i])));
        }
        return new JsonObject()
                .put("cameraId", c.cameraId())
                .put("points", points)
                .put("reprojectionErrorMeters", new JsonObject().put("rms", round(c.rmsErrorMeters())).put("max", round(c.maxErrorMeters())))
                .put("updatedAt", c.updatedAt().toString());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
