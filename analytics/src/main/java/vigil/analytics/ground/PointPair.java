package vigil.analytics.ground;

/** A calibration correspondence: a point in the image (normalised 0..1, x right, y down) and where it is on the ground. */
public record PointPair(double imageX, double imageY, GroundPoint ground) {
}
