-- Searches by object kind test it in the cameras' index (V10) or along the time index; the kind's own index
-- was no longer read and cost every track written.
DROP INDEX track_kind_start;
