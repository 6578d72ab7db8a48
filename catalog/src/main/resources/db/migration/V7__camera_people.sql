-- Per-camera person detection: on or off, and the smallest person looked for (share of the frame's height).
-- A camera without a row follows the node's settings.
CREATE TABLE camera_people (
    camera_id           VARCHAR(64) PRIMARY KEY,
    enabled             BOOLEAN     NOT NULL,
    min_person_height   DOUBLE PRECISION NOT NULL,
    updated_at_ms       BIGINT      NOT NULL
);
