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
    /** Times the API takes: years 1970..9999 (epoch milliseconds stay far from overflow). */
    static final Instant EARLIEST = Instant.EPOCH, LATEST = Instant.parse("9999-12-31T23:59:59Z");

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

    /**
     * A text field of a body: a string of at most {@code max} characters with no control characters and no
     * bidirectional overrides (which make a name display as something else).
     */
    static String text(JsonObject body, String field, boolean required, int max) {
        Object v = body.getValue(field);
        if (v == null) {
            if (required) throw ApiException.badField(field, "is required");
            return null;
        }
        if (!(v instanceof String s)) throw ApiException.badField(field, "must be a string");
        if (required && s.isBlank()) throw ApiException.badField(field, "is required");
        if (s.length() > max) throw ApiException.badField(field, "is longer than " + max);
        String problem = plainTextProblem(s);
        if (problem != null) throw ApiException.badField(field, problem);
        return s;
    }

    /** What makes text unfit to show an operator as it is (control characters, bidi overrides), or null. */
    static String plainTextProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) return "holds a control character (U+" + String.format("%04X", (int) c) + ")";
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                    || c == '\u061C') {
                return "holds a bidirectional formatting character (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }

    static Instant instant(RoutingContext ctx, String name, Instant fallback) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isEmpty()) return fallback;
        try {
            Instant t = Instant.parse(v);
            if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
                throw ApiException.badField(name, "must be between " + EARLIEST + " and " + LATEST + ": '" + clip(v) + "'");
            }
            return t;
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
            String s = part.strip(); // spaces only: a NUL or other control character is refused, not trimmed away
            if (plainTextProblem(s) != null) throw ApiException.badField(name, "'" + clip(s) + "' " + plainTextProblem(s));
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
