-- How each admin hears of new reports: 'digest' (unit reports at once, the rest in one message
-- a day) or 'each' (every report at once). No row: the [office] default.
CREATE TABLE office_notice_prefs (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    mode TEXT NOT NULL CHECK (mode IN ('digest', 'each'))
);

-- One row per daily digest: the submissions up to id ``until_id`` have been summed up.
CREATE TABLE office_digests (
    day TEXT PRIMARY KEY,                           -- bot-time date, ISO
    until_id INTEGER NOT NULL,                      -- the last submission it covered
    submissions INTEGER NOT NULL,
    sent_at TEXT NOT NULL
);
