-- Linking one person's identities on several channels (Telegram, Zalo, console): /link.

-- One-time codes from /link. Only a hash of the code is kept; a code is used once, and is
-- void after expires_at (UTC, ISO 8601) or when the same user asks for a new one.
CREATE TABLE link_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,                  -- where it was shown
    code_hash TEXT NOT NULL,                -- sha256 of the normalised code, hex
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,               -- UTC
    used_at TEXT,
    used_by_channel TEXT
);
CREATE INDEX link_codes_live ON link_codes(expires_at) WHERE used_at IS NULL;
CREATE INDEX link_codes_user ON link_codes(user_id);

-- Wrong codes typed, to pause a user who keeps guessing.
CREATE TABLE link_failures (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at TEXT NOT NULL                        -- UTC
);
CREATE INDEX link_failures_user ON link_failures(user_id, at);
