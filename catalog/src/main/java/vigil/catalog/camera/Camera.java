package vigil.catalog.camera;

import java.time.Instant;
import java.util.List;

/**
 * A registered camera.
 *
 * @param id         URL-safe id; a 20-digit GB/T 28181 device id is one kind
 * @param name       operator-facing name
 * @param source     where its stream is; credentials inside never print
 * @param civilCode  GB/T 2260 region code, possibly null
 * @param lat        WGS-84 latitude, possibly null
 * @param lon        WGS-84 longitude, possibly null
 * @param tags       free tags
 * @param createdAt  when it was registered
 * @param retentionDays how many days of its footage are kept, or null for the node's default
 */
public record Camera(String id, String name, SourceUrl source, String civilCode, Double lat, Double lon,
                     List<String> tags, Instant createdAt, Integer retentionDays) {
    public Camera {
        tags = List.copyOf(tags);
    }

    public Camera(String id, String name, SourceUrl source, String civilCode, Double lat, Double lon,
                  List<String> tags, Instant createdAt) {
        this(id, name, source, civilCode, lat, lon, tags, createdAt, null);
    }
}
