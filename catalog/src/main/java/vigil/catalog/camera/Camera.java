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
 */
public record Camera(String id, String name, SourceUrl source, String civilCode, Double lat, Double lon,
                     List<String> tags, Instant createdAt) {
    public Camera {
        tags = List.copyOf(tags);
    }
}
