package vigil.catalog.access;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a token may do. Names are as the API spells them ({@code admin}, {@code integrator}, {@code operator}). */
public enum Role {
    /** Everything, including tokens and the audit trail. */
    ADMIN(EnumSet.allOf(Permission.class)),
    /** Cameras: register, change, remove, their settings and status; no footage. */
    INTEGRATOR(EnumSet.of(Permission.READ_CAMERAS, Permission.MANAGE_CAMERAS)),
    /** Footage: search, tracks, timeline, clips, media, playback, export, thumbnails; cameras read only. */
    OPERATOR(EnumSet.of(Permission.READ_CAMERAS, Permission.FOOTAGE));

    /** What a request needs. */
    public enum Permission { READ_CAMERAS, MANAGE_CAMERAS, FOOTAGE, ADMINISTER }

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean may(Permission p) {
        return permissions.contains(p);
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of an API name, or null when there is none such. */
    public static Role ofApiName(String name) {
        for (Role r : values()) if (r.apiName().equals(name)) return r;
        return null;
    }
}
