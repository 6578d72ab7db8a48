package vigil.catalog.api;

/**
 * A request that cannot be served, answered as RFC 9457 problem+json. {@code field} names the request part that
 * was wrong (a body field or query parameter), or is null.
 */
final class ApiException extends RuntimeException {

    final int status;
    final String title;
    final String field;

    ApiException(int status, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    static ApiException badField(String field, String detail) {
        return new ApiException(400, "Invalid request", field + " " + detail, field);
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail, null);
    }

    static ApiException conflict(String detail, String field) {
        return new ApiException(409, "Conflict", detail, field);
    }
}
