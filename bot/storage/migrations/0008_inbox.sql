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
