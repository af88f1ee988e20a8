-- Storage at about twice the article text (issue 11); the SQLite migration of the same number explains.

-- Evidence and provenance as offsets into the article text (rows.span_offsets), the words kept only
-- where they are not the text's [start:end]. substr() and length() count characters, as Python does.
UPDATE events e SET
    evidence = (
        SELECT COALESCE(jsonb_agg(
            CASE WHEN s.start >= 0 AND s.start <= s.stop AND s.stop <= length(a.text)
                      AND substr(a.text, s.start + 1, s.stop - s.start) = s.words
                 THEN jsonb_build_array(s.start, s.stop, s.rule)
                 ELSE jsonb_build_array(s.start, s.stop, s.rule, s.words) END ORDER BY s.n), '[]'::jsonb)
        FROM (
            SELECT (j.value ->> 'start')::int AS start, (j.value ->> 'end')::int AS stop,
                   COALESCE(j.value ->> 'rule', '') AS rule, j.value ->> 'text' AS words, j.n
            FROM jsonb_array_elements(e.evidence) WITH ORDINALITY AS j (value, n)
        ) s
    ),
    provenance = (
        SELECT COALESCE(jsonb_agg(
            CASE WHEN s.start >= 0 AND s.start <= s.stop AND s.stop <= length(a.text)
                      AND substr(a.text, s.start + 1, s.stop - s.start) = s.words
                 THEN jsonb_build_array(s.field, s.start, s.stop, s.rule)
                 ELSE jsonb_build_array(s.field, s.start, s.stop, s.rule, s.words) END ORDER BY s.n),
            '[]'::jsonb)
        FROM (
            SELECT j.value ->> 0 AS field, (j.value -> 1 ->> 'start')::int AS start,
                   (j.value -> 1 ->> 'end')::int AS stop, COALESCE(j.value -> 1 ->> 'rule', '') AS rule,
                   j.value -> 1 ->> 'text' AS words, j.n
            FROM jsonb_array_elements(e.provenance) WITH ORDINALITY AS j (value, n)
        ) s
    )
FROM articles a WHERE a.id = e.article_id;
-- As text, like SQLite's: a short JSON array takes about twice the bytes as jsonb (numbers as numeric).
ALTER TABLE events ALTER COLUMN evidence TYPE TEXT USING evidence::text,
    ALTER COLUMN provenance TYPE TEXT USING provenance::text;

-- Full text through an index on the expression (backends.PostgresBackend.text_match spells it the same),
-- not a stored tsvector column beside the text; without GIN's pending list, which holds new entries
-- uncompressed until a vacuum.
DROP INDEX articles_text_tsv;
ALTER TABLE articles DROP COLUMN text_tsv;
CREATE INDEX articles_text_tsv ON articles USING GIN (to_tsvector('simple', text)) WITH (fastupdate = off);
-- A text over 2 kB is compressed and kept in its row (PostgreSQL compresses only rows over 2 kB; the
-- default also moves it to the TOAST table, with a chunk index of its own).
ALTER TABLE articles ALTER COLUMN text SET STORAGE MAIN;
