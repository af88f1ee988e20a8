-- Storage at about twice the article text (issue 11): evidence as offsets into the article text,
-- the text itself compressed, a full-text index without positions.

-- Evidence and provenance as offsets into the article text: [start, end, rule] per evidence span and
-- [field, start, end, rule] per provenance span, the words added only where they are not the text's
-- [start:end] (rows.span_offsets). substr() and length() count characters, as Python's offsets do.
UPDATE events SET
    evidence = (
        SELECT json_group_array(
            CASE WHEN s.start >= 0 AND s.start <= s."end" AND s."end" <= length(s.body)
                      AND substr(s.body, s.start + 1, s."end" - s.start) = s.words
                 THEN json_array(s.start, s."end", s.rule)
                 ELSE json_array(s.start, s."end", s.rule, s.words) END)
        FROM (
            SELECT json_extract(j.value, '$.start') AS start, json_extract(j.value, '$.end') AS "end",
                   coalesce(json_extract(j.value, '$.rule'), '') AS rule,
                   json_extract(j.value, '$.text') AS words,
                   (SELECT a.text FROM articles a WHERE a.id = events.article_id) AS body
            FROM json_each(events.evidence) j ORDER BY j.key
        ) s
    ),
    provenance = (
        SELECT json_group_array(
            CASE WHEN s.start >= 0 AND s.start <= s."end" AND s."end" <= length(s.body)
                      AND substr(s.body, s.start + 1, s."end" - s.start) = s.words
                 THEN json_array(s.field, s.start, s."end", s.rule)
                 ELSE json_array(s.field, s.start, s."end", s.rule, s.words) END)
        FROM (
            SELECT json_extract(j.value, '$[0]') AS field,
                   json_extract(j.value, '$[1].start') AS start, json_extract(j.value, '$[1].end') AS "end",
                   coalesce(json_extract(j.value, '$[1].rule'), '') AS rule,
                   json_extract(j.value, '$[1].text') AS words,
                   (SELECT a.text FROM articles a WHERE a.id = events.article_id) AS body
            FROM json_each(events.provenance) j ORDER BY j.key
        ) s
    );

-- Article texts are stored zlib-compressed from now on (older rows stay plain text until replaced);
-- the full-text index reads them through the view below and the SQL function kroniek_text, which every
-- kroniek connection registers (store/backends.py). detail=none: the index keeps which articles hold a
-- word, not where; the search asks for words, never phrases. columnsize=0: no lengths (nothing ranks).
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TABLE articles_fts;
CREATE VIEW articles_text AS SELECT pk, kroniek_text(text) AS text FROM articles;
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    text, content = 'articles_text', content_rowid = 'pk', detail = none, columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, text) VALUES (new.pk, kroniek_text(new.text));
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, text) VALUES ('delete', old.pk, kroniek_text(old.text));
END;
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
