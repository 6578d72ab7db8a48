-- Shared by the embedded (SQLite) and shared (PostgreSQL) catalogs: keep to portable SQL.
-- Times are UTC epoch milliseconds.

CREATE TABLE camera (
    id            VARCHAR(64)  PRIMARY KEY,
    name          VARCHAR(256) NOT NULL,
    source_url    VARCHAR(2048) NOT NULL,  -- without credentials
    credentials   VARCHAR(1024),           -- AES-GCM sealed user-info, base64; never returned by the API
    civil_code    VARCHAR(12),
    lat           DOUBLE PRECISION,
    lon           DOUBLE PRECISION,
    tags          VARCHAR(4096) NOT NULL,  -- JSON array
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE clip (
    id         VARCHAR(64)  PRIMARY KEY,
    camera_id  VARCHAR(64)  NOT NULL,     -- no foreign key: footage outlives its camera's registration
    start_ms   BIGINT       NOT NULL,
    end_ms     BIGINT       NOT NULL,
    path       VARCHAR(4096) NOT NULL,
    bytes      BIGINT       NOT NULL,
    codec      VARCHAR(32)  NOT NULL,
    width      INTEGER      NOT NULL,
    height     INTEGER      NOT NULL
);
CREATE INDEX clip_camera_start ON clip (camera_id, start_ms);
CREATE INDEX clip_start ON clip (start_ms);

CREATE TABLE motion_event (
    id         VARCHAR(64) PRIMARY KEY,
    camera_id  VARCHAR(64) NOT NULL,
    start_ms   BIGINT      NOT NULL,
    end_ms     BIGINT      NOT NULL,
    peak_area  DOUBLE PRECISION NOT NULL,
    box_x      DOUBLE PRECISION NOT NULL,
    box_y      DOUBLE PRECISION NOT NULL,
    box_w      DOUBLE PRECISION NOT NULL,
    box_h      DOUBLE PRECISION NOT NULL,
    is_open    INTEGER     NOT NULL
);
CREATE INDEX motion_event_camera_start ON motion_event (camera_id, start_ms);
CREATE INDEX motion_event_start ON motion_event (start_ms);
