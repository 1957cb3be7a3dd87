-- Citizens and staff as Telegram users, their language, and aiogram's FSM state (kept in SQLite so that a
-- half-filled form survives a restart or a crash).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,          -- Telegram user id
    language      TEXT    NOT NULL DEFAULT 'kk' CHECK (language IN ('kk', 'ru')),
    language_set  INTEGER NOT NULL DEFAULT 0,   -- 1 once the citizen chose it explicitly
    first_name    TEXT,
    username      TEXT,
    created_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    last_seen_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE fsm_state (
    key        TEXT PRIMARY KEY,                -- bot:chat:user[:thread][:destiny]
    state      TEXT,
    data       TEXT NOT NULL DEFAULT '{}',      -- JSON
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Updates already handled, so that an update delivered twice (after a restart) is handled once.
CREATE TABLE processed_updates (
    update_id  INTEGER PRIMARY KEY,
    handled_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE staff_roles (
    user_id    INTEGER NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('admin', 'operator', 'lawyer')),
    granted_by INTEGER,
    granted_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (user_id, role)
);

-- Consent to the processing of personal data, per citizen and per version of the privacy notice.
CREATE TABLE consents (
    user_id    INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    given_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (user_id, version)
);
