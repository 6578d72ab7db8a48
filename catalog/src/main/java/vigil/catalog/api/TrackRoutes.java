package vigil.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import vigil.catalog.search.SearchArea;
import vigil.catalog.search.TrackFilter;
import vigil.catalog.store.CatalogStore;
import vigil.catalog.store.TrackPage;
import vigil.catalog.store.TrackQuery;
import vigil.catalog.store.TrackRecord;

/**
 * {@code /api/tracks}: where moving objects went, in a time window and an area ({@link AreaParams}: cameras, regions,
 * a map shape their ground path enters); {@code objectKind=person|object} keeps people or other objects.
 * {@code zone=x1,y1,x2,y2,x3,y3,...} keeps tracks whose image path enters the polygon; {@code line=x1,y1,x2,y2} with {@code direction=ltr|rtl|any} keeps tracks that cross the
 * tripwire (see {@link TrackFilter} for which way is which). Coordinates are normalised to the frame.
 */
final class TrackRoutes {

    private static final int MAX_ZONE_POINTS = 64;

    private final CatalogStore store;

    TrackRoutes(CatalogStore store) {
        this.store = store;
    }

    void mount(Router router) {
        router.get("/api/tracks").handler(this::list);
        router.get("/api/tracks/:id").handler(this::read);
        router.get("/api/tracks/:id/thumbnail").handler(this::thumbnail);
    }

    private void list(RoutingContext ctx) {
        TrackQuery query = query(ctx);
        Blocking.run(ctx, () -> store.tracks(query)).onSuccess(page -> {
            SearchRoutes.auditSearch(ctx, "track", page.tracks().size());
            ctx.response().putHeader("Content-Type", "application/json").end(json(page).encode());
        }).onFailure(ctx::fail);
    }

