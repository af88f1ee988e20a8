-- A provenance span's field as its number instead of its name; the SQLite migration of the same number
-- explains. Rows that migration 0006 wrote from jsonb have a space after each comma: the pattern holds.
UPDATE events SET provenance =
    replace(replace(replace(replace(replace(replace(replace(provenance,
        '["event_type",', '[0,'), '["date",', '[1,'), '["location",', '[2,'), '["actor1",', '[3,'),
        '["actor2",', '[4,'), '["fatalities",', '[5,'), '["injuries",', '[6,')
WHERE provenance LIKE '%["%';
