-- A `created` history row holds JSON null while its incident still has the values it was created with;
-- the SQLite migration of the same number explains.
UPDATE incident_changes c SET changes = 'null'
FROM incidents i LEFT JOIN places p ON p.id = i.place_id
LEFT JOIN actors a1 ON a1.id = i.actor1_id LEFT JOIN actors a2 ON a2.id = i.actor2_id
WHERE c.kind = 'created' AND i.id = c.incident_id AND c.changes LIKE '[%'
  AND c.changes::jsonb = jsonb_build_array(
      i.event_type, i.sub_event_type, i.date_start, i.date_end, i.date_precision, p.name, i.country,
      i.geo_precision, a1.name, a2.name, i.fatalities, i.fatalities_high, i.injuries, i.injuries_high,
      i.n_sources);
