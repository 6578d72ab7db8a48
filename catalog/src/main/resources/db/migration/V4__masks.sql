-- Per-camera ignore masks for motion: JSON [[[x, y], ...], ...] of normalised polygons.
CREATE TABLE camera_masks (
    camera_id     VARCHAR(64) PRIMARY KEY,
    polygons      TEXT        NOT NULL,
    updated_at_ms BIGINT      NOT NULL
);
