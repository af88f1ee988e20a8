-- The fusion candidates' index split in two partial ones, one-day events and wider windows (issue 11):
-- store/fusing.py reads each kind on its own (its queries repeat the conditions below, so that SQLite
-- uses these indexes), and reading the wide events of the 62 days before a day no longer steps through
-- every one-day event of those days. Together they hold what the one index held. PostgreSQL: the same.
DROP INDEX events_candidates;
CREATE INDEX events_days ON events (event_type, country, date_start) WHERE date_end = date_start;
CREATE INDEX events_windows ON events (event_type, country, date_start) WHERE date_end > date_start;
