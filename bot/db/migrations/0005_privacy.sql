-- What the privacy features did, as anonymous counts only (no user ids): how many citizens exported or erased
-- their data, and how many records retention anonymised in which feature.
CREATE TABLE privacy_log (
    id       INTEGER PRIMARY KEY,
    action   TEXT    NOT NULL CHECK (action IN ('export', 'forget', 'retention')),
    provider TEXT,                               -- retention: the feature whose records were anonymised
    items    INTEGER NOT NULL DEFAULT 0,
    at       TEXT    NOT NULL
);
CREATE INDEX privacy_log_at ON privacy_log (at);

-- Retention scans these by age.
CREATE INDEX users_last_seen_at ON users (last_seen_at);
CREATE INDEX fsm_state_updated_at ON fsm_state (updated_at);
