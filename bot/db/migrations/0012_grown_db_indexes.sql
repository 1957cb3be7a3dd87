-- Lookups that read whole tables once the database holds years of use (bench/grown_db.py: 100,000 citizens,
-- 1,000,000 appeals, 200,000 bookings): the EXPLAIN QUERY PLAN of each query the bot runs showed these scans.

-- An appeal's thread counts each message's files (appeal_attachments f WHERE f.message_id = m.id): a scan of
-- every attachment per message shown.
CREATE INDEX appeal_attachments_message ON appeal_attachments (message_id) WHERE message_id IS NOT NULL;

-- /forget unlinks the citizen's reminders (rc_outbox WHERE user_id = ?).
CREATE INDEX rc_outbox_user ON rc_outbox (user_id) WHERE user_id IS NOT NULL;

-- Retention reaches bookings and reminders by their session (session_id IN (sessions before the moment)); only
-- rows not yet anonymised are wanted, so the index holds only those and stays small.
CREATE INDEX rc_bookings_not_anonymised ON rc_bookings (session_id) WHERE anonymised_at IS NULL;
CREATE INDEX rc_outbox_session ON rc_outbox (session_id);

-- A booking's insert checks the waitlist rows that point at it (rc_waitlist.booking_id REFERENCES rc_bookings).
CREATE INDEX rc_waitlist_booking ON rc_waitlist (booking_id);

-- Retention looks for appeals closed before a moment and not yet anonymised: without this, every pass reads all
-- appeals ever filed.
CREATE INDEX appeals_closed_not_anonymised ON appeals (closed_at) WHERE anonymised_at IS NULL;
