-- Hardening (issue 12): the durable inbox of updates, and wrong join codes from anyone.

-- Updates as they arrive, written before the channel confirms them (Telegram's getUpdates
-- offset), and deleted once handled: after a crash, what is left here is handled again, and
-- processed_updates drops what was already handled to the end.
CREATE TABLE inbox (
    channel TEXT NOT NULL,
    update_key TEXT NOT NULL,
    payload TEXT NOT NULL,              -- the channel's raw update (JSON)
    received_at TEXT NOT NULL,
    PRIMARY KEY (channel, update_key)
);

-- Wrong join codes, from anyone: limits per unit (the unit whose code the guess resembles)
-- and overall, so that many new accounts cannot share out the guessing.
CREATE TABLE join_failures (
    at TEXT NOT NULL,                   -- UTC
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    unit_id TEXT                        -- the unit aimed at, if the guess resembles its code
);
CREATE INDEX join_failures_at ON join_failures(at);
CREATE INDEX join_failures_unit ON join_failures(unit_id, at);
