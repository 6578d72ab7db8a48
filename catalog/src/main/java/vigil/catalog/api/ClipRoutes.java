package vigil.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.HashMap;
import java.util.Map;
import vigil.catalog.access.Grants;
import vigil.catalog.access.Principal;
import vigil.catalog.camera.Camera;
import vigil.catalog.media.FootageLeases;
import vigil.catalog.store.CatalogStore;
import vigil.catalog.store.Clip;

/** {@code /api/clips}: recorded segments and their media, with HTTP range requests for players. */
final class ClipRoutes {

    /** A single byte range; anything else in a Range header (other units, several ranges) is not one. */
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final CatalogStore store;
    private final FootageLeases leases;
    private final Grants grants;
    private final StreamLimits limits;

    ClipRoutes(CatalogStore store, FootageLeases leases, Grants grants, StreamLimits limits) {
        this.limits = limits;
        this.store = store;
        this.leases = leases;
        this.grants = grants;
    }

    void mount(Router router) {
        router.get("/api/clips").handler(this::list);
        router.get("/api/clips/:id").handler(this::read);
        router.get("/api/clips/:id/media").handler(this::media);
        router.get("/api/clips/:id/media.mp4").handler(this::media); // the same, named as players expect a segment
        router.head("/api/clips/:id/media").handler(this::media);
        router.head("/api/clips/:id/media.mp4").handler(this::media);
    }

