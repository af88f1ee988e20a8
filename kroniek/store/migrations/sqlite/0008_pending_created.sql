-- A `created` history row holds JSON null while its incident still has the values it was created with
-- (issue 11: most incidents never change, and their created row repeated the incident's row); the values
-- are written into it when the incident first changes or goes (store/history.py, `settle`). Here the
-- rows of an existing database that hold exactly what their incident holds now become null: reading
-- them gives the same values as before.
UPDATE incident_changes SET changes = 'null'
WHERE kind = 'created' AND changes = (
    SELECT json_array(i.event_type, i.sub_event_type, i.date_start, i.date_end, i.date_precision, p.name,
                      i.country, i.geo_precision, a1.name, a2.name, i.fatalities, i.fatalities_high,
                      i.injuries, i.injuries_high, i.n_sources)
    FROM incidents i LEFT JOIN places p ON p.id = i.place_id
    LEFT JOIN actors a1 ON a1.id = i.actor1_id LEFT JOIN actors a2 ON a2.id = i.actor2_id
    WHERE i.id = incident_changes.incident_id
);
