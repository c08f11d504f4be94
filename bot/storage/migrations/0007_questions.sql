-- The last question each user asked, so "more results" still works after a restart.
CREATE TABLE last_questions (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    page INTEGER NOT NULL DEFAULT 0,
    asked_at TEXT NOT NULL
);
