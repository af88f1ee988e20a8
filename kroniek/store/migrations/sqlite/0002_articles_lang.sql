-- Articles by language: the explorer and `kroniek events` filter on it (a full scan at 100,000 articles).
CREATE INDEX IF NOT EXISTS articles_lang ON articles (lang);
