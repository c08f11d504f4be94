-- The report form is a flow like the others: while a draft is being filled in or reviewed, its
-- author's conversation points at it, and the dispatcher routes their text and files by that.
-- (Portable SQL: it runs on SQLite and on PostgreSQL alike.)
INSERT INTO conversations (user_id, flow, state, data, updated_at)
SELECT user_id, 'report', state, '{"draft": ' || id || '}', updated_at FROM drafts
WHERE state IN ('filling', 'review')
ON CONFLICT DO NOTHING;
