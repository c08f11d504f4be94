-- Answers the office saved (its FAQ); later questions that match one are answered from it,
-- before the documents are searched. Retired answers are kept (active = 0) for the record.
CREATE TABLE office_answers (
    id INTEGER PRIMARY KEY,
    question TEXT NOT NULL,                         -- as shown: the question it answers
    patterns TEXT NOT NULL DEFAULT '[]',            -- JSON: the questions it was made from
    answer TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The office answers what the documents do not. A question nobody could answer stays 'open'
-- until an admin answers it (everyone who asked is told) or dismisses it.
ALTER TABLE unanswered_questions ADD COLUMN status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'answered', 'dismissed'));
ALTER TABLE unanswered_questions ADD COLUMN handled_at TEXT;
ALTER TABLE unanswered_questions ADD COLUMN handled_by INTEGER REFERENCES users(id)
    ON DELETE SET NULL;
ALTER TABLE unanswered_questions ADD COLUMN answer_id INTEGER REFERENCES office_answers(id)
    ON DELETE SET NULL;
CREATE INDEX unanswered_open ON unanswered_questions(status, id);