    private void list(RoutingContext ctx) {
        Instant to = Params.instant(ctx, "to", Instant.now());
        Instant from = Params.instant(ctx, "from", to.minus(Duration.ofHours(24)));
        Params.checkWindow(from, to);
        String camera = ctx.queryParams().get("camera");
        int limit = Params.intInRange(ctx, "limit", 200, 1, 2000);
        Principal who = ApiAccess.principal(ctx);
        Blocking.run(ctx, () -> {
            List<Clip> clips = store.clips(camera == null || camera.isEmpty() ? null : camera, from, to, limit);
            if (!who.scoped()) return clips;
            Map<String, Boolean> seen = new HashMap<>();
            return clips.stream().filter(c -> seen.computeIfAbsent(c.cameraId(), id ->
                    who.sees(id, store.camera(id).map(Camera::civilCode).orElse(null)))).toList();
        }).onSuccess(clips -> {
                    JsonArray out = new JsonArray();
                    clips.forEach(c -> out.add(json(c, who.tokenId())));
                    ctx.response().putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("clips", out).encode());
                }).onFailure(ctx::fail);
    }

    private void read(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String tokenId = ApiAccess.principal(ctx).tokenId();
        Blocking.run(ctx, () -> visibleClip(ctx, id)).onSuccess(clip -> {
            ctx.response().putHeader("Content-Type", "application/json").end(json(clip, tokenId).encode());
        }).onFailure(ctx::fail);
    }

    private void media(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Blocking.run(ctx, () -> {
            Clip clip = visibleClip(ctx, id);
            Grants.Grant grant = ApiAccess.grant(ctx);
            if (ApiAccess.principal(ctx).grantOnly()
                    && (grant == null || !grant.covers(clip.cameraId(), clip.start().toEpochMilli(), clip.end().toEpochMilli()))) {
                throw ApiException.notFound("clip " + id + " is not in the catalog");
            }
            Path file = Path.of(clip.path());
            if (!Files.isRegularFile(file)) {
                throw new ApiException(410, "Gone", "clip " + id + " is catalogued but its file is no longer on this node", null);
            }
            return new MediaFile(file, Files.size(file), Files.getLastModifiedTime(file).toMillis());
        }).onSuccess(found -> serve(ctx, found)).onFailure(ctx::fail);
    }

    private record MediaFile(Path path, long size, long modifiedMs) {
        String etag() {
            return "\"" + Long.toHexString(size) + "-" + Long.toHexString(modifiedMs) + "\"";
        }
    }

    /**
     * Serves a segment file, honouring one byte range (RFC 9110 §14): a range that cannot be satisfied is 416; a
     * header this does not understand (another unit, several ranges) or an {@code If-Range} that no longer
     * matches gets the whole file (200); HEAD gets the headers alone.
     */
    private void serve(RoutingContext ctx, MediaFile f) {
        long size = f.size();
        var response = ctx.response().putHeader("Content-Type", "video/mp4").putHeader("Accept-Ranges", "bytes")
                .putHeader("ETag", f.etag())
                .putHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        Instant.ofEpochMilli(f.modifiedMs()).atZone(ZoneOffset.UTC)));
        long offset = 0, length = size;
        String range = ctx.request().getHeader("Range");
        String ifRange = ctx.request().getHeader("If-Range");
        if (range != null && (ifRange == null || ifRange.equals(f.etag()) || ifRange.equals(response.headers().get("Last-Modified")))) {
            long[] span = byteRange(range.trim(), size);
            if (span == UNSATISFIABLE) {
                response.setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
                return;
            }
            if (span != null) {
                offset = span[0];
                length = span[1] - span[0] + 1;
                response.setStatusCode(206).putHeader("Content-Range", "bytes " + span[0] + "-" + span[1] + "/" + size);
            }
        }
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", String.valueOf(length)).end();
            return;
        }
        StreamLimits.Release place = limits.tryAcquire(ApiAccess.principal(ctx).tokenId(), StreamLimits.Kind.MEDIA);
        if (place == null) {
            ctx.response().putHeader("Retry-After", "5");
            ctx.fail(StreamLimits.tooMany(StreamLimits.Kind.MEDIA));
            return;
        }
        // the open file outlives a deletion (POSIX), but retention is told to wait all the same
        FootageLeases.Lease lease = leases.acquire(List.of(f.path().toString()));
        response.closeHandler(v -> place.close());
        response.sendFile(f.path().toString(), offset, length).onComplete(done -> {
            lease.close();
            place.close();
        });
    }

    private static final long[] UNSATISFIABLE = new long[0];

    /**
     * The first and last byte of a single {@code bytes=} range, clamped to the file; {@link #UNSATISFIABLE}; or
     * null when the header is not a single byte range (then the whole file is served).
     */
    static long[] byteRange(String header, long size) {
        Matcher m = RANGE.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) return null;
        if (m.group(1).isEmpty()) { // suffix: the last N bytes
            long n = parseClamped(m.group(2));
            if (n == 0 || size == 0) return UNSATISFIABLE;
            return new long[] {size - Math.min(n, size), size - 1};
        }
        long first = parseClamped(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(parseClamped(m.group(2)), size - 1);
        if (!m.group(2).isEmpty() && parseClamped(m.group(2)) < first) return null; // invalid: ignore the header
        if (first >= size) return UNSATISFIABLE;
        return new long[] {first, last};
    }

    /** Digits as a long, Long.MAX_VALUE when there are too many (a position past any file). */
    private static long parseClamped(String digits) {
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** The clip, when it exists and its camera is in the asker's scope (else 404, alike). Blocking. */
    private Clip visibleClip(RoutingContext ctx, String id) {
        Clip clip = store.clip(id).orElseThrow(() -> ApiException.notFound("clip " + id + " is not in the catalog"));
        ApiAccess.auditCamera(ctx, clip.cameraId());
        ApiAccess.requireVisible(ctx, store, clip.cameraId(), "clip " + id);
        return clip;
    }

    private JsonObject json(Clip c, String tokenId) {
        return new JsonObject()
                .put("id", c.id())
                .put("cameraId", c.cameraId())
                .put("start", c.start().toString())
                .put("end", c.end().toString())
                .put("bytes", c.bytes())
                .put("codec", c.codec())
                .put("width", c.width())
                .put("height", c.height())
                .put("mediaUrl", "/api/clips/" + c.id() + "/media?grant=" + grants.sign(tokenId, c.cameraId(), c.start(), c.end()));
    }
}
