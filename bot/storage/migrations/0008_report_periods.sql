-- The period a draft counts for ('2026'), chosen when the form starts (or, for a revision, the
-- period of the version it revises), so the submission keeps it whatever day it is sent.
ALTER TABLE drafts ADD COLUMN period TEXT;
