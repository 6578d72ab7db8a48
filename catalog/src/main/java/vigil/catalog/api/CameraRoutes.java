package vigil.catalog.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.catalog.access.Principal;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.CameraIds;
import vigil.catalog.camera.CameraLifecycle;
import vigil.catalog.camera.CameraStatus;
import vigil.catalog.camera.CameraStatusSource;
import vigil.catalog.camera.SourceUrl;
import vigil.catalog.search.SearchArea;
import vigil.catalog.store.CameraQuery;
import vigil.catalog.store.CatalogStore;
import vigil.catalog.store.DuplicateCameraException;

/**
 * {@code /api/cameras}: register (one or a batch), list by area, read, change and remove cameras. Credentials
 * given in a URL are kept for ingest and never returned: every URL in an answer is the redacted form.
 *
 * <table>
 *   <caption>Limits of camera bodies</caption>
 *   <tr><td>one camera</td><td>{@link ApiRouter#MAX_BODY_BYTES}</td></tr>
 *   <tr><td>a batch</td><td>{@value #MAX_BATCH} cameras, {@value #MAX_BATCH_BYTES} bytes</td></tr>
 *   <tr><td>name</td><td>{@value #MAX_NAME} characters</td></tr>
 *   <tr><td>tags</td><td>{@value #MAX_TAGS} of at most {@value #MAX_TAG} characters, {@value #MAX_TAGS_JSON} as a JSON array</td></tr>
 *   <tr><td>credentials (user-info and secret query)</td><td>{@value SourceUrl#MAX_SEALED_CHARS} characters</td></tr>
 *   <tr><td>retentionDays</td><td>1..{@value #MAX_RETENTION_DAYS}</td></tr>
 * </table>
 */
final class CameraRoutes {

    static final int MAX_BATCH = 10_000;
    static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(CameraRoutes.class);
    private static final Set<String> FIELDS = Set.of("id", "name", "url", "civilCode", "lat", "lon", "tags", "retentionDays");
    private static final Set<String> PATCH_FIELDS = Set.of("name", "url", "credentials", "civilCode", "lat", "lon",
            "tags", "retentionDays");
    private static final int MAX_NAME = 256;
    private static final int MAX_TAGS = 32;
    private static final int MAX_TAG = 64;
    /** The tags as the catalog keeps them (a JSON array) must fit its column: PostgreSQL refuses a longer value. */
    private static final int MAX_TAGS_JSON = 4096;
    private static final int MAX_RETENTION_DAYS = 3650;
    private static final int MAX_LIST = 10_000;

    private final CatalogStore store;
    private final CameraStatusSource statuses;
    private final CameraLifecycle lifecycle;

    CameraRoutes(CatalogStore store, CameraStatusSource statuses, CameraLifecycle lifecycle) {
        this.store = store;
        this.statuses = statuses;
        this.lifecycle = lifecycle;
    }

    /** The batch route reads bodies larger than the API's default: mount before the default body handler. */
    void mountBatchBody(Router router) {
        router.post("/api/cameras/batch").handler(BodyHandler.create(false).setBodyLimit(MAX_BATCH_BYTES));
    }

    void mount(Router router) {
        router.post("/api/cameras/batch").handler(this::batch);
        router.post("/api/cameras").handler(this::create);
        router.get("/api/cameras").handler(this::list);
        router.get("/api/cameras/:id").handler(this::read);
        router.patch("/api/cameras/:id").handler(this::patch);
        router.delete("/api/cameras/:id").handler(this::delete);
    }

    /** A camera ingest would not connect to is not registered (blocking: may look up a name). */
    private void refuseUnreachable(Camera c) {
        String refusal = lifecycle.refusal(c);
        if (refusal != null) throw ApiException.badField("url", refusal);
    }

    /** A scoped token registers only cameras inside its scope. */
    private static void requireInScope(RoutingContext ctx, Camera c) {
        Principal who = ApiAccess.principal(ctx);
        if (!who.sees(c.id(), c.civilCode())) {
            throw new ApiException(403, "Forbidden", "camera " + c.id() + " is outside this token's regions and cameras", "civilCode");
        }
    }

