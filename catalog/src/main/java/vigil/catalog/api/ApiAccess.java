package vigil.catalog.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.Optional;
import vigil.catalog.access.Grants;
import vigil.catalog.access.Principal;
import vigil.catalog.access.Role.Permission;
import vigil.catalog.access.TokenRecord;
import vigil.catalog.access.Tokens;
import vigil.catalog.audit.AuditEvent;
import vigil.catalog.camera.Camera;
import vigil.catalog.search.SearchArea;
import vigil.catalog.store.CatalogStore;

/**
 * The gate of {@code /api/*}: every request shows a bearer token (or, on playback and media routes, a signed
 * grant); the {@link AccessPolicy} says what its role may do; out-of-scope cameras in the path answer 404 as if
 * they did not exist. Every API request, refused ones too, is written to the audit trail when its answer ends,
 * with what the handlers add ({@link #auditCamera}, {@link #auditDetail}).
 */
final class ApiAccess implements Handler<RoutingContext> {

    private static final String PRINCIPAL = "vigil.principal", ACTION = "vigil.action", CAMERA = "vigil.camera",
            DETAIL = "vigil.detail", GRANT = "vigil.grant";

    private final CatalogStore store;
    private final Tokens tokens;
    private final Grants grants;
    private final Clock clock;
    private final AuthFailures failures;
    private final AuditQueue audit;

    ApiAccess(CatalogStore store, Tokens tokens, Grants grants, Clock clock, AuthFailures failures, AuditQueue audit) {
        this.store = store;
        this.audit = audit;
        this.tokens = tokens;
        this.grants = grants;
        this.clock = clock;
        this.failures = failures;
    }

    Grants grants() {
        return grants;
    }

