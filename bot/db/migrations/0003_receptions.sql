-- "Құқықтық көмек" legal-help receptions: venues and districts (loaded from data/venues.toml by stable id),
-- reception sessions, bookings, the waitlist, and an outbox of messages the bot owes citizens (reminders,
-- waitlist offers, cancellation notices). Times are UTC, 'YYYY-MM-DDTHH:MM:SSZ' (they sort as text).

CREATE TABLE rc_districts (
    id        TEXT    PRIMARY KEY,
    ord       INTEGER NOT NULL DEFAULT 0,
    name_kk   TEXT    NOT NULL,
    name_ru   TEXT    NOT NULL,
    keywords  TEXT    NOT NULL DEFAULT '[]'      -- JSON array: kk and ru forms for free-text recognition
);

CREATE TABLE rc_venues (
    id          TEXT    PRIMARY KEY,
    district    TEXT    NOT NULL,
    ord         INTEGER NOT NULL DEFAULT 0,
    name_kk     TEXT    NOT NULL,
    name_ru     TEXT    NOT NULL,
    address_kk  TEXT    NOT NULL,
    address_ru  TEXT    NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1       -- 0: gone from venues.toml but still referenced by sessions
);

CREATE TABLE rc_sessions (
    id            INTEGER PRIMARY KEY,
    venue_id      TEXT    NOT NULL REFERENCES rc_venues (id),
    starts_at     TEXT    NOT NULL,
    ends_at       TEXT    NOT NULL,
    specialist    TEXT,
    topic         TEXT    NOT NULL CHECK (topic IN ('housing', 'land', 'family', 'labour', 'pensions', 'debts',
                                                    'other')),
    slot_minutes  INTEGER CHECK (slot_minutes IS NULL OR slot_minutes > 0), -- NULL: a number of places
    capacity      INTEGER NOT NULL CHECK (capacity > 0),                    -- places, or the number of slots
    status        TEXT    NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    source        TEXT    NOT NULL DEFAULT 'staff' CHECK (source IN ('staff', 'csv', 'demo')),
    created_by    INTEGER,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    cancelled_at  TEXT,
    CHECK (ends_at > starts_at)
);

CREATE INDEX rc_sessions_upcoming ON rc_sessions (status, starts_at);

-- Every booking that is not cancelled holds one place number ("slot") in [0, capacity): the time slot of a
-- session with timed slots, an interchangeable place number otherwise. The unique index on (session, slot)
-- and the triggers below make overbooking impossible even for code that forgets to count.
CREATE TABLE rc_bookings (
    id             INTEGER PRIMARY KEY,
    code           TEXT    NOT NULL UNIQUE,
    session_id     INTEGER NOT NULL REFERENCES rc_sessions (id),
    slot           INTEGER NOT NULL,
    user_id        INTEGER,                      -- NULL once anonymised
    name           TEXT,
    phone          TEXT,                         -- +7XXXXXXXXXX
    question       TEXT,
    language       TEXT    NOT NULL DEFAULT 'kk' CHECK (language IN ('kk', 'ru')),
    status         TEXT    NOT NULL DEFAULT 'booked'
                           CHECK (status IN ('booked', 'cancelled', 'attended', 'no_show')),
    cancelled_by   TEXT    CHECK (cancelled_by IS NULL OR cancelled_by IN ('citizen', 'staff', 'erasure')),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    anonymised_at  TEXT
);

CREATE UNIQUE INDEX rc_bookings_one_per_citizen ON rc_bookings (session_id, user_id) WHERE status != 'cancelled';
CREATE UNIQUE INDEX rc_bookings_one_per_slot ON rc_bookings (session_id, slot) WHERE status != 'cancelled';
CREATE INDEX rc_bookings_user ON rc_bookings (user_id, status);

CREATE TRIGGER rc_bookings_slot_in_capacity BEFORE INSERT ON rc_bookings
WHEN NEW.status != 'cancelled'
 AND (NEW.slot < 0 OR NEW.slot >= (SELECT capacity FROM rc_sessions WHERE id = NEW.session_id))
