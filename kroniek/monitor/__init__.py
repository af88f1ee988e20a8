"""The news monitor: feeds and folders polled, new pages fetched politely, read and stored (`kroniek watch`).

Needs the `monitor` extra (trafilatura, feedparser).
"""

from kroniek.monitor.fetch import Fetcher, FetchError, Response
from kroniek.monitor.watch import PollSummary, poll, watch

__all__ = ["FetchError", "Fetcher", "PollSummary", "Response", "poll", "watch"]
