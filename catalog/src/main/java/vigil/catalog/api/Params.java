package vigil.catalog.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import vigil.catalog.store.CatalogStore;

/** Reads and checks request input (query parameters, JSON bodies, the camera a path names), failing with the field's name. */
final class Params {

    private static final int MAX_LIST = 500;

    private Params() {
    }

    /** The request body as a JSON object. */
    static JsonObject jsonBody(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw ApiException.badField("body", "is not a JSON object");
        }
        if (body == null) throw ApiException.badField("body", "is required: a JSON object");
        return body;
    }

    /** Fails with 404 unless camera {@code id} is registered. Blocking: call on a worker. */
    static void requireCamera(CatalogStore store, String id) {
        if (store.camera(id).isEmpty()) throw ApiException.notFound("camera " + id + " is not registered");
    }

    static Instant instant(RoutingContext ctx, String name, Instant fallback) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isEmpty()) return fallback;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badField(name, "is not an ISO-8601 instant such as 2026-01-31T02:00:00Z: '" + clip(v) + "'");
        }
    }

    static int intInRange(RoutingContext ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isEmpty()) return fallback;
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw ApiException.badField(name, "must be between " + min + " and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badField(name, "is not an integer: '" + clip(v) + "'");
        }
    }

    static List<String> list(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        List<String> out = new ArrayList<>();
        if (v == null || v.isBlank()) return out;
        for (String part : v.split(",")) {
            String s = part.trim();
            if (!s.isEmpty()) out.add(s);
        }
        if (out.size() > MAX_LIST) throw ApiException.badField(name, "lists more than " + MAX_LIST + " values");
        return out;
    }

    static void checkWindow(Instant from, Instant to) {
        if (!from.isBefore(to)) throw ApiException.badField("from", "must be before to");
    }

    static String clip(String v) {
        return v.length() > 64 ? v.substring(0, 64) + "…" : v;
    }
}
