-- An evidence span whose rule is rows.EVIDENCE_RULE ("sentence", the rule of every evidence span the
-- extractor gives) and whose words are the text's is stored as [start, end] (issue 11).
UPDATE events SET evidence = (
    SELECT json_group_array(
        CASE WHEN json_array_length(s.span) = 3 AND s.span ->> 2 = 'sentence'
             THEN json_array(s.span -> 0, s.span -> 1)
             ELSE json(s.span) END)
    FROM (SELECT j.value AS span FROM json_each(events.evidence) j ORDER BY j.key) s
)
WHERE evidence LIKE '%"sentence"]%';
