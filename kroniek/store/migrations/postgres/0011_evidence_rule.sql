-- An evidence span with rule "sentence" and the text's words stored as [start, end]; the SQLite
-- migration of the same number explains. A JSON string holds no unescaped quote, so the pattern only
-- matches a whole span [start, end, "sentence"] (with the spaces of rows that migration 0006 wrote).
UPDATE events SET evidence = regexp_replace(evidence, '\[(-?\d+),\s*(-?\d+),\s*"sentence"\]', '[\1,\2]', 'g')
WHERE evidence LIKE '%"sentence"]%';
