-- The report form is a flow like the others: while a draft is being filled in or reviewed, its
-- author's conversation points at it, and the dispatcher routes their text and files by that.
INSERT OR IGNORE INTO conversations (user_id, flow, state, data, updated_at)
SELECT user_id, 'report', state, json_object('draft', id), updated_at FROM drafts
WHERE state IN ('filling', 'review');
