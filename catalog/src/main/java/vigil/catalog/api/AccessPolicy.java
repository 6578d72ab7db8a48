package vigil.catalog.api;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vigil.catalog.access.Role.Permission;

/**
 * Who may call what, in one table: each API route with the permission it needs and the action the audit trail
 * names it by. A path the table knows with a method it does not answers 405; a path it does not know needs a
 * valid token and then answers 404.
 */
final class AccessPolicy {

    /** One route: method, path pattern (a {@code {id}} segment is captured), permission, audit action. */
    record Rule(HttpMethod method, Pattern path, Permission permission, String action, boolean cameraInPath) {
    }

    /** What the table says of a request. */
    record Decision(Rule rule, String pathId, boolean wrongMethod) {
    }

    private static final String ID = "([^/]+)";
    private static final List<Rule> RULES = List.of(
            rule(HttpMethod.POST, "/api/tokens", Permission.ADMINISTER, "token.create", false),
            rule(HttpMethod.GET, "/api/tokens", Permission.ADMINISTER, "token.list", false),
            rule(HttpMethod.DELETE, "/api/tokens/" + ID, Permission.ADMINISTER, "token.revoke", false),
            rule(HttpMethod.GET, "/api/audit", Permission.ADMINISTER, "audit.read", false),
            rule(HttpMethod.GET, "/api/search", Permission.FOOTAGE, "search", false),
            rule(HttpMethod.GET, "/api/tracks", Permission.FOOTAGE, "tracks.search", false),
            rule(HttpMethod.GET, "/api/tracks/" + ID, Permission.FOOTAGE, "track.read", false),
            rule(HttpMethod.GET, "/api/tracks/" + ID + "/thumbnail", Permission.FOOTAGE, "thumbnail.read", false),
            rule(HttpMethod.GET, "/api/timeline", Permission.FOOTAGE, "timeline.read", false),
            rule(HttpMethod.GET, "/api/clips", Permission.FOOTAGE, "clips.list", false),
            rule(HttpMethod.GET, "/api/clips/" + ID, Permission.FOOTAGE, "clip.read", false),
            rule(HttpMethod.GET, "/api/clips/" + ID + "/media(?:\\.mp4)?", Permission.FOOTAGE, "media.read", false),
            rule(HttpMethod.GET, "/api/cameras/" + ID + "/playlist\\.m3u8", Permission.FOOTAGE, "playlist.read", true),
            rule(HttpMethod.GET, "/api/cameras/" + ID + "/export\\.mp4", Permission.FOOTAGE, "export", true),
            rule(HttpMethod.GET, "/api/cameras", Permission.READ_CAMERAS, "cameras.list", false),
            rule(HttpMethod.POST, "/api/cameras", Permission.MANAGE_CAMERAS, "camera.create", false),
            rule(HttpMethod.POST, "/api/cameras/batch", Permission.MANAGE_CAMERAS, "camera.batch", false),
            rule(HttpMethod.GET, "/api/cameras/" + ID, Permission.READ_CAMERAS, "camera.read", true),
            rule(HttpMethod.PATCH, "/api/cameras/" + ID, Permission.MANAGE_CAMERAS, "camera.update", true),
            rule(HttpMethod.DELETE, "/api/cameras/" + ID, Permission.MANAGE_CAMERAS, "camera.delete", true),
            rule(HttpMethod.GET, "/api/cameras/" + ID + "/(?:calibration|masks|people|analysis)", Permission.MANAGE_CAMERAS,
                    "camera.settings.read", true),
            rule(HttpMethod.PUT, "/api/cameras/" + ID + "/(?:calibration|masks|people|analysis)", Permission.MANAGE_CAMERAS,
                    "camera.settings.update", true));

    private AccessPolicy() {
    }

    private static Rule rule(HttpMethod method, String path, Permission permission, String action, boolean cameraInPath) {
        return new Rule(method, Pattern.compile(path), permission, action, cameraInPath);
    }

    static Decision decide(HttpMethod method, String path) {
        boolean pathKnown = false;
        for (Rule r : RULES) {
            Matcher m = r.path().matcher(path);
            if (!m.matches()) continue;
            String id = m.groupCount() > 0 ? m.group(1) : null;
            if (r.method().equals(method) || (method == HttpMethod.HEAD && r.method() == HttpMethod.GET)) {
                // "/api/cameras/batch" is a path of its own, not camera "batch"
                if (r.cameraInPath() && "batch".equals(id) && path.equals("/api/cameras/batch")) continue;
                return new Decision(r, id, false);
            }
            pathKnown = true;
        }
        return new Decision(null, null, pathKnown);
    }
}
