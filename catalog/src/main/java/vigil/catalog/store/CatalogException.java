package vigil.catalog.store;

/** The catalog could not do what was asked; the message says what and with which input. */
public final class CatalogException extends RuntimeException {
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
