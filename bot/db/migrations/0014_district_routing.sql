-- District routing of appeals (issue 15): where each district's appeals go, which district an operator serves,
-- and where a citizen's location pin points.

-- A district's destination: a chat, and in a forum supergroup the topic (message_thread_id; NULL = the chat
-- itself / its General topic). Set by an admin in the bot (/route) or created by the bot on first use
-- (DISTRICT_FORUM_CHAT_ID: one topic per district).
CREATE TABLE district_routes (
    district    TEXT    PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    thread_id   INTEGER,
    updated_at  TEXT    NOT NULL
);

-- Operators granted a district see and act on only its appeals; an operator with no row sees all.
CREATE TABLE district_staff (
    user_id     INTEGER NOT NULL,
    district    TEXT    NOT NULL,
    PRIMARY KEY (user_id, district)
);

-- The thread a staff message of an appeal lives in (cards and posts in a forum topic).
ALTER TABLE appeal_staff_messages ADD COLUMN thread_id INTEGER;

-- A Telegram location pin the citizen attached to the appeal.
ALTER TABLE appeals ADD COLUMN latitude REAL;
ALTER TABLE appeals ADD COLUMN longitude REAL;
