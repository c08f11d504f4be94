-- Broadcasts: one row per announcement; its deliveries are outbox rows with broadcast_id.
CREATE TABLE broadcasts (
    id INTEGER PRIMARY KEY,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    text TEXT NOT NULL,
    document TEXT,
    document_name TEXT,
    photo TEXT,
    audience TEXT NOT NULL,        -- JSON AudienceSpec
    audience_label TEXT NOT NULL,
    total INTEGER NOT NULL,
    token TEXT NOT NULL UNIQUE     -- the compose session it came from: confirming twice sends once
);
