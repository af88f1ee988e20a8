-- What `kroniek watch` fetched: feeds (with the validators for conditional requests) and the pages their
-- entries link to. A page's row means "done" (stored, or skipped for good) unless its status starts with
-- "retry", so that a restarted watch never fetches a page twice.
CREATE TABLE IF NOT EXISTS web_fetches (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL,           -- feed | page
    status TEXT NOT NULL,         -- stored | skipped: <why> | retry: <why> | ok | not modified | failed: <why>
    attempts INTEGER NOT NULL,    -- failed fetches in a row (a page is given up after a few)
    etag TEXT,                    -- a feed's ETag and Last-Modified, sent back as If-None-Match / If-Modified-Since
    last_modified TEXT,
    article_id TEXT,              -- the article a page became
    first_seen TEXT NOT NULL,     -- ISO time, UTC
    checked_at TEXT NOT NULL
);
