-- Placeholder: number 0003 belongs to the receptions branch (feat/receptions). Migrations must be numbered
-- 1..N without gaps, so this empty file lets the appeals branch (0004) run on its own. DELETE THIS FILE when
-- merging: the real 0003 replaces it (two files numbered 0003 stop the bot at start with a clear error).
SELECT 1;
