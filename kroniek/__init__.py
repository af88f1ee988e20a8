"""kroniek: news articles in, a chronicle of coded events out."""

from kroniek.model import Actor, Article, ArticleResult, DateWindow, DocDate, Event, Location, Span
from kroniek.pipeline import extract, extract_article

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "ArticleResult",
    "DateWindow",
    "DocDate",
    "Event",
    "Location",
    "Span",
    "__version__",
    "extract",
    "extract_article",
]
