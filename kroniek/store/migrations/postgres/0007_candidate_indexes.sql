-- The fusion candidates' index split in two partial ones, one-day events and wider windows (issue 11);
-- the SQLite migration of the same number explains.
DROP INDEX events_candidates;
CREATE INDEX events_days ON events (event_type, country, date_start) WHERE date_end = date_start;
CREATE INDEX events_windows ON events (event_type, country, date_start) WHERE date_end > date_start;
