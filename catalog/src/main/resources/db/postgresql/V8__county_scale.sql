-- PostgreSQL only (SQLite has its own V8). The big tables are partitioned by day of start_ms, so retention
-- drops whole partitions; the store creates each day's partitions before it first writes to them.
-- V1..V7 created them unpartitioned; no release of Vigil ever wrote to PostgreSQL before this migration, so
-- they are empty here and are recreated rather than copied.
DROP TABLE clip;
DROP TABLE motion_event;
DROP TABLE track;

CREATE TABLE clip (
    id         VARCHAR(64)   NOT NULL,
    camera_id  VARCHAR(64)   NOT NULL,
    start_ms   BIGINT        NOT NULL,
    end_ms     BIGINT        NOT NULL,
    path       VARCHAR(4096) NOT NULL,
    bytes      BIGINT        NOT NULL,
    codec      VARCHAR(32)   NOT NULL,
    width      INTEGER       NOT NULL,
    height     INTEGER       NOT NULL,
    PRIMARY KEY (id, start_ms)
) PARTITION BY RANGE (start_ms);
CREATE INDEX clip_camera_start ON clip (camera_id, start_ms);
CREATE INDEX clip_start ON clip (start_ms);

CREATE TABLE motion_event (
    id         VARCHAR(64) NOT NULL,
    camera_id  VARCHAR(64) NOT NULL,
    start_ms   BIGINT      NOT NULL,
    end_ms     BIGINT      NOT NULL,
    peak_area  DOUBLE PRECISION NOT NULL,
    box_x      DOUBLE PRECISION NOT NULL,
    box_y      DOUBLE PRECISION NOT NULL,
    box_w      DOUBLE PRECISION NOT NULL,
    box_h      DOUBLE PRECISION NOT NULL,
    is_open    INTEGER     NOT NULL,
    PRIMARY KEY (id, start_ms)
) PARTITION BY RANGE (start_ms);
CREATE INDEX motion_event_camera_start ON motion_event (camera_id, start_ms);
CREATE INDEX motion_event_start ON motion_event (start_ms);

CREATE TABLE track (
    id               VARCHAR(64) NOT NULL,
    camera_id        VARCHAR(64) NOT NULL,
    start_ms         BIGINT      NOT NULL,
    end_ms           BIGINT      NOT NULL,
    min_x            DOUBLE PRECISION NOT NULL,
    min_y            DOUBLE PRECISION NOT NULL,
    max_x            DOUBLE PRECISION NOT NULL,
    max_y            DOUBLE PRECISION NOT NULL,
    footprint_coarse BIGINT      NOT NULL,
    footprint        VARCHAR(256) NOT NULL,
    direction_deg    DOUBLE PRECISION NOT NULL,
    speed            DOUBLE PRECISION NOT NULL,
    path             TEXT        NOT NULL,
    ground_path      TEXT        NOT NULL DEFAULT '[]',
    h3_cells         TEXT        NOT NULL DEFAULT '[]',
    thumbnail_path   VARCHAR(4096),
    object_kind      VARCHAR(16) NOT NULL DEFAULT 'object',
    has_ground       INTEGER     NOT NULL DEFAULT 0,
    PRIMARY KEY (id, start_ms)
) PARTITION BY RANGE (start_ms);
CREATE INDEX track_camera_start ON track (camera_id, start_ms);
CREATE INDEX track_start ON track (start_ms);
CREATE INDEX track_kind_start ON track (object_kind, start_ms);

CREATE TABLE track_boxes (
    track_id  VARCHAR(64) NOT NULL,
    start_ms  BIGINT      NOT NULL,
    boxes     TEXT        NOT NULL,
    PRIMARY KEY (track_id, start_ms)
) PARTITION BY RANGE (start_ms);

CREATE TABLE track_cell (
    res       INTEGER     NOT NULL,
    cell      BIGINT      NOT NULL,
    start_ms  BIGINT      NOT NULL,
    track_id  VARCHAR(64) NOT NULL,
    PRIMARY KEY (res, cell, start_ms, track_id)
) PARTITION BY RANGE (start_ms);
CREATE INDEX track_cell_start ON track_cell (start_ms);

CREATE INDEX camera_civil_code ON camera (civil_code varchar_pattern_ops);
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
