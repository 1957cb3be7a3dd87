-- Placeholder: number 0004 belongs to a migration of another branch (developed in parallel). Migrations must
-- be numbered without gaps, so this empty file keeps 0005 applicable on its own. Delete it when the real 0004
-- is merged (the loader refuses two files with the same number, so the merge cannot go unnoticed).
SELECT 1;
