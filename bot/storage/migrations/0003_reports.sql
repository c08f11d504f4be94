-- Reports sent through conversation flows: drafts being filled, submissions, their files.

-- A form being filled. Saved at every step, so a restart resumes where the user was.
CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL REFERENCES units(id),
    report_type TEXT NOT NULL,                      -- data/report_types/<id>.toml
    state TEXT NOT NULL DEFAULT 'filling'
        CHECK (state IN ('filling', 'review', 'paused', 'submitted', 'discarded')),
    field_key TEXT,                                 -- the field being asked; NULL at the summary
    editing INTEGER NOT NULL DEFAULT 0,             -- 1: back to the summary after this field
    answers TEXT NOT NULL DEFAULT '{}',             -- JSON {field key: value}
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- At most one unfinished draft per user.
CREATE UNIQUE INDEX drafts_open ON drafts(user_id)
    WHERE state IN ('filling', 'review', 'paused');

CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    receipt TEXT NOT NULL UNIQUE,                   -- e.g. BC-2027-000123
    report_type TEXT NOT NULL,
    period TEXT NOT NULL,                           -- e.g. '2027'
    scope_key TEXT NOT NULL,                        -- 'unit:<id>', 'user:<id>' or 'entry:<draft>'
    version INTEGER NOT NULL,                       -- 1, 2, … per (report_type, period, scope_key)
    unit_id TEXT NOT NULL REFERENCES units(id),
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,   -- who submitted
    submitter_name TEXT NOT NULL DEFAULT '',        -- their name at the time
    submitter_role TEXT NOT NULL DEFAULT 'staff',
    answers TEXT NOT NULL,                          -- JSON {field key: value}
    submitted_at TEXT NOT NULL,                     -- ISO 8601 with offset
    due_date TEXT,                                  -- ISO date, NULL when no deadline
    on_time INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'submitted'
        CHECK (status IN ('submitted', 'returned', 'accepted')),
    review_comment TEXT,
    reviewed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    reviewed_at TEXT,
    draft_id INTEGER UNIQUE REFERENCES drafts(id) ON DELETE SET NULL,  -- one draft, one submission
    UNIQUE (report_type, period, scope_key, version)
);
CREATE INDEX submissions_unit ON submissions(unit_id, report_type, period);
CREATE INDEX submissions_user ON submissions(user_id);

CREATE TABLE submission_files (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    field_key TEXT NOT NULL,
    seq INTEGER NOT NULL DEFAULT 1,                 -- order within a many-file field
    channel TEXT NOT NULL,                          -- where it came from: 'telegram', …
    file_id TEXT NOT NULL,                          -- the channel's handle
    unique_id TEXT,
    kind TEXT NOT NULL,                             -- 'document' or 'photo'
    name TEXT NOT NULL,
    mime_type TEXT,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL                              -- relative to the file store's root
);
CREATE INDEX submission_files_submission ON submission_files(submission_id);
