-- The bot's messages in a citizen's chat that belong to an appeal (the receipt, staff answers, status notices,
-- confirmations): a citizen who answers one of them with Telegram's Reply is adding to that appeal, and the
-- message goes to the appeal's thread in the staff chat. No text here: chat, message, appeal. Erased with the
-- appeal's personal data (/forget, retention).
CREATE TABLE appeal_citizen_messages (
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    appeal_id   INTEGER NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX appeal_citizen_messages_appeal ON appeal_citizen_messages (appeal_id);

-- A rejection reason chosen from the list staff are offered (a code, shown to each reader in their own
-- language); NULL when staff wrote the reason themselves (appeals.status_note / appeal_events.note).
ALTER TABLE appeals ADD COLUMN status_reason TEXT;
ALTER TABLE appeal_events ADD COLUMN reason TEXT;
