-- /stats counts appeals and bookings by status and all citizens. After years of use (bench/grown_db.py: a million
-- appeals) counting them on every /stats read a whole index (~100 ms warm, ~500 ms from a cold cache), growing
-- with the tables. These counters are kept by triggers in the same transaction as every insert, status change
-- and deletion, so /stats reads a few rows whatever the size (test_status_counters_follow_every_change in
-- tests/unit/test_appeals_service.py checks them against COUNT(*) after each kind of change). "users" is counted
-- under the status ''.
CREATE TABLE status_counts (
    tbl    TEXT    NOT NULL,
    status TEXT    NOT NULL,
    n      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tbl, status)
) WITHOUT ROWID;

INSERT INTO status_counts (tbl, status, n) SELECT 'users', '', count(*) FROM users;

CREATE TRIGGER users_count_insert AFTER INSERT ON users BEGIN
    UPDATE status_counts SET n = n + 1 WHERE tbl = 'users' AND status = '';
END;

CREATE TRIGGER users_count_delete AFTER DELETE ON users BEGIN
    UPDATE status_counts SET n = n - 1 WHERE tbl = 'users' AND status = '';
END;

INSERT INTO status_counts (tbl, status, n) SELECT 'appeals', status, count(*) FROM appeals GROUP BY status;

CREATE TRIGGER appeals_count_insert AFTER INSERT ON appeals BEGIN
    INSERT INTO status_counts (tbl, status, n) VALUES ('appeals', NEW.status, 1)
        ON CONFLICT (tbl, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER appeals_count_delete AFTER DELETE ON appeals BEGIN
    UPDATE status_counts SET n = n - 1 WHERE tbl = 'appeals' AND status = OLD.status;
END;

CREATE TRIGGER appeals_count_status AFTER UPDATE OF status ON appeals WHEN OLD.status IS NOT NEW.status BEGIN
    UPDATE status_counts SET n = n - 1 WHERE tbl = 'appeals' AND status = OLD.status;
    INSERT INTO status_counts (tbl, status, n) VALUES ('appeals', NEW.status, 1)
        ON CONFLICT (tbl, status) DO UPDATE SET n = n + 1;
END;

INSERT INTO status_counts (tbl, status, n) SELECT 'rc_bookings', status, count(*) FROM rc_bookings GROUP BY status;

CREATE TRIGGER rc_bookings_count_insert AFTER INSERT ON rc_bookings BEGIN
    INSERT INTO status_counts (tbl, status, n) VALUES ('rc_bookings', NEW.status, 1)
        ON CONFLICT (tbl, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER rc_bookings_count_delete AFTER DELETE ON rc_bookings BEGIN
    UPDATE status_counts SET n = n - 1 WHERE tbl = 'rc_bookings' AND status = OLD.status;
END;

CREATE TRIGGER rc_bookings_count_status AFTER UPDATE OF status ON rc_bookings WHEN OLD.status IS NOT NEW.status BEGIN
    UPDATE status_counts SET n = n - 1 WHERE tbl = 'rc_bookings' AND status = OLD.status;
    INSERT INTO status_counts (tbl, status, n) VALUES ('rc_bookings', NEW.status, 1)
        ON CONFLICT (tbl, status) DO UPDATE SET n = n + 1;
END;
