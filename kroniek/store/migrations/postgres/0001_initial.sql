-- kroniek schema v1 (PostgreSQL 15). Migrations are numbered and append-only: never edit a released one,
-- add NNNN_name.sql. The SQLite folder holds the same logical schema; comments there explain the columns.

CREATE TABLE articles (
    pk BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    text_hash TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    lang TEXT,
    url TEXT,
    doc_date DATE,
    doc_date_precision TEXT,
    source TEXT NOT NULL,
    text TEXT NOT NULL,
    n_events INTEGER NOT NULL,
    stored_at TIMESTAMPTZ NOT NULL,
    -- 'simple': no stemming or stop words, so one configuration serves every language.
    text_tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED
);
CREATE INDEX articles_text_hash ON articles (text_hash);
CREATE INDEX articles_text_tsv ON articles USING GIN (text_tsv);

CREATE TABLE places (
    id TEXT PRIMARY KEY,
    geonames_id BIGINT,
    name TEXT,
    admin1 TEXT,
    country TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION
);
CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    country TEXT
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date_start DATE NOT NULL,
    date_end DATE NOT NULL,
    date_precision TEXT NOT NULL,
    place_id TEXT REFERENCES places (id),
    geo_precision INTEGER,
    country TEXT,
    actor1_id TEXT REFERENCES actors (id),
    actor2_id TEXT REFERENCES actors (id),
    fatalities INTEGER,
    injuries INTEGER,
    confidence DOUBLE PRECISION NOT NULL,
    evidence JSONB NOT NULL,
    provenance JSONB NOT NULL
);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_candidates ON events (event_type, country, date_start);

CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date_start DATE NOT NULL,
    date_end DATE NOT NULL,
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
    rules JSONB NOT NULL,
    signature TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX incidents_country_date ON incidents (country, date_start);
CREATE INDEX incidents_date ON incidents (date_start);

CREATE TABLE incident_events (
    event_id TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    rule TEXT NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events (incident_id);
