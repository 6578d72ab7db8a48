-- Ground calibration of cameras, and the ground paths of tracks.
CREATE TABLE camera_calibration (
    camera_id     VARCHAR(64) PRIMARY KEY,
    points        TEXT        NOT NULL,  -- JSON [[imageX, imageY, lat, lon], ...]
    homography    TEXT        NOT NULL,  -- JSON 9 numbers, row-major, image -> metres east/north of origin
    origin_lat    DOUBLE PRECISION NOT NULL,
    origin_lon    DOUBLE PRECISION NOT NULL,
    residuals_m   TEXT        NOT NULL,  -- JSON, metres per point
    updated_at_ms BIGINT      NOT NULL
);

ALTER TABLE track ADD COLUMN ground_path TEXT NOT NULL DEFAULT '[]';  -- JSON [[t, lat, lon], ...]
ALTER TABLE track ADD COLUMN h3_cells TEXT NOT NULL DEFAULT '[]';     -- JSON ["8c...", ...]
