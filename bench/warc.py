"""Benchmark: reading a WARC file, HTML records per second on one core, before extraction.

Writes a `.warc.gz` of N crawled pages (a request, a response and a metadata record each, as crawlers write
them; each page the tests' outlet layout around a test article, padded with a script of varied words to
`--kb` kilobytes, so that gzip does not shrink it more than real HTML), then times
`kroniek.ingest.warc.html_records` over it: parsing every record, skipping the others, un-gzipping and
reading each HTML body. Median of `--runs` runs. When fastwarc (resiliparse's reader) is installed, its
raw loop over the same file is timed too, for comparison (it does not undo chunked transfer or
content encodings, which kroniek's reader does).

    python bench/warc.py              # 2000 pages of 80 kB
    python bench/warc.py -n 5000 --kb 120
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pagekit import clean_article, warc_bytes, wire_page  # noqa: E402

from kroniek.ingest.warc import WarcCounts, html_records  # noqa: E402


def build(path: Path, pages: int, kb: int) -> int:
    title, paragraphs = clean_article("en-market-bombing")
    words = " ".join(paragraphs).split()
    rnd = random.Random(15)
    responses = []
    for index in range(pages):
        url = f"https://outlet.example/world/{index}"
        page = wire_page(title, paragraphs, url=url, published="2024-03-12")
        filler = []
        size = len(page)
        while size < kb * 1000:
            word = rnd.choice(words)
            filler.append(word)
            size += len(word) + 1
        page = page.replace("</head>", "<script>/* " + " ".join(filler) + " */</script></head>")
        responses.append((url, page.encode(), "text/html; charset=utf-8"))
    path.write_bytes(warc_bytes(responses))
    return path.stat().st_size


def time_kroniek(path: Path) -> tuple[float, WarcCounts]:
    counts = WarcCounts()
    start = time.perf_counter()
    with path.open("rb") as stream:
        for _ in html_records(stream, counts):
            pass
    return time.perf_counter() - start, counts


def time_fastwarc(path: Path) -> float | None:
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        return None
    start = time.perf_counter()
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True):
            record.reader.read()
    return time.perf_counter() - start


def machine() -> str:
    cpu = platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="pages")
    parser.add_argument("--kb", type=int, default=80, help="size of each page in kB")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.warc.gz"
        size = build(path, args.n, args.kb)
        runs = [time_kroniek(path) for _ in range(args.runs)]
        seconds = statistics.median(t for t, _ in runs)
        counts = runs[0][1]
        fast = [t for t in (time_fastwarc(path) for _ in range(args.runs)) if t is not None]
    out = {
        "machine": machine(),
        "pages": args.n,
        "page_kb": args.kb,
        "file_mb": round(size / 1e6, 1),
        "records": counts.html + sum(counts.skipped.values()),
        "html_records_per_s": round(counts.html / seconds),
        "mb_html_per_s": round(counts.html * args.kb / 1000 / seconds, 1),
        "counts": counts.format(),
    }
    if fast:
        out["fastwarc_raw_html_records_per_s"] = round(args.n / statistics.median(fast))
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