    private void read(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Blocking.run(ctx, () -> {
            var track = store.track(id);
            if (track.isPresent()) {
                ApiAccess.auditCamera(ctx, track.get().cameraId());
                ApiAccess.requireVisible(ctx, store, track.get().cameraId(), "track " + id);
            }
            return track;
        }).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(ApiException.notFound("track " + id + " is not in the catalog"));
                return;
            }
            JsonObject out = summary(found.get());
            JsonArray boxes = new JsonArray();
            for (TrackRecord.Box b : found.get().boxes()) {
                boxes.add(new JsonObject().put("t", Instant.ofEpochMilli(b.timeMs()).toString()).put("x", b.x())
                        .put("y", b.y()).put("width", b.width()).put("height", b.height()));
            }
            ctx.response().putHeader("Content-Type", "application/json").end(out.put("boxes", boxes).encode());
        }).onFailure(ctx::fail);
    }

    private void thumbnail(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Blocking.run(ctx, () -> {
            TrackRecord t = store.track(id).orElseThrow(() -> ApiException.notFound("track " + id + " is not in the catalog"));
            ApiAccess.auditCamera(ctx, t.cameraId());
            ApiAccess.requireVisible(ctx, store, t.cameraId(), "track " + id);
            if (t.thumbnailPath() == null || !Files.isRegularFile(Path.of(t.thumbnailPath()))) {
                throw ApiException.notFound("track " + id + " has no thumbnail on this node");
            }
            return t.thumbnailPath();
        }).onSuccess(path -> ctx.response().putHeader("Content-Type", "image/jpeg").sendFile(path)).onFailure(ctx::fail);
    }

    /** Reads the query parameters shared with {@code /api/search?kind=track}. */
    static TrackQuery query(RoutingContext ctx) {
        Instant to = Params.instant(ctx, "to", Instant.now());
        Instant from = Params.instant(ctx, "from", to.minus(Duration.ofHours(24)));
        Params.checkWindow(from, to);
        SearchArea area = AreaParams.area(ctx);
        int limit = Params.intInRange(ctx, "limit", 50, 1, 500);
        String objectKind = ctx.queryParams().get("objectKind");
        if (objectKind != null && objectKind.isBlank()) objectKind = null;
        if (objectKind != null && !TrackRecord.OBJECT_KINDS.contains(objectKind.strip())) {
            throw ApiException.badField("objectKind", "must be person or object");
        }
        return new TrackQuery(from, to, area, objectKind == null ? null : objectKind.strip(), filter(ctx), limit,
                SearchRoutes.decodeCursor(ctx.queryParams().get("cursor")));
    }

    static TrackFilter filter(RoutingContext ctx) {
        List<double[]> zone = null;
        String z = ctx.queryParams().get("zone");
        if (z != null && !z.isBlank()) {
            double[] v = numbers(z, "zone");
            if (v.length % 2 != 0 || v.length < 6) throw ApiException.badField("zone", "needs at least 3 points as x1,y1,x2,y2,x3,y3");
            if (v.length / 2 > MAX_ZONE_POINTS) throw ApiException.badField("zone", "has more than " + MAX_ZONE_POINTS + " points");
            zone = new ArrayList<>();
            for (int i = 0; i < v.length; i += 2) zone.add(new double[] {v[i], v[i + 1]});
        }
        double[] line = null;
        String l = ctx.queryParams().get("line");
        if (l != null && !l.isBlank()) {
            line = numbers(l, "line");
            if (line.length != 4) throw ApiException.badField("line", "needs two points as x1,y1,x2,y2");
            if (line[0] == line[2] && line[1] == line[3]) throw ApiException.badField("line", "needs two different points");
        }
        String d = ctx.queryParams().get("direction");
        TrackFilter.Direction direction = TrackFilter.Direction.ANY;
        if (d != null && !d.isBlank()) {
            try {
                direction = TrackFilter.Direction.valueOf(d.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badField("direction", "must be ltr, rtl or any");
            }
            if (line == null) throw ApiException.badField("direction", "applies to a line; give line=x1,y1,x2,y2");
        }
        return zone == null && line == null ? TrackFilter.NONE : new TrackFilter(zone, line, direction);
    }

    private static double[] numbers(String text, String field) {
        String[] parts = text.split(",");
        if (parts.length > 2 * MAX_ZONE_POINTS) throw ApiException.badField(field, "has too many numbers");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw ApiException.badField(field, "holds '" + Params.clip(parts[i]) + "', not a number");
            }
            if (!(v[i] >= 0 && v[i] <= 1)) throw ApiException.badField(field, "coordinates are normalised to the frame: 0..1");
        }
        return v;
    }

    private static JsonObject json(TrackPage page) {
        JsonArray tracks = new JsonArray();
        page.tracks().forEach(t -> tracks.add(summary(t)));
        return new JsonObject().put("tracks", tracks).put("nextCursor", SearchRoutes.encodeCursor(page.next()));
    }

    static JsonObject summary(TrackRecord t) {
        JsonArray path = new JsonArray();
        for (TrackRecord.Point p : t.path()) {
            path.add(new JsonObject().put("t", Instant.ofEpochMilli(p.timeMs()).toString()).put("x", p.x()).put("y", p.y()));
        }
        return new JsonObject()
                .put("id", t.id())
                .put("cameraId", t.cameraId())
                .put("objectKind", t.objectKind())
                .put("start", t.start().toString())
                .put("end", t.end().toString())
                .put("directionDeg", Math.round(t.directionDeg() * 10) / 10.0)
                .put("speedPerSecond", Math.round(t.speedPerSecond() * 10_000) / 10_000.0)
                .put("bounds", new JsonObject().put("minX", t.minX()).put("minY", t.minY()).put("maxX", t.maxX())
                        .put("maxY", t.maxY()))
                .put("path", path)
                .put("groundPath", groundPath(t))
                .put("h3Cells", new JsonArray(new ArrayList<Object>(t.h3Cells())))
                .put("thumbnailUrl", t.thumbnailPath() == null ? null : "/api/tracks/" + t.id() + "/thumbnail");
    }

    private static JsonArray groundPath(TrackRecord t) {
        JsonArray out = new JsonArray();
        for (TrackRecord.GroundFix g : t.groundPath()) {
            out.add(new JsonObject().put("t", Instant.ofEpochMilli(g.timeMs()).toString()).put("lat", g.lat()).put("lon", g.lon()));
        }
        return out;
    }
}
