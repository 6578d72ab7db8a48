-- A JPEG of each track's object at its clearest moment, as a file on the node that saw it.
ALTER TABLE track ADD COLUMN thumbnail_path VARCHAR(4096);
