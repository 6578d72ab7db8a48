package vigil.analytics.track;

/** What a track follows: a person the person detector found, or any other moving object seen by motion alone. */
public enum ObjectKind {
    PERSON,
    OBJECT;

    /** The lower-case name used in the catalog and the API. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static ObjectKind ofLabel(String label) {
        for (ObjectKind k : values()) if (k.label().equals(label)) return k;
        throw new IllegalArgumentException("object kind must be person or object, not '" + label + "'");
    }
}
