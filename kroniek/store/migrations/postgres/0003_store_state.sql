-- What changed, as counters every writer moves inside its transaction (issue 13):
-- `generation` on every commit that changes stored data: the explorer keys its caches on it (SQLite's
-- `data_version` is per connection, so two connections could show the same number for different data);
-- `replaced` when articles are replaced: their event ids come back with new content, so every process
-- drops the reports it cached for fusing.
CREATE TABLE store_state (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL,
    replaced BIGINT NOT NULL
);
INSERT INTO store_state (id, generation, replaced) VALUES (1, 0, 0);
