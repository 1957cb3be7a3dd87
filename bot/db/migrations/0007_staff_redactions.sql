-- /forget also reaches the messages already posted in staff chats about the citizen's appeals (the card with
-- name and phone, the text, files, follow-ups): the erasure queues them here, in its own transaction, and the
-- bot edits each to a redacted version (or deletes a file) once the erasure is committed, retrying later when
-- Telegram refuses for now. No personal data and no citizen id in these rows: staff chat, message, appeal.

-- How a staff-chat message can be changed: 'text' (editMessageText) or 'media' (a photo or document: deleted,
-- or else its caption edited). Rows older than this migration are 'text'.
ALTER TABLE appeal_staff_messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'media'));

-- Why the appeal's personal data was erased, for what its card says: 'citizen' (/forget) or 'retention';
-- NULL for appeals anonymised before this migration.
ALTER TABLE appeals ADD COLUMN erased_by TEXT CHECK (erased_by IN ('citizen', 'retention'));

-- Staff-chat messages still to be redacted: a row goes once its message is redacted, or when Telegram refuses
-- for good (the message is too old to change, or gone), or after the last attempt.
CREATE TABLE appeal_redactions (
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    appeal_id   INTEGER NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    attempts    INTEGER NOT NULL DEFAULT 0,
    due_at      TEXT    NOT NULL,                    -- UTC; the next attempt is not made before this moment
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX appeal_redactions_due ON appeal_redactions (due_at);
