-- Foundation: people, units, roles, conversation state, outbox, audit, unanswered questions.

CREATE TABLE units (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('MN', 'TH', 'THCS', 'THPT', 'ĐVTT')),
    staff_join_code TEXT NOT NULL UNIQUE,
    leader_join_code TEXT NOT NULL UNIQUE,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    full_name TEXT,
    language TEXT NOT NULL DEFAULT 'vi',
    active INTEGER NOT NULL DEFAULT 1,          -- 0 once blocked on every channel
    deliver_to TEXT NOT NULL DEFAULT 'last',    -- 'last' channel used, or 'all'
    created_at TEXT NOT NULL,
    onboarded_at TEXT
);

-- One person may reach the bot on several channels (Telegram, Zalo, console).
CREATE TABLE identities (
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    display_name TEXT NOT NULL DEFAULT '',
    last_seen_at TEXT NOT NULL,
    blocked INTEGER NOT NULL DEFAULT 0,         -- 1 once the user blocked the bot there
    PRIMARY KEY (channel, external_id)
);
CREATE INDEX identities_user ON identities(user_id);

CREATE TABLE memberships (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('staff', 'leader')),
    joined_at TEXT NOT NULL
);
CREATE INDEX memberships_unit ON memberships(unit_id, role);

-- The flow a user is in and where in it; survives restarts.
CREATE TABLE conversations (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    flow TEXT NOT NULL,
    state TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);

-- Updates already handled, so the same update delivered twice is handled once.
CREATE TABLE processed_updates (
    channel TEXT NOT NULL,
    update_key TEXT NOT NULL,
    handled_at TEXT NOT NULL,
    PRIMARY KEY (channel, update_key)
);

-- Every message the bot sends on its own (reminders, broadcasts, notifications) is written
-- here before it is sent; senders drain it, so a restart resumes without sending twice.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                 -- 'notice', 'reminder', 'broadcast', …
    payload TEXT NOT NULL,              -- JSON: text, buttons, file
    dedupe_key TEXT UNIQUE,             -- e.g. 'reminder:12:2027-05-31:7:user:5'
    broadcast_id INTEGER,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked')),
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TEXT NOT NULL,
    last_error TEXT,
    channel TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_pending ON outbox(status, not_before);
CREATE INDEX outbox_broadcast ON outbox(broadcast_id, status);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE unanswered_questions (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    question TEXT NOT NULL,
    language TEXT NOT NULL
);

-- Text channels (console, Zalo) show buttons as numbered choices; the numbers a user was last
-- shown are kept here so that "2" still means the same thing after a restart.
CREATE TABLE text_menus (
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    actions TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (channel, external_id)
);
