"""The output folder of `kroniek batch`: Parquet files per partition and a done-marker written last.

    OUT/events/<partition>.parquet     one row per event (see kroniek.batch.tables)
    OUT/articles/<partition>.parquet   one row per article extracted
    OUT/done/<partition>.json          the manifest: what was read, counted and failed

A partition with articles that failed to extract is done again by the next run (see `manifest`).
Every file is written under a hidden temporary name and renamed into place, the manifest last: a
partition counts as done only when its manifest exists, so a killed worker never leaves a half file
that a re-run would take for finished. Readers of `OUT/events` as a dataset (pyarrow, pandas, Dask,
DuckDB) skip the hidden temporary names. OUT may be a local folder or an fsspec URL (s3://...).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.core import url_to_fs

from kroniek.batch.partitions import Partition

EVENTS, ARTICLES, DONE = "events", "articles", "done"


class OutputDir:
    """Where partitions are written; `manifest(part)` says whether one is done (and how it went)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.fs, self.root = url_to_fs(url)

    @property
    def location(self) -> str:
        """The folder as workers elsewhere must be told it: an absolute path, or a full URL."""
        local = "file" in ((self.fs.protocol,) if isinstance(self.fs.protocol, str) else self.fs.protocol)
        return self.root if local else self.fs.unstrip_protocol(self.root)

    def path(self, folder: str, name: str, suffix: str) -> str:
        return f"{self.root.rstrip('/')}/{folder}/{name}{suffix}"

    def create(self) -> None:
        for folder in (EVENTS, ARTICLES, DONE):
            self.fs.makedirs(f"{self.root.rstrip('/')}/{folder}", exist_ok=True)

    def write_tables(self, name: str, articles: pa.Table, events: pa.Table) -> None:
        self._write(self.path(ARTICLES, name, ".parquet"), lambda f: pq.write_table(articles, f))
        self._write(self.path(EVENTS, name, ".parquet"), lambda f: pq.write_table(events, f))

    def read_tables(self, name: str) -> tuple[pa.Table, pa.Table]:
        """The (articles, events) tables of a done partition."""
        tables = []
        for folder in (ARTICLES, EVENTS):
            with self.fs.open(self.path(folder, name, ".parquet"), "rb") as stream:
                tables.append(pq.read_table(stream))
        return tables[0], tables[1]

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
        self._write(self.path(DONE, manifest["partition"], ".json"), lambda f: f.write(text.encode()))

    def manifest(self, part: Partition) -> dict[str, Any] | None:
        """The manifest of `part` if it is done: from the same input (fingerprint), and every article
        extracted that could be read (one that failed to extract is tried again, as ingest does)."""
        path = self.path(DONE, part.name, ".json")
        if not self.fs.exists(path):
            return None
        found = self._load(path)
        if not found or found.get("fingerprint") != part.fingerprint:
            return None
        return None if any(f.get("kind") == "extract" for f in found["failures"]) else found

    def forget(self, part: Partition) -> None:
        """Unmark a partition before it is done again: if that fails, nothing stale counts as done."""
        path = self.path(DONE, part.name, ".json")
        if self.fs.exists(path):
            self.fs.rm(path)

    def manifests(self) -> list[dict[str, Any]]:
        """Every manifest in the folder, in the order a serial run reads their inputs."""
        folder = f"{self.root.rstrip('/')}/{DONE}"
        if not self.fs.exists(folder):
            return []
        paths = [p for p in self.fs.ls(folder, detail=False) if p.endswith(".json") and "/." not in p]
        found = [m for m in (self._load(p) for p in paths) if m]
        return sorted(found, key=lambda m: (m["input"], m["start"]))

    def _load(self, path: str) -> dict[str, Any] | None:
        try:
            with self.fs.open(path, "rb") as stream:
                return json.loads(stream.read())
        except (OSError, ValueError):
            return None  # unreadable: the partition is done again

    def _write(self, path: str, write: Callable[[IO[bytes]], Any]) -> None:
        folder, _, name = path.rpartition("/")
        temporary = f"{folder}/.{name}.{uuid.uuid4().hex[:12]}.tmp"  # unique: a retry may overlap a zombie
        try:
            with self.fs.open(temporary, "wb") as stream:
                write(stream)
            self.fs.mv(temporary, path)  # a rename locally; object stores show the object whole or not at all
        finally:
            if self.fs.exists(temporary):
                self.fs.rm(temporary)
