-- /mydata and /forget find a citizen's rows by their Telegram id; some of those lookups read whole tables, which
-- grow with every citizen: the half-filled forms (aiogram's FSM keys, "fsm:<chat>[:<thread>]:<user>:<destiny>",
-- were matched with LIKE '%:<id>:%'), the legal-help waitlist, and (/forget, retention) the appeals' audit log.

-- The user id of an FSM key as a column of its own: written by the storage (bot/db/fsm.py) from now on, and
-- taken from the keys already here. A key of another shape keeps NULL (still found, by its key, in the few
-- NULL rows).
ALTER TABLE fsm_state ADD COLUMN user_id INTEGER;
UPDATE fsm_state SET user_id = CAST(parsed.user AS INTEGER)
FROM (
    SELECT key AS k,
           CASE colons
               WHEN 3 THEN substr(rest, 1, instr(rest, ':') - 1)
               WHEN 4 THEN substr(substr(rest, instr(rest, ':') + 1), 1,
                                  instr(substr(rest, instr(rest, ':') + 1), ':') - 1)
           END AS user
    FROM (
        SELECT key, length(key) - length(replace(key, ':', '')) AS colons,
               substr(substr(key, instr(key, ':') + 1), instr(substr(key, instr(key, ':') + 1), ':') + 1) AS rest
        FROM fsm_state
    )
) AS parsed
WHERE fsm_state.key = parsed.k AND parsed.user != '' AND parsed.user NOT GLOB '*[^0-9]*';
CREATE INDEX fsm_state_user ON fsm_state (user_id);

CREATE INDEX rc_waitlist_user ON rc_waitlist (user_id);

CREATE INDEX appeal_audit_appeal ON appeal_audit (appeal_id);
CREATE INDEX appeal_audit_target ON appeal_audit (target_user_id) WHERE target_user_id IS NOT NULL;
