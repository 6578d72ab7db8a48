-- SQLite only (PostgreSQL has its own V8): the shape the catalog needs at county scale.
-- Box lists move out of the track row, so searches that scan tracks never read them.
CREATE TABLE track_boxes (
    track_id  VARCHAR(64) NOT NULL,
    start_ms  BIGINT      NOT NULL,
    boxes     TEXT        NOT NULL,   -- JSON [[t,x,y,w,h],...]
    PRIMARY KEY (track_id, start_ms)
);
INSERT INTO track_boxes (track_id, start_ms, boxes) SELECT id, start_ms, boxes FROM track;
ALTER TABLE track DROP COLUMN boxes;

-- 1 when the track has a ground path (its camera was calibrated): map search tests its path, else its camera.
ALTER TABLE track ADD COLUMN has_ground INTEGER NOT NULL DEFAULT 0;
UPDATE track SET has_ground = 1 WHERE ground_path <> '[]';

-- The map index: each track's H3 cells at the index resolutions (see MapCells); filled by V9 for old tracks.
CREATE TABLE track_cell (
    res       INTEGER     NOT NULL,
    cell      BIGINT      NOT NULL,
    start_ms  BIGINT      NOT NULL,
    track_id  VARCHAR(64) NOT NULL,
    PRIMARY KEY (res, cell, start_ms, track_id)
);
CREATE INDEX track_cell_start ON track_cell (start_ms);

-- Upserts name (id, start_ms), the key PostgreSQL's time partitions need; SQLite needs an index to match it.
CREATE UNIQUE INDEX track_id_start ON track (id, start_ms);
CREATE UNIQUE INDEX motion_event_id_start ON motion_event (id, start_ms);

-- Regions are civil-code prefixes; footage is kept per camera for retention_days (null: the node's default).
CREATE INDEX camera_civil_code ON camera (civil_code);
ALTER TABLE camera ADD COLUMN retention_days INTEGER;

-- The longest span (end - start) of any row of each big table: a search for [from, to) then also bounds
-- start_ms from below (start_ms >= from - longest), so indexes on start_ms are read over a range, not a history.
CREATE TABLE span_limit (
    name    VARCHAR(32) PRIMARY KEY,
    max_ms  BIGINT      NOT NULL
);
INSERT INTO span_limit (name, max_ms) SELECT 'clip', COALESCE(MAX(end_ms - start_ms), 0) FROM clip;
INSERT INTO span_limit (name, max_ms) SELECT 'motion_event', COALESCE(MAX(end_ms - start_ms), 0) FROM motion_event;
INSERT INTO span_limit (name, max_ms) SELECT 'track', COALESCE(MAX(end_ms - start_ms), 0) FROM track;
