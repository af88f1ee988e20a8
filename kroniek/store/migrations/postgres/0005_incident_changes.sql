-- The living chronicle: every time an incident was created, changed by a later report, merged into
-- another or removed. `kroniek changes --since` reads it to sync a copy; `kroniek show` prints it.
CREATE TABLE IF NOT EXISTS incident_changes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- order
    incident_id TEXT NOT NULL,    -- kept after the incident is gone: a copy must learn that it went
    at BIGINT NOT NULL,           -- unix time (the incident's `updated_at`, ACLED's `timestamp`)
    kind TEXT NOT NULL,           -- created | updated | merged | removed
    changes TEXT NOT NULL,        -- JSON {field: [before, after]} (created: {field: [null, value]})
    reports TEXT NOT NULL,        -- JSON list of the article ids whose reports joined it in this change
    related TEXT NOT NULL         -- JSON list: the incidents it replaces (created) or went into (merged)
);
CREATE INDEX IF NOT EXISTS incident_changes_incident ON incident_changes (incident_id);
CREATE INDEX IF NOT EXISTS incident_changes_at ON incident_changes (at);
