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

    /** Farthest a ground point may lie from the points' centre; closest two may lie; worst average misfit taken. */
    static final double MAX_EXTENT_M = 2_000, MIN_SEPARATION_M = 0.05, MAX_RMS_M = 10;

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
            if (!(fitted.rmsErrorMeters() <= MAX_RMS_M)) {
                throw ApiException.badField("points", String.format("do not lie on one ground plane as seen from one camera "
                        + "(the best fit is off by %.1f m on average; at most %.0f m is taken)", fitted.rmsErrorMeters(), MAX_RMS_M));
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
        plausible(points);
        return points;
    }

    /**
     * A calibration must be plausible for one camera's view: its ground points within {@value #MAX_EXTENT_M} m
     * of their centre, and no two of them on one spot (nor two on one image point).
     */
    private static void plausible(List<CameraCalibration.Point> points) {
        double lat0 = 0, lon0 = 0;
        for (CameraCalibration.Point p : points) {
            lat0 += p.lat() / points.size();
            lon0 += p.lon() / points.size();
        }
        for (int i = 0; i < points.size(); i++) {
            CameraCalibration.Point p = points.get(i);
            if (metres(p.lat(), p.lon(), lat0, lon0) > MAX_EXTENT_M) {
                throw ApiException.badField("points[" + i + "].ground", "is more than " + (int) MAX_EXTENT_M
                        + " m from the other points' centre: one camera's view does not span that far");
            }
            for (int k = 0; k < i; k++) {
                CameraCalibration.Point q = points.get(k);
                if (metres(p.lat(), p.lon(), q.lat(), q.lon()) < MIN_SEPARATION_M) {
                    throw ApiException.badField("points[" + i + "].ground", "is the same ground point as points[" + k + "]");
                }
                if (Math.hypot(p.imageX() - q.imageX(), p.imageY() - q.imageY()) < 1e-3) {
                    throw ApiException.badField("points[" + i + "].image", "is the same image point as points[" + k + "]");
                }
            }
        }
    }

    private static double metres(double lat1, double lon1, double lat2, double lon2) {
        double dy = (lat1 - lat2) * 111_195.0, dx = (lon1 - lon2) * 111_195.0 * Math.cos(Math.toRadians((lat1 + lat2) / 2));
        return Math.hypot(dx, dy);
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
