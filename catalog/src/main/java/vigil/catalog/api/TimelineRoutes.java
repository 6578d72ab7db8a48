package vigil.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vigil.catalog.search.SearchArea;
import vigil.catalog.store.CatalogStore;
import vigil.catalog.store.TimelineBucket;
import vigil.catalog.store.TimelineQuery;

/**
 * {@code GET /api/timeline?cameras=|region=&from=&to=&bucket=PT1M}: per camera and bucket, seconds recorded
 * (less than the bucket where recording had a gap), seconds with motion, and tracks started by kind. Buckets with
 * nothing in them are left out. Limits: a bucket of 1 s to 1 day, at most {@value #MAX_BUCKETS} buckets.
 */
final class TimelineRoutes {

    static final int MAX_BUCKETS = 10_000;

    private final CatalogStore store;

    TimelineRoutes(CatalogStore store) {
        this.store = store;
    }

    void mount(Router router) {
        router.get("/api/timeline").handler(this::timeline);
    }

    private void timeline(RoutingContext ctx) {
        Instant to = Params.instant(ctx, "to", Instant.now());
        Instant from = Params.instant(ctx, "from", to.minus(Duration.ofHours(24)));
        Params.checkWindow(from, to);
        SearchArea area = AreaParams.area(ctx);
        if (area.cameraIds().isEmpty() && area.regions().isEmpty() && area.map() == null) {
            throw ApiException.badField("cameras", "or region (or a map shape) is required: which cameras' timeline?");
        }
        Duration bucket = bucket(ctx.queryParams().get("bucket"));
        TimelineQuery query = new TimelineQuery(from, to, area, bucket.toMillis());
        if (query.buckets() > MAX_BUCKETS) {
            throw ApiException.badField("bucket", "makes " + query.buckets() + " buckets of " + from + ".." + to
                    + "; at most " + MAX_BUCKETS + ": choose a longer bucket or a shorter window");
        }
        Blocking.run(ctx, () -> store.timeline(query)).onSuccess(rows -> ctx.response()
                .putHeader("Content-Type", "application/json").end(json(query, bucket, rows).encode())).onFailure(ctx::fail);
    }

    private static Duration bucket(String text) {
        if (text == null || text.isBlank()) return Duration.ofMinutes(1);
        Duration d;
        try {
            d = Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badField("bucket", "is not an ISO-8601 duration such as PT1M: '" + Params.clip(text) + "'");
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofDays(1)) > 0) {
            throw ApiException.badField("bucket", "must be 1 second to 1 day");
        }
        return d;
    }

    private static JsonObject json(TimelineQuery q, Duration bucket, List<TimelineBucket> rows) {
        Map<String, JsonArray> byCamera = new LinkedHashMap<>();
        for (TimelineBucket b : rows) {
            byCamera.computeIfAbsent(b.cameraId(), id -> new JsonArray()).add(new JsonObject()
                    .put("start", b.start().toString())
                    .put("recordedSeconds", b.recordedMs() / 1000.0)
                    .put("motionSeconds", b.motionMs() / 1000.0)
                    .put("tracks", new JsonObject().put("person", b.persons()).put("object", b.objects())));
        }
        JsonArray cameras = new JsonArray();
        byCamera.forEach((id, buckets) -> cameras.add(new JsonObject().put("cameraId", id).put("buckets", buckets)));
        return new JsonObject().put("from", q.from().toString()).put("to", q.to().toString())
                .put("bucket", bucket.toString()).put("cameras", cameras);
    }
}
