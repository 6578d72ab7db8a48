-- What a track follows: a person found by the person detector, or another moving object seen by motion alone.
-- Tracks catalogued before people were told apart are objects.
ALTER TABLE track ADD COLUMN object_kind VARCHAR(16) NOT NULL DEFAULT 'object';
CREATE INDEX track_kind_start ON track (object_kind, start_ms);
