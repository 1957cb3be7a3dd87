-- The knowledge base edited in the bot (issue 12). data/knowledge.toml is the seed; the database is the live
-- store: every change is a version with who and when, a revision counter tells every process to reload,
-- unanswered questions (masked, never with who asked) and citizens' feedback on answers are kept.

ALTER TABLE kb_entries ADD COLUMN origin TEXT NOT NULL DEFAULT 'seed';   -- 'seed' (data/knowledge.toml) | 'bot'
ALTER TABLE kb_entries ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;    -- 1: hidden from search and menus
ALTER TABLE kb_entries ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;     -- 1: differs from the seed_hash version
ALTER TABLE kb_entries ADD COLUMN seed_hash TEXT NOT NULL DEFAULT '';    -- the shipped version last taken or acknowledged
ALTER TABLE kb_entries ADD COLUMN seed_pending TEXT;                     -- JSON of a shipped version in conflict
ALTER TABLE kb_entries ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;        -- the revision that last changed it
CREATE INDEX kb_entries_rev ON kb_entries (rev);

-- key/value: 'revision' (bumped by every change of the content), 'full' (the revision of the last load from
-- data/: every process reads all cards again), 'gap_digest_week'
CREATE TABLE kb_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
INSERT INTO kb_meta (key, value) VALUES ('revision', '0');

CREATE TABLE kb_versions (
    id        INTEGER PRIMARY KEY,
    entry_id  TEXT    NOT NULL,
    action    TEXT    NOT NULL,   -- seed | create | edit | keyword | retire | restore | rollback | import | removed
    actor_id  INTEGER,            -- NULL: the shipped file at start
    at        TEXT    NOT NULL,
    snapshot  TEXT    NOT NULL    -- JSON: topic, title, answer, keywords, related, retired
);
CREATE INDEX kb_versions_entry ON kb_versions (entry_id, id);

-- Every staff action on the content: who, what, when.
CREATE TABLE kb_audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    actor_id  INTEGER NOT NULL,
    action    TEXT    NOT NULL,
    entry_id  TEXT,
    details   TEXT
);
CREATE INDEX kb_audit_at ON kb_audit (at);

-- Questions the bot could not answer, and answers marked unhelpful: masked text, never who asked.
CREATE TABLE kb_gaps (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    language  TEXT    NOT NULL,
    kind      TEXT    NOT NULL,   -- 'not_found' | 'unhelpful'
    norm      TEXT    NOT NULL,   -- normalised form, for grouping
    text      TEXT    NOT NULL,   -- the question, personal numbers and addresses masked
    entry_id  TEXT,               -- the card marked unhelpful
    resolved  TEXT                -- the card staff answered it with
);
CREATE INDEX kb_gaps_at ON kb_gaps (at);
CREATE INDEX kb_gaps_norm ON kb_gaps (norm, at);

-- 👍/👎 under answers: one per citizen and answer message; user_id is cleared by /forget (counts stay).
CREATE TABLE kb_feedback (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER,
    message_id INTEGER NOT NULL,
    entry_id   TEXT    NOT NULL,
    language   TEXT    NOT NULL,
    helpful    INTEGER NOT NULL,
    at         TEXT    NOT NULL,
    comment    TEXT
);
CREATE UNIQUE INDEX kb_feedback_once ON kb_feedback (user_id, message_id) WHERE user_id IS NOT NULL;
CREATE INDEX kb_feedback_entry ON kb_feedback (entry_id);
