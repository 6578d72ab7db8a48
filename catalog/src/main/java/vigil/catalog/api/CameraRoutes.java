package vigil.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.CameraIds;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.camera.CameraStatus;
import vigil.catalog.camera.CameraStatusSource;
import vigil.catalog.camera.SourceUrl;
import vigil.catalog.store.CatalogStore;
import vigil.catalog.store.DuplicateCameraException;

/**
 * {@code /api/cameras}: register, list, read and remove cameras. Credentials given in a URL are kept for ingest
 * and never returned: every URL in an answer is the redacted form.
 */
final class CameraRoutes {

    private static final Logger log = LoggerFactory.getLogger(CameraRoutes.class);
    private static final Set<String> FIELDS = Set.of("id", "name", "url", "civilCode", "lat", "lon", "tags");
    private static final int MAX_NAME = 256;
    private static final int MAX_TAGS = 32;
    private static final int MAX_TAG = 64;

    private final CatalogStore store;
    private final CameraStatusSource statuses;
    private final CameraLifecycle lifecycle;

    CameraRoutes(CatalogStore store, CameraStatusSource statuses, CameraLifecycle lifecycle) {
        this.store = store;
        this.statuses = statuses;
        this.lifecycle = lifecycle;
    }

    void mount(Router router) {
        router.post("/api/cameras").handler(this::create);
        router.get("/api/cameras").handler(this::list);
        router.get("/api/cameras/:id").handler(this::read);
        router.delete("/api/cameras/:id").handler(this::delete);
    }

    private void create(RoutingContext ctx) {
        Camera camera = parse(ctx);
        Blocking.run(ctx, () -> {
            store.addCamera(camera);
            return camera;
        }).onSuccess(c -> {
            log.info("camera {} registered: {}", c.id(), c.source().redacted());
            lifecycle.added(c);
            ctx.response().setStatusCode(201).putHeader("Location", "/api/cameras/" + c.id())
                    .putHeader("Content-Type", "application/json").end(json(c).encode());
        }).onFailure(e -> ctx.fail(e instanceof DuplicateCameraException
                ? ApiException.conflict(e.getMessage(), "id") : e));
    }

    private void list(RoutingContext ctx) {
        Blocking.run(ctx, store::cameras).onSuccess(cameras -> {
            JsonArray out = new JsonArray();
            cameras.forEach(c -> out.add(json(c)));
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("cameras", out).encode());
        }).onFailure(ctx::fail);
    }

    private void read(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Blocking.run(ctx, () -> store.camera(id)).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(ApiException.notFound("camera " + id + " is not registered"));
                return;
            }
            ctx.response().putHeader("Content-Type", "application/json").end(json(found.get()).encode());
        }).onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Blocking.run(ctx, () -> store.removeCamera(id)).onSuccess(removed -> {
            if (!removed) {
                ctx.fail(ApiException.notFound("camera " + id + " is not registered"));
                return;
            }
            log.info("camera {} removed; its footage stays", id);
            lifecycle.removed(id);
            ctx.response().setStatusCode(204).end();
        }).onFailure(ctx::fail);
    }

    private JsonObject json(Camera c) {
        CameraStatus s = statuses.statusOf(c.id());
        JsonObject status = new JsonObject()
                .put("state", s.state().wireName())
                .put("fps", Math.round(s.fps() * 10) / 10.0)
                .put("lastFrameAt", s.lastFrameAt() == null ? null : s.lastFrameAt().toString())
                .put("lastError", s.lastError());
        return new JsonObject()
                .put("id", c.id())
                .put("name", c.name())
                .put("url", c.source().redacted())
                .put("civilCode", c.civilCode())
                .put("lat", c.lat())
                .put("lon", c.lon())
                .put("tags", new JsonArray(new ArrayList<>(c.tags())))
                .put("createdAt", c.createdAt().toString())
                .put("status", status);
    }

    /** Validates a registration body, failing on the first wrong field. */
    private static Camera parse(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        for (String key : body.fieldNames()) {
            if (!FIELDS.contains(key)) throw ApiException.badField(key, "is not a known field; known: " + FIELDS);
        }
        String id = string(body, "id");
        if (id == null) throw ApiException.badField("id", "is required");
        if (!CameraIds.isValidId(id)) {
            throw ApiException.badField("id", "must be 1-64 characters of A-Z a-z 0-9 . _ ~ -");
        }
        String name = string(body, "name");
        if (name == null || name.isBlank()) name = id;
        if (name.length() > MAX_NAME) throw ApiException.badField("name", "is longer than " + MAX_NAME);
        SourceUrl url;
        try {
            url = SourceUrl.parse(string(body, "url"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("url", e.getMessage());
        }
        String civilCode = string(body, "civilCode");
        if (civilCode != null && !CameraIds.isValidCivilCode(civilCode)) {
            throw ApiException.badField("civilCode", "must be 2-12 digits (GB/T 2260)");
        }
        if (civilCode == null && CameraIds.isGb28181(id)) civilCode = CameraIds.civilCodeOf(id);
        Double lat = number(body, "lat");
        Double lon = number(body, "lon");
        if ((lat == null) != (lon == null)) throw ApiException.badField(lat == null ? "lat" : "lon", "is required with " + (lat == null ? "lon" : "lat"));
        if (lat != null && (lat < -90 || lat > 90)) throw ApiException.badField("lat", "must be within -90..90");
        if (lon != null && (lon < -180 || lon > 180)) throw ApiException.badField("lon", "must be within -180..180");
        List<String> tags = new ArrayList<>();
        Object rawTags = body.getValue("tags");
        if (rawTags != null) {
            if (!(rawTags instanceof JsonArray arr)) throw ApiException.badField("tags", "must be an array of strings");
            if (arr.size() > MAX_TAGS) throw ApiException.badField("tags", "has more than " + MAX_TAGS + " entries");
            for (Object t : arr) {
                if (!(t instanceof String s) || s.isBlank() || s.length() > MAX_TAG) {
                    throw ApiException.badField("tags", "entries must be non-empty strings of at most " + MAX_TAG + " characters");
                }
                tags.add(s);
            }
        }
        return new Camera(id, name, url, civilCode, lat, lon, tags, Instant.now());
    }

    private static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) return null;
        if (!(v instanceof String s)) throw ApiException.badField(field, "must be a string");
        return s;
    }

    private static Double number(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) return null;
        if (!(v instanceof Number n)) throw ApiException.badField(field, "must be a number");
        double d = n.doubleValue();
        if (!Double.isFinite(d)) throw ApiException.badField(field, "must be finite");
        return d;
    }
}
