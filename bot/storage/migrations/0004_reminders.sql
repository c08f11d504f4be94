-- Deadline reminders: what was sent to whom, so a restart never sends a reminder twice.
-- The yearly defaults of data/deadlines.toml live in `deadlines` under their `key` (0002 has
-- the column and its unique constraint); `edited_at` marks a row an admin has changed, which a
-- later load of the file then leaves alone.

ALTER TABLE deadlines ADD COLUMN edited_at TEXT;

-- One row per (deadline, occurrence, slot, person). offset_days: days before the due date for
-- a reminder (14, 7, 3, 1, 0 by default); -1 the overdue notice and -2 the admin digest (both
-- sent after the due date). status: 'sent' (queued in the outbox), 'missed' (fell due while
-- the bot was down, beyond the grace window, so not sent), 'snoozed' (sent, then postponed to
-- snoozed_until by the recipient).
CREATE TABLE reminder_log (
    id INTEGER PRIMARY KEY,
    deadline_id INTEGER NOT NULL REFERENCES deadlines(id) ON DELETE CASCADE,
    occurrence TEXT NOT NULL,                   -- the occurrence's due date, YYYY-MM-DD
    offset_days INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    unit_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('sent', 'missed', 'snoozed')),
    fire_at TEXT NOT NULL,                      -- when it was planned (bot clock, ISO 8601)
    recorded_at TEXT NOT NULL,                  -- when this row was written
    snoozed_until TEXT,
    UNIQUE (deadline_id, occurrence, offset_days, user_id)
);
CREATE INDEX reminder_log_user ON reminder_log(user_id);

-- Small named values of the reminder service, e.g. 'checked_until': the instant up to which
-- every reminder slot has been handled (sent or recorded as missed).
CREATE TABLE reminder_state (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
