-- News subscriptions and staff broadcasts (bot/services/subscriptions.py, bot/services/broadcast.py).

-- One row per subscribed citizen. The language is not copied here: a broadcast uses the language the citizen
-- reads the bot in at the moment it starts. Unsubscribing deletes the row.
CREATE TABLE subscriptions (
    user_id         INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    district        TEXT,                        -- a [[district]] id of data/venues.toml; NULL = the whole region
    status          TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    inactive_reason TEXT    CHECK (inactive_reason IN ('blocked', 'not_found')),  -- why Telegram refused
    subscribed_at   TEXT    NOT NULL,            -- UTC, ISO 8601
    changed_at      TEXT    NOT NULL
);

CREATE INDEX subscriptions_status ON subscriptions (status, district);

-- A broadcast: the texts in both languages (Telegram HTML), an optional photo or document, the audience, and
-- figures kept up to date as each delivery ends (so that they survive the deletion of a citizen's rows).
CREATE TABLE broadcasts (
    id                  INTEGER PRIMARY KEY,
    draft_key           TEXT    NOT NULL UNIQUE, -- the dialogue's draft id: a double tap on "send" creates one
    created_by          INTEGER NOT NULL,        -- staff member's Telegram id; progress and report go to them
    created_at          TEXT    NOT NULL,
    text_kk             TEXT    NOT NULL,
    text_ru             TEXT    NOT NULL,
    media_type          TEXT    CHECK (media_type IN ('photo', 'document')),
    media_file_id       TEXT,
    audience_kind       TEXT    NOT NULL CHECK (audience_kind IN ('all', 'language', 'district')),
    audience_value      TEXT,                    -- 'kk' / 'ru' for language, a district id for district
    status              TEXT    NOT NULL CHECK (status IN ('scheduled', 'queued', 'sending', 'done', 'cancelled')),
    scheduled_at        TEXT    NOT NULL,        -- UTC; the moment it may start (the confirmation time if "now")
    started_at          TEXT,
    finished_at         TEXT,
    cancelled_by        INTEGER,
    total               INTEGER NOT NULL DEFAULT 0,
    sent                INTEGER NOT NULL DEFAULT 0,
    failed              INTEGER NOT NULL DEFAULT 0,  -- including blocked
    blocked             INTEGER NOT NULL DEFAULT 0,  -- 403 / chat not found: the subscriber was made inactive
    progress_message_id INTEGER                  -- the creator's progress message, edited while sending
);

CREATE INDEX broadcasts_due ON broadcasts (status, scheduled_at);

-- Each recipient's delivery, written as it happens: pending -> sending (just before the request) -> sent or
-- failed. A row left in 'sending' by a crash is sent again on restart (at-least-once; see README).
CREATE TABLE deliveries (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    language     TEXT    NOT NULL CHECK (language IN ('kk', 'ru')),
    state        TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    error        TEXT,                           -- a short error class, never a personal detail
    updated_at   TEXT,
    PRIMARY KEY (broadcast_id, user_id)
) WITHOUT ROWID;

CREATE INDEX deliveries_state ON deliveries (broadcast_id, state, user_id);
CREATE INDEX deliveries_user ON deliveries (user_id);
