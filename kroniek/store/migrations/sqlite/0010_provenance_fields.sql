-- A provenance span's field as its number in rows.PROVENANCE_FIELDS instead of its name (issue 11: the
-- names were a fifth of an events row); fields not listed there keep their name. A JSON string holds no
-- unescaped quote, so ["name", occurs in the stored text only where a span begins.
UPDATE events SET provenance =
    replace(replace(replace(replace(replace(replace(replace(provenance,
        '["event_type",', '[0,'), '["date",', '[1,'), '["location",', '[2,'), '["actor1",', '[3,'),
        '["actor2",', '[4,'), '["fatalities",', '[5,'), '["injuries",', '[6,')
WHERE provenance LIKE '%["%';
