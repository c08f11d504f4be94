-- Campaign knowledge: imported plans, the campaigns they launch, their outline and deadlines.
-- Ids are AUTOINCREMENT so that a re-imported plan's new rows never take the ids of the old
-- ones (buttons and reminders may still carry those).

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    source_name TEXT NOT NULL UNIQUE,           -- the file name, e.g. 003_4969b40fad21c702.txt
    source_path TEXT,                           -- where it was imported from (to send it back)
    content_sha256 TEXT NOT NULL,               -- of the file and its overrides file
    doc_type TEXT NOT NULL DEFAULT '',          -- "Kế hoạch"
    title TEXT NOT NULL,
    issuer TEXT,
    number TEXT,                                -- "02/KH-PGDĐT"
    issued_date TEXT,                           -- ISO, as precise as known: 2024-01-02, 2022-03
    place TEXT,
    signer TEXT,                                -- the name, or the title alone ("GIÁM ĐỐC")
    signer_title TEXT,
    period_label TEXT,
    period_start TEXT,
    period_end TEXT,
    awards TEXT NOT NULL DEFAULT '[]',          -- JSON list of award forms
    dossier TEXT NOT NULL DEFAULT '[]',         -- JSON list of dossier items
    imported_at TEXT,
    text TEXT NOT NULL
);

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'related' CHECK (role IN ('main', 'related')),
    period_label TEXT,
    period_start TEXT,                          -- ISO dates
    period_end TEXT,
    section_number TEXT NOT NULL DEFAULT ''
);
CREATE INDEX campaigns_plan ON campaigns(plan_id);

CREATE TABLE sections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    number TEXT NOT NULL DEFAULT '',            -- "II.5.1"; '' for the preamble and Nơi nhận
    heading TEXT NOT NULL DEFAULT '',
    heading_path TEXT NOT NULL DEFAULT '',
    level INTEGER NOT NULL DEFAULT 0,
    body TEXT NOT NULL DEFAULT '',
    UNIQUE (plan_id, ordinal)
);

-- Dated deadlines extracted from plans, and admin-made ones (plan_id NULL), dated or yearly.
-- precision: 'day' (on that day), 'before', 'by' (up to and including), 'month' (within that
-- month; due_date is its last day), 'from' (starts that month; due_date is its first day),
-- 'year' (within that year; due_date is 31/12).
CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER REFERENCES plans(id) ON DELETE CASCADE,
    campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
    key TEXT UNIQUE,                            -- a stable name for admin-made/default ones
    kind TEXT NOT NULL CHECK (kind IN ('date', 'yearly')),
    due_date TEXT,                              -- YYYY-MM-DD, for 'date'
    month INTEGER,                              -- for 'yearly'
    day INTEGER,
    precision TEXT NOT NULL DEFAULT 'day',
    what TEXT NOT NULL,
    what_en TEXT,
    who TEXT,
    to_whom TEXT,
    report_type TEXT,                           -- 'interim', 'final', 'award_dossier'
    audience TEXT NOT NULL DEFAULT 'leaders',   -- 'leaders', 'staff', 'all', 'admins'
    section_number TEXT,
    raw TEXT,
    recurs_yearly INTEGER NOT NULL DEFAULT 0,   -- the plan calls it periodic / year-end
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT,
    CHECK ((kind = 'date' AND due_date IS NOT NULL)
        OR (kind = 'yearly' AND month BETWEEN 1 AND 12 AND day BETWEEN 1 AND 31))
);
CREATE INDEX deadlines_due ON deadlines(active, due_date);
CREATE INDEX deadlines_plan ON deadlines(plan_id);
