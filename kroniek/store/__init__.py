"""The chronicle's database: articles, the events each reports, and the incidents fused from them.

>>> from kroniek.store import IncidentQuery, open_store
>>> store = open_store(":memory:")          # or "kroniek.db", or "postgresql://..."
>>> list(store.incidents(IncidentQuery(country="IQ", event_type="riots")))
[]
"""

from kroniek.store.backends import StoreError
from kroniek.store.core import Store, open_store
from kroniek.store.loader import IngestSummary, ingest
from kroniek.store.records import IncidentQuery, Source, StoredIncident

__all__ = [
    "IncidentQuery",
    "IngestSummary",
    "Source",
    "Store",
    "StoreError",
    "StoredIncident",
    "ingest",
    "open_store",
]
