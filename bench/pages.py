"""Benchmark: reading web pages. How fast, and how often the page codes the events of its clean text.

Each dev set article (`../shared/devset/dev.jsonl`, else the tests' monitor articles) is laid out in the
two outlet layouts of the tests (`tests/pagekit.py`: menu, cookie banner, ads, related links, most-read
box, comments, all full of event words). For each page it times kroniek's reader
(`kroniek.ingest.html.extract_page`: trafilatura plus the metadata), and checks that the text it gives is
the article's clean text (title, blank line, paragraphs) and that it codes the same events. When
resiliparse is installed, its main-content extractor is timed and checked the same way, as the
alternative the issue names.

    python bench/pages.py            # prints one JSON object
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pagekit import FIXTURES, regional_page, wire_page  # noqa: E402

from kroniek.ingest.html import extract_page, page_article  # noqa: E402
from kroniek.model import Article, DocDate  # noqa: E402
from kroniek.pipeline import extract_article  # noqa: E402

DEV = ROOT.parent / "shared" / "devset" / "dev.jsonl"
_HEADER = re.compile(r"^\s*date \d{4}-\d{2}(-\d{2})?\s*")


def articles() -> tuple[str, list[tuple[str, str, list[str], str]]]:
    """(name, [(id, title, paragraphs, ISO date)]) from the dev set, else the test articles."""
    found = []
    if DEV.exists():
        for line in DEV.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            blocks = [" ".join(b.split()) for b in _HEADER.sub("", record["text"]).split("\n\n")]
            blocks = [b for b in blocks if b]
            if len(blocks) >= 2:
                found.append((record["id"], blocks[0], blocks[1:], record.get("doc_date") or "2024-01-01"))
        return DEV.name, found
    for path in sorted(FIXTURES.glob("*.txt")):
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        found.append((path.stem, blocks[0], blocks[1:], "2024-03-12"))
    return "tests/fixtures/monitor", found


def events(article: Article) -> list[tuple[object, ...]]:
    result = extract_article(article)
    return [(e.event_type, e.sub_event_type, e.window, e.location.name, e.fatalities) for e in result.events]


def main() -> None:
    name, items = articles()
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree
    except ImportError:
        extract_plain_text = None
    timings: dict[str, list[float]] = {"trafilatura": [], "resiliparse": []}
    same_text = {"trafilatura": 0, "resiliparse": 0}
    same_events = {"trafilatura": 0, "resiliparse": 0}
    pages = 0
    for article_id, title, paragraphs, date in items:
        clean_text = title + "\n\n" + "\n\n".join(paragraphs)
        given = DocDate.parse(date, "field")
        clean = events(Article(article_id, clean_text, date=given))
        for layout in (wire_page, regional_page):
            page = layout(title, paragraphs, url=f"https://outlet.example/{article_id}", published=date)
            data = page.encode()
            pages += 1
            start = time.perf_counter()
            extracted = extract_page(data)
            timings["trafilatura"].append(time.perf_counter() - start)
            text = page_article(extracted, article_id, "bench").text
            same_text["trafilatura"] += text == clean_text
            same_events["trafilatura"] += events(Article(article_id, text, date=given)) == clean
            if extract_plain_text is not None:
                start = time.perf_counter()
                plain = extract_plain_text(HTMLTree.parse(page), main_content=True)
                timings["resiliparse"].append(time.perf_counter() - start)
                same_text["resiliparse"] += plain.strip() == clean_text
                same_events["resiliparse"] += events(Article(article_id, plain, date=given)) == clean
    out: dict[str, object] = {"input": name, "pages": pages}
    for tool, times in timings.items():
        if times:
            out[tool] = {
                "median_ms": round(statistics.median(times) * 1000, 2),
                "pages_per_s": round(len(times) / sum(times), 1),
                "same_text": same_text[tool],
                "same_events": same_events[tool],
            }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
