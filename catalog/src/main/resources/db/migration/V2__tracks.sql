-- Tracks: where each moving object went. Coordinates normalised to the frame; times UTC epoch ms.
CREATE TABLE track (
    id               VARCHAR(64) PRIMARY KEY,
    camera_id        VARCHAR(64) NOT NULL,
    start_ms         BIGINT      NOT NULL,
    end_ms           BIGINT      NOT NULL,
    min_x            DOUBLE PRECISION NOT NULL,
    min_y            DOUBLE PRECISION NOT NULL,
    max_x            DOUBLE PRECISION NOT NULL,
    max_y            DOUBLE PRECISION NOT NULL,
    footprint_coarse BIGINT      NOT NULL,   -- 8x8 cells of the path, bit cy*8+cx: the SQL prefilter
    footprint        VARCHAR(256) NOT NULL,  -- 32x32 cells, 16 words in hex
    direction_deg    DOUBLE PRECISION NOT NULL,
    speed            DOUBLE PRECISION NOT NULL,
    path             TEXT        NOT NULL,   -- JSON [[t,x,y],...], simplified foot-point path
    boxes            TEXT        NOT NULL    -- JSON [[t,x,y,w,h],...]
);
CREATE INDEX track_camera_start ON track (camera_id, start_ms);
CREATE INDEX track_start ON track (start_ms);
