"""Partitions: the units of work of `kroniek batch`, and reading the articles of one.

A partition is one input file (JSONL, JSONL.gz, Parquet or a WARC web archive, a local path or an
fsspec URL), or with `split` a slice of N articles of one: rows of a Parquet file, lines of an
uncompressed JSONL file (compressed files and WARCs cannot be entered in the middle and stay whole).
Its name is stable (the file's stem, a hash of its URL and the slice), so a re-run finds the partitions
already done, and its fingerprint (size and modification time or ETag) tells when the input changed since.

    >>> parts, errors = plan_partitions(["examples/"])  # doctest: +SKIP

Reading a partition gives the articles a serial `kroniek extract` of the same file would read, with
the same ids, sources ("path:line") and validation; an unreadable line is an `InputError` in its
place, while a file that cannot be read at all (corrupt gzip, network failure) raises, so the task
fails, is retried, and is reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

import fsspec
from fsspec.core import url_to_fs

# Parsing one JSONL line (validation and messages) is the reader's job; reuse it, do not copy it.
from kroniek.ingest.jsonl import parse_line
from kroniek.ingest.limits import MAX_ARTICLE_BYTES, too_big
from kroniek.model import Article, InputError

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonl.bz2", ".jsonl.xz", ".jsonl.zst")
PARQUET_SUFFIXES = (".parquet", ".pq")
WARC_SUFFIXES = (".warc", ".warc.gz")  # read by kroniek.ingest.warc (the monitor extra); never split
READABLE = JSONL_SUFFIXES + PARQUET_SUFFIXES + WARC_SUFFIXES
COLUMNS = ("id", "text", "url", "date", "lang")
_GLOB = re.compile(r"[*?\[]")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SCAN_BLOCK = 1 << 24


@dataclass(frozen=True, slots=True)
class Partition:
    """One unit of work: a file, or the lines/rows `start` to `stop` of one."""

    name: str  # stable and file-safe: names the outputs and the done-marker
    url: str  # what a worker opens: a local absolute path or an fsspec URL
    label: str  # how article sources name the file: the path as the user gave it
    kind: Literal["jsonl", "parquet", "warc"]
    fingerprint: str  # size and mtime/ETag: a changed input is done again
    start: int = 0  # first line / row, 0-based
    stop: int | None = None  # end line / row (exclusive); None: to the end of the file
    offset: int = 0  # byte offset of line `start` (JSONL slices)

    @property
    def order(self) -> tuple[str, int]:
        """The order a serial run reads partitions in: by file, then by position."""
        return (self.label, self.start)


def plan_partitions(
    inputs: Sequence[str], split: int | None = None
) -> tuple[list[Partition], list[InputError]]:
    """The partitions of `inputs` (files, folders, globs; local or fsspec URLs), in reading order.

    Inputs that name nothing readable come back as InputErrors; the others are planned anyway.
    """
    partitions: list[Partition] = []
    errors: list[InputError] = []
    for given in inputs:
        try:
            files = _files(given)
        except (OSError, ValueError, ImportError) as exc:  # unknown protocol, missing credentials, ...
            errors.append(InputError(given, f"cannot list: {exc}"))
            continue
        if not files:
            errors.append(InputError(given, f"no {', '.join(READABLE)} files here"))
        for fs, path, label in files:
            try:
                partitions += _partitions_of(fs, path, label, split)
            except (OSError, ValueError) as exc:
                errors.append(InputError(label, f"cannot read: {exc}"))
    return partitions, errors


def read_partition(part: Partition) -> Iterator[Article | InputError]:
    """The articles of a partition; raises when the file cannot be read (the task is then retried)."""
    if part.kind == "parquet":
        yield from _read_parquet(part)
    elif part.kind == "warc":
        yield from _read_warc(part)
    else:
        yield from _read_jsonl(part)


# ---------------------------------------------------------------------- planning


def _files(given: str) -> list[tuple[Any, str, str]]:
    fs, path = url_to_fs(given)
    local = "file" in _protocols(fs) and "://" not in given
    if _GLOB.search(path):
        found = [p for p in sorted(fs.glob(path)) if _wanted(p)]
        return [(fs, p, _label_of_match(fs, given, p, local)) for p in found]
    if fs.isdir(path):
        found = [p for p in sorted(fs.find(path)) if _wanted(p)]
        return [(fs, p, _label_in(fs, given, path, p, local)) for p in found]
    if not fs.exists(path):
        raise ValueError("no such file or folder")
    if not _kind(path):
        raise ValueError(f"unsupported file type (batch reads {', '.join(READABLE)})")
    return [(fs, path, str(Path(given)) if local else fs.unstrip_protocol(path))]


def _label_of_match(fs: Any, given: str, path: str, local: bool) -> str:
    """A file a glob matched, as the shell would have expanded it (relative stays relative), or its URL."""
    if not local:
        return fs.unstrip_protocol(path)
    return path if os.path.isabs(given) else os.path.relpath(path)


def _label_in(fs: Any, given: str, folder: str, path: str, local: bool) -> str:
    """A file found in a folder as `kroniek extract` names it (given folder / relative path)."""
    relative = path[len(folder) :].lstrip("/")
    return str(Path(given) / relative) if local else given.rstrip("/") + "/" + relative


def _wanted(path: str) -> bool:
    # the rule of `kroniek.ingest.read_articles`: hidden files are skipped
    return _kind(path) is not None and not PurePosixPath(path).name.startswith(".")


def _partitions_of(fs: Any, path: str, label: str, split: int | None) -> list[Partition]:
    kind = _kind(path)
    assert kind is not None
    info = fs.info(path)
    stamp = next(
        (info[k] for k in ("ETag", "etag", "mtime", "LastModified", "last_modified") if k in info), ""
    )
    fingerprint = f"{info.get('size')}:{stamp}"
    url = path if "file" in _protocols(fs) else fs.unstrip_protocol(path)
    digest = hashlib.sha1(url.encode()).hexdigest()[:8]
    stem = _UNSAFE.sub("_", _stem(path))
    whole = Partition(f"{stem}-{digest}", url, label, kind, fingerprint)
    if not split or kind == "warc":  # a WARC's records are read in one pass: it stays whole
        return [whole]
    if kind == "parquet":
        import pyarrow.parquet as pq

        with fs.open(path, "rb") as stream:
            rows = pq.ParquetFile(stream).metadata.num_rows
        bounds = [(start, 0) for start in range(0, rows, split)]
    elif _compression(path) is None:
        with fs.open(path, "rb") as stream:
            bounds = _line_starts(stream, split)
    else:
        return [whole]  # a compressed stream cannot be entered in the middle
    if len(bounds) <= 1:
        return [whole]
    parts = []
    for k, (start, offset) in enumerate(bounds):
        stop = bounds[k + 1][0] if k + 1 < len(bounds) else None
        parts.append(
            Partition(f"{whole.name}-s{split}-{k:05d}", url, label, kind, fingerprint, start, stop, offset)
        )
    return parts


def _line_starts(stream: IO[bytes], every: int) -> list[tuple[int, int]]:
    """(line index, byte offset) of lines 0, every, 2*every, ... that exist: one pass counting newlines."""
    bounds = [(0, 0)]
    lines = position = 0
    while block := stream.read(_SCAN_BLOCK):
        at = 0
        while True:
            need = every - lines % every  # newlines until the next boundary
            found = block.count(b"\n", at)
            if found < need:
                lines += found
                break
            for _ in range(need):
                at = block.index(b"\n", at) + 1
            lines += need
            bounds.append((lines, position + at))
        position += len(block)
    if len(bounds) > 1 and bounds[-1][1] >= position:
        bounds.pop()  # the file ends right at a boundary: no empty last slice
    return bounds


def _kind(path: str) -> Literal["jsonl", "parquet", "warc"] | None:
    name = path.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return None


def _stem(path: str) -> str:
    name = PurePosixPath(path).name
    for suffix in sorted(READABLE, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return name


def _protocols(fs: Any) -> tuple[str, ...]:
    return (fs.protocol,) if isinstance(fs.protocol, str) else tuple(fs.protocol)


def _compression(path: str) -> str | None:
    from fsspec.utils import infer_compression

    return infer_compression(path)


# ---------------------------------------------------------------------- reading


def _read_jsonl(part: Partition) -> Iterator[Article | InputError]:
    # Ids and sources follow `kroniek.ingest.read_jsonl`: "<label>:<line>" and "<stem>-<line>".
    stem = PurePosixPath(part.label).stem
    with fsspec.open(part.url, "rb", compression="infer") as stream:
        if part.offset:
            stream.seek(part.offset)
        number = part.start
        while part.stop is None or number < part.stop:
            line = stream.readline(MAX_ARTICLE_BYTES + 1)
            if not line:
                return
            number += 1
            source = f"{part.label}:{number}"
            if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
                rest = 0
                while (chunk := stream.readline(1 << 20)) and not chunk.endswith(b"\n"):
                    rest += len(chunk)
                yield InputError(source, too_big(len(line) + rest + len(chunk)))
                continue
            if line.strip():
                yield parse_line(line, source, f"{stem}-{number}")


def _read_warc(part: Partition) -> Iterator[Article | InputError]:
    # Ids and sources follow `kroniek.ingest.read_articles`: the record id, "<label>#<record id>".
    from kroniek.ingest.warc import read_warc_stream

    with fsspec.open(part.url, "rb") as stream:  # warcio undoes the gzip of each record itself
        yield from read_warc_stream(stream, part.label, strict=True)


def _read_parquet(part: Partition) -> Iterator[Article | InputError]:
    import pyarrow.parquet as pq

    stem = PurePosixPath(part.label).name.split(".")[0]
    with fsspec.open(part.url, "rb") as stream:
        parquet = pq.ParquetFile(stream)
        names = parquet.schema_arrow.names
        if "text" not in names:
            yield InputError(part.label, f'no "text" column (columns: {", ".join(names)})')
            return
        columns = [c for c in COLUMNS if c in names]
        first = 0
        for group in range(parquet.num_row_groups):
            size = parquet.metadata.row_group(group).num_rows
            if first + size > part.start and (part.stop is None or first < part.stop):
                rows = parquet.read_row_group(group, columns=columns).to_pylist()
                for index, row in enumerate(rows, start=first):
                    if index >= part.start and (part.stop is None or index < part.stop):
                        yield _row_article(row, f"{part.label}:{index + 1}", f"{stem}-{index + 1}")
            first += size


def _row_article(row: dict[str, Any], source: str, fallback_id: str) -> Article | InputError:
    # Through the JSONL line parser, so a Parquet row is held to exactly the same rules.
    record = {key: _plain(value) for key, value in row.items() if value is not None}
    return parse_line(json.dumps(record, ensure_ascii=False).encode(), source, fallback_id)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):  # date or timestamp columns
        return value.isoformat()
    return value
