-- Public-reception appeals: the appeal, its attachments, its thread of messages, its history, the staff-chat
-- messages that belong to it, per-year ticket counters, blocked citizens, the staff audit log and the digest's
-- "already sent today" mark. Times are UTC ISO strings; due_date is a local (Asia/Qyzylorda) calendar date.
CREATE TABLE appeals (
    id              INTEGER PRIMARY KEY,
    ticket          TEXT    NOT NULL UNIQUE,             -- "A-2025-00042"
    submission_key  TEXT    NOT NULL UNIQUE,             -- makes the submit idempotent (double tap, re-delivery)
    user_id         INTEGER,                             -- NULL once the citizen asked to be forgotten
    language        TEXT    NOT NULL DEFAULT 'kk' CHECK (language IN ('kk', 'ru')),
    category        TEXT    NOT NULL,
    district        TEXT    NOT NULL,
    text            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    phone           TEXT    NOT NULL,
    address         TEXT,
    source          TEXT    NOT NULL DEFAULT 'form' CHECK (source IN ('form', 'question')),
    status          TEXT    NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new', 'in_progress', 'answered', 'forwarded', 'rejected')),
    status_note     TEXT,                                -- rejection reason / the state body it went to
    assignee_id     INTEGER,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    due_date        TEXT    NOT NULL,                    -- YYYY-MM-DD, local
    closed_at       TEXT,
    posted_at       TEXT,                                -- when the card reached the staff chat
    rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
    rating_comment  TEXT,
    rated_at        TEXT,
    anonymised_at   TEXT
);
CREATE INDEX appeals_user ON appeals (user_id, created_at);
CREATE INDEX appeals_status ON appeals (status, due_date);
CREATE INDEX appeals_created ON appeals (created_at);

CREATE TABLE appeal_attachments (
    id              INTEGER PRIMARY KEY,
    appeal_id       INTEGER NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    message_id      INTEGER REFERENCES appeal_messages (id) ON DELETE CASCADE,  -- NULL: sent with the form
    kind            TEXT    NOT NULL CHECK (kind IN ('photo', 'document')),
    file_id         TEXT    NOT NULL,
    position        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX appeal_attachments_appeal ON appeal_attachments (appeal_id, position);

-- The thread: citizen follow-ups and staff replies (the first text is appeals.text).
CREATE TABLE appeal_messages (
    id              INTEGER PRIMARY KEY,
    appeal_id       INTEGER NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    author          TEXT    NOT NULL CHECK (author IN ('citizen', 'staff')),
    author_id       INTEGER,
    text            TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL
);
CREATE INDEX appeal_messages_appeal ON appeal_messages (appeal_id, id);

-- What the citizen sees as the history: submitted, taken, status changes, rating.
CREATE TABLE appeal_events (
    id              INTEGER PRIMARY KEY,
    appeal_id       INTEGER NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,                    -- submitted | taken | status | rated
    status          TEXT,
    note            TEXT,
    actor_id        INTEGER,
    at              TEXT    NOT NULL
);
CREATE INDEX appeal_events_appeal ON appeal_events (appeal_id, id);

-- Messages in staff chats that belong to an appeal (the card, follow-ups, reply prompts): a staff member's
-- reply to any of them is a reply to the appeal. purpose: card | post | reply | reject | forward.
CREATE TABLE appeal_staff_messages (
    chat_id         INTEGER NOT NULL,
    message_id      INTEGER NOT NULL,
    appeal_id       INTEGER NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    purpose         TEXT    NOT NULL DEFAULT 'post',
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX appeal_staff_messages_appeal ON appeal_staff_messages (appeal_id, purpose);

CREATE TABLE appeal_counters (
    year            INTEGER PRIMARY KEY,
    last            INTEGER NOT NULL
);

CREATE TABLE appeal_blocks (
    user_id         INTEGER PRIMARY KEY,
    blocked_by      INTEGER NOT NULL,
    reason          TEXT,
    blocked_at      TEXT    NOT NULL
);

-- Every staff action on appeals: who, what, when (never the citizen's texts).
CREATE TABLE appeal_audit (
    id              INTEGER PRIMARY KEY,
    at              TEXT    NOT NULL,
    actor_id        INTEGER NOT NULL,
    action          TEXT    NOT NULL,
    appeal_id       INTEGER REFERENCES appeals (id) ON DELETE SET NULL,
    target_user_id  INTEGER,
    details         TEXT
);
CREATE INDEX appeal_audit_at ON appeal_audit (at);

-- The daily digest: one row per local date it was sent on, so that a restart never sends it twice.
CREATE TABLE appeal_digests (
    local_date      TEXT    PRIMARY KEY,
    sent_at         TEXT    NOT NULL
);