    private void create(RoutingContext ctx) {
        Camera camera = parse(Params.jsonBody(ctx), null);
        requireInScope(ctx, camera);
        ApiAccess.auditCamera(ctx, camera.id());
        Blocking.run(ctx, () -> {
            refuseUnreachable(camera);
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

    /**
     * {@code POST /api/cameras/batch}: a JSON array of cameras, or NDJSON (one per line). Each item is checked
     * on its own; good items are stored even when others fail. The answer has one result per item.
     */
    private void batch(RoutingContext ctx) {
        List<Object> items = batchItems(ctx);
        List<JsonObject> results = new ArrayList<>(items.size());
        List<Camera> valid = new ArrayList<>();
        List<Integer> validIndex = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonObject result = new JsonObject().put("index", i);
            results.add(result);
            try {
                if (!(items.get(i) instanceof JsonObject body)) throw ApiException.badField("body", "item is not a JSON object");
                if (body.getValue("id") instanceof String id) result.put("id", id);
                Camera c = parse(body, null);
                requireInScope(ctx, c);
                if (!seen.add(c.id())) throw ApiException.conflict("camera " + c.id() + " appears twice in this batch", "id");
                valid.add(c);
                validIndex.add(i);
            } catch (ApiException e) {
                results.set(i, failed(result, e));
            }
        }
        Blocking.run(ctx, () -> {
            for (int k = valid.size() - 1; k >= 0; k--) {
                try {
                    refuseUnreachable(valid.get(k));
                } catch (ApiException e) {
                    results.set(validIndex.get(k), failed(results.get(validIndex.get(k)), e));
                    valid.remove(k);
                    validIndex.remove(k);
                }
            }
            return store.addCameras(valid);
        }).onSuccess(added -> {
            int created = 0;
            for (int k = 0; k < valid.size(); k++) {
                JsonObject result = results.get(validIndex.get(k));
                if (added[k]) {
                    created++;
                    result.put("status", 201);
                    lifecycle.added(valid.get(k));
                } else {
                    failed(result, ApiException.conflict("camera " + valid.get(k).id() + " is already registered", "id"));
                }
            }
            log.info("batch registration: {} of {} camera(s) registered", created, items.size());
            ApiAccess.auditDetail(ctx, new JsonObject().put("items", items.size()).put("created", created));
            ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("created", created).put("failed", items.size() - created)
                    .put("results", new JsonArray(new ArrayList<>(results))).encode());
        }).onFailure(ctx::fail);
    }

    private static JsonObject failed(JsonObject result, ApiException e) {
        JsonObject problem = new JsonObject().put("title", e.title).put("status", e.status).put("detail", e.getMessage());
        if (e.field != null) problem.put("field", e.field);
        return result.put("status", e.status).put("problem", problem);
    }

    private static List<Object> batchItems(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) throw ApiException.badField("body", "is required: a JSON array or NDJSON of cameras");
        List<Object> items = new ArrayList<>();
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("[")) {
            try {
                new JsonArray(trimmed).forEach(items::add);
            } catch (DecodeException e) {
                throw ApiException.badField("body", "is not a JSON array");
            }
        } else {
            String[] lines = text.split("\r?\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) continue;
                if (items.size() >= MAX_BATCH) break;
                try {
                    items.add(new JsonObject(line));
                } catch (DecodeException | ClassCastException e) {
                    items.add(null); // reported for its index like any other bad item
                }
            }
        }
        if (items.size() > MAX_BATCH) throw ApiException.badField("body", "holds more than " + MAX_BATCH + " cameras");
        if (items.isEmpty()) throw ApiException.badField("body", "holds no cameras");
        return items;
    }

    /** {@code GET /api/cameras}: by id, in an area ({@code cameras}, {@code region}, a map shape), paged by id. */
    private void list(RoutingContext ctx) {
        SearchArea area = AreaParams.area(ctx);
        int limit = Params.intInRange(ctx, "limit", 1000, 1, MAX_LIST);
        String after = ctx.queryParams().get("cursor");
        if (after != null && !after.isEmpty() && !CameraIds.isValidId(after)) throw ApiException.badField("cursor", "is not a cursor this API gave out");
        CameraQuery query = new CameraQuery(area, limit, after == null || after.isEmpty() ? null : after);
        Blocking.run(ctx, () -> store.cameras(query)).onSuccess(cameras -> {
            JsonArray out = new JsonArray();
            cameras.forEach(c -> out.add(json(c)));
            String next = cameras.size() == limit ? cameras.get(cameras.size() - 1).id() : null;
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("cameras", out).put("nextCursor", next).encode());
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

    /**
     * {@code PATCH /api/cameras/{id}}: a JSON merge patch of name, url, credentials ({@code {"username",
     * "password"}} or null to remove them), civilCode, lat/lon, tags, retentionDays; null clears an optional
     * field. A URL with credentials in it replaces them; one without keeps the camera's. A new URL or new
     * credentials restart its ingest.
     */
    private void patch(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonObject patch = Params.jsonBody(ctx);
        for (String key : patch.fieldNames()) {
            if (!PATCH_FIELDS.contains(key)) {
                throw ApiException.badField(key, key.equals("id") ? "cannot be changed" : "is not a field that can be changed; those are: " + PATCH_FIELDS);
            }
        }
        if (patch.isEmpty()) throw ApiException.badField("body", "changes nothing");
        Blocking.run(ctx, () -> {
            Camera before = store.camera(id).orElseThrow(() -> ApiException.notFound("camera " + id + " is not registered"));
            Camera after = merge(before, patch);
            if (!after.source().equals(before.source())) refuseUnreachable(after);
            if (!store.updateCamera(after)) throw ApiException.notFound("camera " + id + " is not registered");
            return new Camera[] {before, after};
        }).onSuccess(change -> {
            log.info("camera {} changed: {}", id, patch.fieldNames());
            lifecycle.changed(change[0], change[1]);
            ctx.response().putHeader("Content-Type", "application/json").end(json(change[1]).encode());
        }).onFailure(ctx::fail);
    }

    /** The camera with a merge patch applied, checked as a registration is. */
    private static Camera merge(Camera c, JsonObject patch) {
        JsonObject merged = new JsonObject()
                .put("id", c.id()).put("name", c.name()).put("civilCode", c.civilCode()).put("lat", c.lat())
                .put("lon", c.lon()).put("tags", new JsonArray(new ArrayList<>(c.tags())))
                .put("retentionDays", c.retentionDays());
        boolean civilGiven = c.civilCode() != null && !(CameraIds.isGb28181(c.id()) && c.civilCode().equals(CameraIds.civilCodeOf(c.id())));
        if (!civilGiven) merged.remove("civilCode");
        for (String key : patch.fieldNames()) {
            if (!key.equals("url") && !key.equals("credentials")) merged.put(key, patch.getValue(key));
        }
        if (merged.getValue("name") == null) merged.remove("name");
        SourceUrl source = c.source();
        if (patch.containsKey("url")) {
            SourceUrl url = parseUrl(patch.getValue("url"));
            checkCredentialsLength(url, "url");
            source = url.rawUserInfo() != null ? url : url.withUserInfoOf(c.source());
        }
        if (patch.containsKey("credentials")) {
            Object creds = patch.getValue("credentials");
            if (creds == null) {
                source = source.withoutUserInfo();
            } else if (creds instanceof JsonObject o && o.getValue("username") instanceof String user && !user.isEmpty()
                    && o.getValue("password", "") instanceof String password && o.size() <= 2) {
                source = source.withCredentials(user, password);
            } else {
                throw ApiException.badField("credentials", "must be {\"username\": \"...\", \"password\": \"...\"} or null");
            }
        }
        // new credentials alone are checked: a camera registered before the limit keeps its own through a rename or a move
        if (patch.containsKey("credentials") && patch.getValue("credentials") != null) checkCredentialsLength(source, "credentials");
        Camera checked = parse(merged, source);
        return new Camera(c.id(), checked.name(), source, checked.civilCode(), checked.lat(), checked.lon(), checked.tags(),
                c.createdAt(), checked.retentionDays());
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
                .put("lastError", s.lastError())
                .put("storageProblem", s.storageProblem())
                .put("analysisReduced", s.analysisReduced());
        return new JsonObject()
                .put("id", c.id())
                .put("name", c.name())
                .put("url", c.source().redacted())
                .put("civilCode", c.civilCode())
                .put("lat", c.lat())
                .put("lon", c.lon())
                .put("tags", new JsonArray(new ArrayList<>(c.tags())))
                .put("retentionDays", c.retentionDays())
                .put("createdAt", c.createdAt().toString())
                .put("status", status);
    }

    /**
     * Validates a registration body, failing on the first wrong field.
     *
     * @param source the camera's URL when already known (a patch), else null: read from the body's {@code url}
     */
    private static Camera parse(JsonObject body, SourceUrl source) {
        for (String key : body.fieldNames()) {
            if (!FIELDS.contains(key)) throw ApiException.badField(key, "is not a known field; known: " + FIELDS);
        }
        String id = string(body, "id");
        if (id == null) throw ApiException.badField("id", "is required");
        if (!CameraIds.isValidId(id)) {
            throw ApiException.badField("id", "must be 1-64 characters of A-Z a-z 0-9 . _ ~ -, not starting with a dot");
        }
        String name = Params.text(body, "name", false, MAX_NAME);
        if (name == null || name.isBlank()) name = id;
        SourceUrl url = source;
        if (url == null) {
            url = parseUrl(body.getValue("url"));
            checkCredentialsLength(url, "url");
        }
        String civilCode = string(body, "civilCode");
        if (civilCode == null && CameraIds.isGb28181(id)) civilCode = CameraIds.civilCodeOf(id);
        if (civilCode != null) {
            String problem = CameraIds.civilCodeProblem(civilCode);
            if (problem != null) {
                boolean fromId = body.getValue("civilCode") == null;
                throw ApiException.badField(fromId ? "id" : "civilCode", fromId
                        ? "is a GB/T 28181 id whose civil code (digits 1-8) " + problem.replace("must be", "is not")
                        : problem);
            }
        }
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
                if (Params.plainTextProblem(s) != null) throw ApiException.badField("tags", "entry " + Params.plainTextProblem(s));
                tags.add(s);
            }
            // 32 tags of 64 quotes each are twice as long written as JSON (\" for ")
            if (new JsonArray(new ArrayList<>(tags)).encode().length() > MAX_TAGS_JSON) {
                throw ApiException.badField("tags", "take more than " + MAX_TAGS_JSON + " characters written as JSON");
            }
        }
        Integer retentionDays = null;
        Object rawRetention = body.getValue("retentionDays");
        if (rawRetention != null) {
            if (!(rawRetention instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                    || n.doubleValue() < 1 || n.doubleValue() > MAX_RETENTION_DAYS) {
                throw ApiException.badField("retentionDays", "must be a whole number of days, 1.." + MAX_RETENTION_DAYS);
            }
            retentionDays = n.intValue();
        }
        return new Camera(id, name, url, civilCode, lat, lon, tags, Instant.now(), retentionDays);
    }

    /** Credentials (user-info and secret query together) longer than the catalog keeps are refused, not cut. */
    private static void checkCredentialsLength(SourceUrl url, String field) {
        String sealed = url.sealed();
        if (sealed != null && sealed.length() > SourceUrl.MAX_SEALED_CHARS) {
            throw ApiException.badField(field, "holds credentials (user name, password, secret query) longer than "
                    + SourceUrl.MAX_SEALED_CHARS + " characters");
        }
    }

    private static SourceUrl parseUrl(Object value) {
        if (value != null && !(value instanceof String)) throw ApiException.badField("url", "must be a string");
        try {
            return SourceUrl.parse((String) value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("url", e.getMessage());
        }
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
