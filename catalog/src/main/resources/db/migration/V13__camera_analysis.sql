-- Per-camera analysis mode: "full" (every frame) or "keyframes" (keyframe patrol: a camera watched at a fraction
-- of the cost; recording stays complete). A camera without a row follows the node (full, degrading under load).
CREATE TABLE camera_analysis (
    camera_id      VARCHAR(64) PRIMARY KEY,
    mode           VARCHAR(16) NOT NULL,
    updated_at_ms  BIGINT      NOT NULL
);
