package vigil.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
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

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final CatalogStore store;
    private final FootageLeases leases;
    private final Grants grants;

    ClipRoutes(CatalogStore store, FootageLeases leases, Grants grants) {
        this.store = store;
        this.leases = leases;
        this.grants = grants;
    }

    void mount(Router router) {
        router.get("/api/clips").handler(this::list);
        router.get("/api/clips/:id").handler(this::read);
        router.get("/api/clips/:id/media").handler(this::media);
        router.get("/api/clips/:id/media.mp4").handler(this::media); // the same, named as players expect a segment
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
            return new Object[] {file, Files.size(file)};
        }).onSuccess(found -> {
            Path file = (Path) found[0];
            long size = (Long) found[1];
            long offset = 0;
            long length = size;
            String range = ctx.request().getHeader("Range");
            var response = ctx.response().putHeader("Content-Type", "video/mp4").putHeader("Accept-Ranges", "bytes");
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    response.setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
                    return;
                }
                if (m.group(1).isEmpty()) { // suffix: the last N bytes
                    long n = Math.min(Long.parseLong(m.group(2)), size);
                    offset = size - n;
                    length = n;
                } else {
                    offset = Long.parseLong(m.group(1));
                    long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
                    if (offset >= size || last < offset) {
                        response.setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
                        return;
                    }
                    length = last - offset + 1;
                }
                response.setStatusCode(206).putHeader("Content-Range",
                        "bytes " + offset + "-" + (offset + length - 1) + "/" + size);
            }
            // the open file outlives a deletion (POSIX), but retention is told to wait all the same
            FootageLeases.Lease lease = leases.acquire(List.of(file.toString()));
            response.sendFile(file.toString(), offset, length).onComplete(done -> lease.close());
        }).onFailure(ctx::fail);
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
