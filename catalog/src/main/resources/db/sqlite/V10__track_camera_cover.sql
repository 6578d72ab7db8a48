-- The cameras' index of tracks also holds what searches filter on (time, coarse footprint, kind, ground, id), so
-- a search over a camera's month of tracks tests them in the index and reads only the rows it returns.
CREATE INDEX track_camera_cover ON track (camera_id, start_ms, end_ms, footprint_coarse, object_kind, has_ground, id);
DROP INDEX track_camera_start;
