-- kroniek schema v1 (SQLite). Migrations are numbered and append-only: never edit a released one,
-- add NNNN_name.sql. The PostgreSQL folder holds the same logical schema.

-- What was read: one row per article id. `text_hash` finds the same text under another id,
-- `input_hash` (text + url + date + lang) tells whether a re-ingested article changed.
CREATE TABLE articles (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    text_hash TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    lang TEXT,
    url TEXT,
    doc_date TEXT,                -- ISO day; the first day when only the month is known
    doc_date_precision TEXT,      -- day | month
    source TEXT NOT NULL,         -- where it was read: path or path:line
    text TEXT NOT NULL,
    n_events INTEGER NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE INDEX articles_text_hash ON articles (text_hash);

-- Full text over article text; external content, kept in step by the triggers below.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    text, content = 'articles', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, text) VALUES (new.pk, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, text) VALUES ('delete', old.pk, old.text);
END;

-- Places and actors as the extractor resolved them; ids derive from their content.
CREATE TABLE places (
    id TEXT PRIMARY KEY,          -- gn:<geonames id>, or x:<hash of the fields> without one
    geonames_id INTEGER,
    name TEXT,
    admin1 TEXT,
    country TEXT,                 -- ISO 3166-1 alpha-2
    lat REAL,
    lon REAL
);
CREATE TABLE actors (
    id TEXT PRIMARY KEY,          -- hash of name, type, country
    name TEXT NOT NULL,
    type TEXT NOT NULL,           -- one of model.ACTOR_TYPES
    country TEXT
);

-- What each article reports: one row per coded event.
CREATE TABLE events (
    id TEXT PRIMARY KEY,          -- hash of article id and index
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,         -- position in the article's result
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date_start TEXT NOT NULL,
    date_end TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    place_id TEXT REFERENCES places (id),
    geo_precision INTEGER,
    country TEXT,                 -- the place's country, kept here to find fusion candidates fast
    actor1_id TEXT REFERENCES actors (id),
    actor2_id TEXT REFERENCES actors (id),
    fatalities INTEGER,
    injuries INTEGER,
    confidence REAL NOT NULL,
    evidence TEXT NOT NULL,       -- JSON list of spans {start, end, text, rule}
    provenance TEXT NOT NULL      -- JSON {field: span}
);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_candidates ON events (event_type, country, date_start);

-- Real-world events, fused from the events above. Recomputed per connected group of candidates.
CREATE TABLE incidents (
    id TEXT PRIMARY KEY,          -- fusion.incident_id of the earliest report
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date_start TEXT NOT NULL,
    date_end TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    place_id TEXT REFERENCES places (id),
    geo_precision INTEGER,
    country TEXT,
    actor1_id TEXT REFERENCES actors (id),
    actor2_id TEXT REFERENCES actors (id),
    fatalities INTEGER,
    fatalities_low INTEGER,
    fatalities_high INTEGER,
    injuries INTEGER,
    injuries_low INTEGER,
    injuries_high INTEGER,
    n_sources INTEGER NOT NULL,
    rules TEXT NOT NULL,          -- JSON list: how fields were reconciled
    signature TEXT NOT NULL,      -- hash of all of the above and the members: unchanged rows are kept
    updated_at INTEGER NOT NULL   -- unix time of the last change (ACLED's `timestamp`)
);
CREATE INDEX incidents_country_date ON incidents (country, date_start);
CREATE INDEX incidents_date ON incidents (date_start);

-- Which source events each incident fuses, and the rule that merged each one.
CREATE TABLE incident_events (
    event_id TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    rule TEXT NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events (incident_id);
