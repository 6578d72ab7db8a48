-- Boxes are stored as compact bytes (see TrackCodec): about a fifth of their JSON, under PostgreSQL's TOAST
-- threshold, so writing a track no longer compresses kilobytes of text. Rows written before keep their JSON,
-- as UTF-8 bytes, and are still read. (SQLite keeps the bytes as a BLOB in the same column: nothing to change.)
ALTER TABLE track_boxes ALTER COLUMN boxes TYPE BYTEA USING convert_to(boxes, 'UTF8');

-- The cameras' index of tracks also holds what searches filter on (time, coarse footprint, kind, ground, id),
-- as on SQLite: candidate counts and key lookups are answered from the index alone.
CREATE INDEX track_camera_cover ON track (camera_id, start_ms) INCLUDE (end_ms, footprint_coarse, object_kind, has_ground, id);
DROP INDEX track_camera_start;
