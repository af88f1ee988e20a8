"""JSON lines export: one incident per line, everything kroniek knows about it.

Each line is `StoredIncident.to_dict()` plus `event_id_cnty` and `toll` (every reported figure and
the toll flags, `kroniek/tolls.py`): the reconciled fields, how they were
reconciled (`rules`), and every source with its own coded event, merge rule and evidence offsets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from kroniek.export.acled import event_id_cnty
from kroniek.store.records import StoredIncident
from kroniek.tolls import check_tolls


def write_jsonl(incidents: Iterable[StoredIncident], stream: TextIO) -> int:
    count = 0
    for incident in incidents:
        record = {
            "event_id_cnty": event_id_cnty(incident.id, incident.location.country),
            **incident.to_dict(),
            "toll": check_tolls(incident).to_dict(),
        }
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
