package vigil.analytics.ground;

/** A WGS-84 position, degrees. */
public record GroundPoint(double lat, double lon) {
}
