-- Several workers on one database (PostgreSQL): the worker that received an update owns its
-- inbox row; what a worker that died left there is taken over by a live one.
ALTER TABLE inbox ADD COLUMN worker TEXT;