    @Override
    public void handle(RoutingContext ctx) {
        AccessPolicy.Decision decision = AccessPolicy.decide(ctx.request().method(), ctx.request().path());
        ctx.put(ACTION, decision.rule() == null ? "request" : decision.rule().action());
        if (decision.rule() != null && decision.rule().cameraInPath()) ctx.put(CAMERA, decision.pathId());
        ctx.addBodyEndHandler(v -> audit(ctx));
        String client = client(ctx);
        long wait = failures.retryAfterSeconds(client);
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", String.valueOf(wait));
            refuse(ctx, new ApiException(429, "Too many failed attempts",
                    "too many requests with a missing or wrong token from this address; try again in " + wait + " s", null));
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String grantText = ctx.queryParams().get("grant");
        // the body is read (by the body handlers after this one) only once the token is known to be good
        ctx.request().pause();
        Blocking.run(ctx, () -> authenticate(header, grantText)).onSuccess(found -> {
            if (found.isEmpty()) {
                failures.failed(client);
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"vigil\"");
                refuse(ctx, new ApiException(401, "Unauthorized", header == null && grantText == null
                        ? "this API needs 'Authorization: Bearer <token>'" : "the token is unknown, expired or revoked", null));
                return;
            }
            failures.succeeded(client);
            Principal who = found.get();
            ctx.put(PRINCIPAL, who);
            String pathProblem = pathProblem(ctx.request().path());
            if (pathProblem != null) {
                refuse(ctx, ApiException.badField("path", pathProblem));
                return;
            }
            if (decision.wrongMethod()) {
                refuse(ctx, new ApiException(405, "Method not allowed", ctx.request().method() + " is not allowed on "
                        + ctx.request().path(), null));
                return;
            }
            if (decision.rule() == null) {
                proceed(ctx); // not an API route: the router answers 404
                return;
            }
            if (!who.role().may(decision.rule().permission())) {
                refuse(ctx, new ApiException(403, "Forbidden", "a token of role " + who.role().apiName() + " may not "
                        + decision.rule().action(), null));
                return;
            }
            if (who.grantOnly() && !grantFits(ctx, decision)) {
                refuse(ctx, new ApiException(403, "Forbidden", "a playback grant opens only the footage it was given for", null));
                return;
            }
            if (decision.rule().cameraInPath() && who.scoped()) {
                String id = decision.pathId();
                Blocking.run(ctx, () -> store.camera(id)).onSuccess(camera -> {
                    if (camera.isPresent() && !who.sees(id, camera.get().civilCode()) || camera.isEmpty() && !who.sees(id, null)) {
                        refuse(ctx, ApiException.notFound("camera " + id + " is not registered"));
                    } else {
                        proceed(ctx);
                    }
                }).onFailure(e -> {
                    ctx.request().resume();
                    ctx.fail(e);
                });
                return;
            }
            proceed(ctx);
        }).onFailure(e -> {
            ctx.request().resume();
            ctx.fail(e);
        });
    }

    /**
     * Answers a refused request. Its body (unread: the request was paused) is read and dropped rather than left
     * to block the connection, and the connection closes after the answer, so a refused upload costs little.
     */
    private static void refuse(RoutingContext ctx, ApiException e) {
        var request = ctx.request();
        if (request.getHeader("Content-Length") != null || request.getHeader("Transfer-Encoding") != null) {
            ctx.response().putHeader("Connection", "close");
        }
        request.resume();
        ctx.fail(e);
    }

    /**
     * What makes a request's path unfit to name anything (a control character, a bidirectional override, once its
     * %-escapes are decoded, as the routes read their ids), or null: no id holds one (they are refused where names and
     * ids are given), and PostgreSQL refuses a NUL outright, which made a lookup of {@code /api/cameras/a%00} an
     * internal error instead of a clear one.
     */
    static String pathProblem(String rawPath) {
        if (rawPath == null || rawPath.indexOf('%') < 0) return rawPath == null ? null : Params.plainTextProblem(rawPath);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            int hi = c == '%' && i + 2 < rawPath.length() ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(rawPath.charAt(i + 2), 16) : -1;
            if (lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return Params.plainTextProblem(bytes.toString(UTF_8));
    }

    private static void proceed(RoutingContext ctx) {
        ctx.request().resume();
        ctx.next();
    }

    private Optional<Principal> authenticate(String header, String grantText) {
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
            return tokens.check(header.substring(7).trim()).map(t -> t.principal(false));
        }
        if (grantText == null) return Optional.empty();
        Optional<Grants.Grant> grant = grants.check(grantText);
        if (grant.isEmpty()) return Optional.empty();
        Optional<TokenRecord> token = tokens.byId(grant.get().tokenId());
        return token.map(t -> t.principal(true));
    }

    /** A grant opens the playlist and export of its camera and span, and the media of clips within it. */
    private boolean grantFits(RoutingContext ctx, AccessPolicy.Decision decision) {
        Optional<Grants.Grant> grant = grants.check(ctx.queryParams().get("grant"));
        if (grant.isEmpty()) return false;
        ctx.put(GRANT, grant.get());
        String action = decision.rule().action();
        if (action.equals("media.read")) return true; // the clip's camera and span are checked by the media route
        if (!action.equals("playlist.read") && !action.equals("export")) return false;
        return grant.get().cameraId().equals(decision.pathId());
    }

    private void audit(RoutingContext ctx) {
        Principal who = ctx.get(PRINCIPAL);
        String query = ctx.request().query();
        String asked = ctx.request().method() + " " + ctx.request().path()
                + (query == null ? "" : "?" + query.replaceAll("(^|&)grant=[^&]*", "$1grant=…"));
        String target = asked.length() > 1000 ? asked.substring(0, 1000) + "…" : asked;
        Object detail = ctx.get(DETAIL);
        AuditEvent event = new AuditEvent(clock.instant(), who == null ? null : who.tokenId(),
                who == null ? null : who.tokenName(), who == null ? null : who.role().apiName() + (who.grantOnly() ? "+grant" : ""),
                client(ctx), ctx.get(ACTION), target, ctx.get(CAMERA), ctx.response().getStatusCode(),
                detail == null ? null : detail.toString());
        audit.submit(event);
    }

    private static String client(RoutingContext ctx) {
        var address = ctx.request().remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }

    // ---- for the routes

    static Principal principal(RoutingContext ctx) {
        Principal p = ctx.get(PRINCIPAL);
        if (p == null) throw new IllegalStateException("no principal: route mounted outside ApiAccess");
        return p;
    }

    /** The grant a grant-only request came with (media routes check the clip against it). */
    static Grants.Grant grant(RoutingContext ctx) {
        return ctx.get(GRANT);
    }

    /** The area narrowed to what the asker may see. */
    static SearchArea scoped(RoutingContext ctx, SearchArea area) {
        Principal p = principal(ctx);
        return p.scoped() ? area.within(new SearchArea.Scope(p.regions(), p.cameras())) : area;
    }

    /** Fails with 404 (as if it did not exist) unless the asker may see the camera. Blocking. */
    static void requireVisible(RoutingContext ctx, CatalogStore store, String cameraId, String what) {
        Principal p = principal(ctx);
        if (!p.scoped()) return;
        String civil = store.camera(cameraId).map(Camera::civilCode).orElse(null);
        if (!p.sees(cameraId, civil)) throw ApiException.notFound(what + " is not in the catalog");
    }

    static void auditCamera(RoutingContext ctx, String cameraId) {
        ctx.put(CAMERA, cameraId);
    }

    static void auditDetail(RoutingContext ctx, JsonObject detail) {
        ctx.put(DETAIL, detail.encode());
    }
}
