package vigil.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import vigil.catalog.access.Grants;
import vigil.catalog.search.SearchArea;
import vigil.catalog.search.TrackFilter;
import vigil.catalog.store.CameraSpan;
import vigil.catalog.store.CatalogStore;
import vigil.catalog.store.SearchHit;
import vigil.catalog.store.SearchPage;
import vigil.catalog.store.SearchQuery;
import vigil.catalog.store.TrackPage;
import vigil.catalog.store.TrackQuery;
import vigil.catalog.store.TrackRecord;

/**
 * {@code /api/search}: footage in a time window and an area ({@link AreaParams}), newest first, paged by an opaque
 * keyset cursor. Without {@code from}/{@code to} the window is the last 24 hours. Each hit's {@code playbackUrl} is
 * the camera's HLS playlist over the hit with a few seconds before and after.
 */
final class SearchRoutes {

    private static final int MAX_LIMIT = 500;
    /** Pre- and post-roll of a hit's playback: what led up to it and what followed. */
    static final Duration PLAYBACK_MARGIN = Duration.ofSeconds(5);

    private final CatalogStore store;
    private final Grants grants;

    SearchRoutes(CatalogStore store, Grants grants) {
        this.store = store;
        this.grants = grants;
    }

    void mount(Router router) {
        router.get("/api/search").handler(this::search);
    }

    private void search(RoutingContext ctx) {
        String kind = ctx.queryParams().get("kind");
        TrackFilter filter = TrackRoutes.filter(ctx);
        boolean trackOnly = !filter.isEmpty() || ctx.queryParams().contains("objectKind");
        if (kind == null || kind.isBlank()) kind = trackOnly ? "track" : "motion";
        String tokenId = ApiAccess.principal(ctx).tokenId();
        if (kind.equals("track")) {
            TrackQuery query = TrackRoutes.query(ctx);
            Blocking.run(ctx, () -> trackHits(query, tokenId)).onSuccess(page -> {
                auditSearch(ctx, "track", page.getJsonArray("hits").size());
                ctx.response().putHeader("Content-Type", "application/json").end(page.encode());
            }).onFailure(ctx::fail);
            return;
        }
        if (!kind.equals("motion")) throw ApiException.badField("kind", "must be motion or track");
        if (trackOnly) throw ApiException.badField("kind", "zone, line and objectKind filter tracks: use kind=track");
        Instant to = Params.instant(ctx, "to", Instant.now());
        Instant from = Params.instant(ctx, "from", to.minus(Duration.ofHours(24)));
        Params.checkWindow(from, to);
        SearchArea area = AreaParams.area(ctx);
        int limit = Params.intInRange(ctx, "limit", 50, 1, MAX_LIMIT);
        SearchQuery.Position after = decodeCursor(ctx.queryParams().get("cursor"));
        SearchQuery query = new SearchQuery(from, to, area, limit, after);
        Blocking.run(ctx, () -> store.search(query)).onSuccess(page -> {
            auditSearch(ctx, "motion", page.hits().size());
            ctx.response().putHeader("Content-Type", "application/json").end(json(page, tokenId).encode());
        }).onFailure(ctx::fail);
    }

    /** The search's parameters and how many hits it gave, for the audit trail. */
    static void auditSearch(RoutingContext ctx, String kind, int hits) {
        JsonObject params = new JsonObject();
        ctx.queryParams().forEach(e -> {
            if (!e.getKey().equals("grant")) params.put(e.getKey(), Params.clip(e.getValue()));
        });
        ApiAccess.auditDetail(ctx, new JsonObject().put("kind", kind).put("params", params).put("hits", hits));
    }

    private JsonObject trackHits(TrackQuery query, String tokenId) {
        TrackPage page = store.tracks(query);
        List<List<String>> clips = store.clipIds(page.tracks().stream()
                .map(t -> new CameraSpan(t.cameraId(), t.start(), t.end().plusMillis(1))).toList());
        JsonArray hits = new JsonArray();
        for (int i = 0; i < page.tracks().size(); i++) {
            TrackRecord t = page.tracks().get(i);
            List<String> clipIds = clips.get(i);
            hits.add(new JsonObject()
                    .put("id", t.id())
                    .put("cameraId", t.cameraId())
                    .put("kind", "track")
                    .put("start", t.start().toString())
                    .put("end", t.end().toString())
                    .put("clipIds", new JsonArray(clipIds))
                    .put("playbackUrl", clipIds.isEmpty() ? null : playbackUrl(grants, tokenId, t.cameraId(), t.start(), t.end()))
                    .put("track", TrackRoutes.summary(t)));
        }
        return new JsonObject().put("hits", hits).put("nextCursor", encodeCursor(page.next()));
    }

    private JsonObject json(SearchPage page, String tokenId) {
        JsonArray hits = new JsonArray();
        for (SearchHit h : page.hits()) {
            hits.add(new JsonObject()
                    .put("id", h.id())
                    .put("cameraId", h.cameraId())
                    .put("kind", h.kind())
                    .put("start", h.start().toString())
                    .put("end", h.end().toString())
                    .put("clipIds", new JsonArray(h.clipIds()))
                    .put("playbackUrl", h.clipIds().isEmpty() ? null : playbackUrl(grants, tokenId, h.cameraId(), h.start(), h.end())));
        }
        return new JsonObject().put("hits", hits).put("nextCursor", encodeCursor(page.next()));
    }

    /**
     * The camera's HLS playlist over the hit, with {@link #PLAYBACK_MARGIN} before and after, and a grant so a
     * plain player opens it without the token.
     */
    static String playbackUrl(Grants grants, String tokenId, String cameraId, Instant start, Instant end) {
        Instant from = start.minus(PLAYBACK_MARGIN).truncatedTo(ChronoUnit.SECONDS);
        Instant to = end.plus(PLAYBACK_MARGIN).plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        return "/api/cameras/" + cameraId + "/playlist.m3u8?from=" + from + "&to=" + to
                + "&grant=" + grants.sign(tokenId, cameraId, from, to);
    }

    static String encodeCursor(SearchQuery.Position p) {
        if (p == null) return null;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((p.startMs() + ":" + p.id()).getBytes(StandardCharsets.UTF_8));
    }

    static SearchQuery.Position decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) return null;
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            if (colon <= 0 || colon == s.length() - 1) throw new IllegalArgumentException();
            return new SearchQuery.Position(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("cursor", "is not a cursor this API gave out");
        }
    }
}