BEGIN
    SELECT RAISE(ABORT, 'rc_bookings: slot outside the session capacity');
END;

CREATE TRIGGER rc_bookings_slot_in_capacity_upd BEFORE UPDATE OF slot, status ON rc_bookings
WHEN NEW.status != 'cancelled'
 AND (NEW.slot < 0 OR NEW.slot >= (SELECT capacity FROM rc_sessions WHERE id = NEW.session_id))
BEGIN
    SELECT RAISE(ABORT, 'rc_bookings: slot outside the session capacity');
END;

CREATE TRIGGER rc_sessions_capacity_kept BEFORE UPDATE OF capacity ON rc_sessions
WHEN EXISTS (SELECT 1 FROM rc_bookings WHERE session_id = NEW.id AND status != 'cancelled' AND slot >= NEW.capacity)
BEGIN
    SELECT RAISE(ABORT, 'rc_sessions: capacity below the places already booked');
END;

-- The waitlist of a full session, first come first served. An offer holds one place number until
-- offer_expires_at; then the place passes to the next citizen.
CREATE TABLE rc_waitlist (
    id                INTEGER PRIMARY KEY,
    session_id        INTEGER NOT NULL REFERENCES rc_sessions (id),
    user_id           INTEGER,                   -- NULL once anonymised
    name              TEXT,
    phone             TEXT,
    question          TEXT,
    language          TEXT    NOT NULL DEFAULT 'kk' CHECK (language IN ('kk', 'ru')),
    status            TEXT    NOT NULL DEFAULT 'waiting'
                              CHECK (status IN ('waiting', 'offered', 'booked', 'expired', 'declined', 'left',
                                                'closed')),
    offered_slot      INTEGER,
    offer_expires_at  TEXT,
    booking_id        INTEGER REFERENCES rc_bookings (id),
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    anonymised_at     TEXT
);

CREATE UNIQUE INDEX rc_waitlist_one_per_citizen ON rc_waitlist (session_id, user_id)
    WHERE status IN ('waiting', 'offered');
CREATE INDEX rc_waitlist_queue ON rc_waitlist (session_id, status, id);

-- Messages the bot owes citizens, sent by a background job exactly once: a row is claimed (claimed_at,
-- claim_token) before it is sent and marked (sent_at, outcome) after. outcome: sent | skipped (too late to
-- be useful) | cancelled (no longer true) | failed (the chat is gone) | unknown (the process died between
-- the claim and the answer from Telegram: never re-sent).
CREATE TABLE rc_outbox (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL CHECK (kind IN ('remind_evening', 'remind_2h', 'waitlist_offer',
                                                  'waitlist_expired', 'session_cancelled', 'session_moved')),
    user_id      INTEGER,
    session_id   INTEGER NOT NULL REFERENCES rc_sessions (id),
    booking_id   INTEGER REFERENCES rc_bookings (id),
    waitlist_id  INTEGER REFERENCES rc_waitlist (id),
    due_at       TEXT    NOT NULL,
    stale_at     TEXT,                           -- not sent at or after this moment
    claimed_at   TEXT,
    claim_token  TEXT,
    sent_at      TEXT,
    outcome      TEXT    CHECK (outcome IS NULL OR outcome IN ('sent', 'skipped', 'cancelled', 'failed',
                                                               'unknown')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT    NOT NULL
);

CREATE UNIQUE INDEX rc_outbox_once ON rc_outbox (kind, booking_id, due_at) WHERE booking_id IS NOT NULL;
CREATE INDEX rc_outbox_pending ON rc_outbox (due_at) WHERE outcome IS NULL;
CREATE INDEX rc_outbox_booking ON rc_outbox (booking_id);

-- Switches: 'paused' = '1' stops new bookings.
CREATE TABLE rc_state (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_by  INTEGER,
    updated_at  TEXT NOT NULL
);
