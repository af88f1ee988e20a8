-- What changed, as counters every writer moves inside its transaction (issue 13):
-- `generation` on every commit that changes stored data: the explorer keys its caches on it (SQLite's
-- `data_version` is per connection, so two connections could show the same number for different data);
-- `replaced` when articles are replaced: their event ids come back with new content, so every process
-- drops the reports it cached for fusing.
CREATE TABLE store_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    replaced INTEGER NOT NULL
);
INSERT INTO store_state (id, generation, replaced) VALUES (1, 0, 0);
-- Marks the file as a kroniek database ("kron"): ingest refuses to write its tables into another
-- application's SQLite file.
PRAGMA application_id = 1802661742;
