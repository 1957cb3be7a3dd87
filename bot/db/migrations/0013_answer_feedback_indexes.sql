-- /stats shows answer helpfulness over the last 30 days and the cards rated worst over all votes: with years of
-- votes (bench/grown_db.py: 300,000) both read the whole table. These indexes hold every column the two queries
-- read, so each is answered from its index alone: the recent votes by time, all votes in card order.
CREATE INDEX kb_feedback_at ON kb_feedback (at, entry_id, language, helpful);
DROP INDEX kb_feedback_entry;
CREATE INDEX kb_feedback_entry ON kb_feedback (entry_id, helpful);
-- the planner learns the new indexes' shape now, not after a manual ANALYZE (one table: well under a second)
ANALYZE kb_feedback;
