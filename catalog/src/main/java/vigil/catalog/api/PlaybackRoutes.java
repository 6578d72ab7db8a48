package vigil.catalog.api;

import io.vertx.core.Context;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.catalog.access.Grants;
import vigil.catalog.camera.CameraIds;
import vigil.catalog.media.FootageExporter;
import vigil.catalog.media.FootageLeases;
import vigil.catalog.media.HlsPlaylist;
import vigil.catalog.store.CatalogStore;
import vigil.catalog.store.Clip;

/**
 * Playing and exporting a span of one camera's footage:
 * <pre>
 *   GET /api/cameras/{id}/playlist.m3u8?from=&to=   HLS (fMP4 segments by byte range), for ffplay, VLC, hls.js
 *   GET /api/cameras/{id}/export.mp4?from=&to=      one MP4, remuxed (no re-encode), streamed as it is made
 * </pre>
 * Footage outlives a camera's registration, so neither needs the camera to be registered. Limits: a span of at
 * most {@link #MAX_SPAN}; at most {@value #MAX_EXPORTS} exports at once per node.
 */
final class PlaybackRoutes {

    static final Duration MAX_SPAN = Duration.ofHours(24);
    static final int MAX_EXPORTS = 4;
    private static final int MAX_CLIPS = 20_000;
    private static final Logger log = LoggerFactory.getLogger(PlaybackRoutes.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final CatalogStore store;
    private final FootageExporter exporter;
    private final FootageLeases leases;
    private final Semaphore exports = new Semaphore(MAX_EXPORTS);

    private final Grants grants;
    private final StreamLimits limits;

    PlaybackRoutes(CatalogStore store, FootageExporter exporter, FootageLeases leases, Grants grants, StreamLimits limits) {
        this.grants = grants;
        this.limits = limits;
        this.store = store;
        this.exporter = exporter;
        this.leases = leases;
    }

    void mount(Router router) {
        router.get("/api/cameras/:id/playlist.m3u8").handler(this::playlist);
        router.get("/api/cameras/:id/export.mp4").handler(this::export);
    }

    private record Span(String cameraId, Instant from, Instant to) {
    }

    private static Span span(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!CameraIds.isValidId(id)) throw ApiException.notFound("no camera " + Params.clip(id));
        Instant to = Params.instant(ctx, "to", Instant.now());
        Instant from = Params.instant(ctx, "from", to.minus(Duration.ofHours(1)));
        Params.checkWindow(from, to);
        if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) throw ApiException.badField("to", "is more than 24 hours after from");
        return new Span(id, from, to);
    }

    private List<Clip> clips(Span s) {
        List<Clip> clips = store.clips(s.cameraId(), s.from(), s.to(), MAX_CLIPS);
        if (clips.isEmpty()) {
            throw ApiException.notFound("camera " + s.cameraId() + " has no recorded footage in " + s.from() + ".." + s.to());
        }
        return clips;
    }

    private void playlist(RoutingContext ctx) {
        Span s = span(ctx);
        checkGrant(ctx, s);
        // the segments' URLs carry a grant of this span, so a player follows them without the token
        String grant = grants.sign(ApiAccess.principal(ctx).tokenId(), s.cameraId(), s.from(), s.to());
        Blocking.run(ctx, () -> {
            List<HlsPlaylist.Segment> segments = new ArrayList<>();
            for (Clip c : clips(s)) {
                Path file = Path.of(c.path());
                if (!Files.isRegularFile(file)) continue; // deleted by retention since the query: leave it out
                HlsPlaylist.Segment segment = HlsPlaylist.segmentOf(c, file);
                if (segment != null) segments.add(segment);
            }
            if (segments.isEmpty()) throw ApiException.notFound("camera " + s.cameraId() + " has no playable footage in " + s.from() + ".." + s.to());
            return HlsPlaylist.render(segments, grant);
        }).onSuccess(text -> ctx.response().putHeader("Content-Type", "application/vnd.apple.mpegurl")
                .putHeader("Cache-Control", "no-cache").end(text)).onFailure(ctx::fail);
    }

    /** A grant-only request may open only the span its grant names. */
    private static void checkGrant(RoutingContext ctx, Span s) {
        if (!ApiAccess.principal(ctx).grantOnly()) return;
        Grants.Grant g = ApiAccess.grant(ctx);
        if (g == null || !g.contains(s.cameraId(), s.from().toEpochMilli(), s.to().toEpochMilli())) {
            throw new ApiException(403, "Forbidden", "the grant does not cover camera " + s.cameraId() + " " + s.from() + ".." + s.to(), "grant");
        }
    }

    private void export(RoutingContext ctx) {
        Span s = span(ctx);
        checkGrant(ctx, s);
        StreamLimits.Release place = limits.tryAcquire(ApiAccess.principal(ctx).tokenId(), StreamLimits.Kind.EXPORT);
        if (place == null) {
            ctx.response().putHeader("Retry-After", "30");
            throw StreamLimits.tooMany(StreamLimits.Kind.EXPORT);
        }
        if (!exports.tryAcquire()) {
            place.close();
            ctx.response().putHeader("Retry-After", "30");
            throw new ApiException(429, "Too many exports", "this node is already running " + MAX_EXPORTS + " exports; try again shortly", null);
        }
        Context context = ctx.vertx().getOrCreateContext();
        Blocking.run(ctx, () -> clips(s)).onSuccess(clips -> {
            String name = s.cameraId() + "_" + FILE_TIME.format(s.from()) + "_" + FILE_TIME.format(s.to()) + ".mp4";
            ctx.response().setChunked(true).putHeader("Content-Type", "video/mp4")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
            ResponseOutputStream out = new ResponseOutputStream(context, ctx.response());
            FootageLeases.Lease lease = leases.acquire(clips.stream().map(Clip::path).toList());
            ctx.vertx().executeBlocking(() -> {
                try (lease) {
                    exporter.export(clips, s.from(), s.to(), out);
                    out.close();
                } catch (IOException | RuntimeException e) {
                    log.warn("export of camera {} {}..{} stopped: {}", s.cameraId(), s.from(), s.to(), e.getMessage());
                    out.abort();
                } finally {
                    exports.release();
                    place.close();
                }
                return null;
            }, false);
        }).onFailure(e -> {
            exports.release();
            place.close();
            ctx.fail(e);
        });
    }

}
