"""`kroniek batch` on a real 2-worker Dask LocalCluster: serial results, failures reported, re-runs skip."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

import pyarrow as pa
import pyarrow.parquet as pq
import storekit
from click.testing import CliRunner
from distributed import Client, LocalCluster
from scalekit import DEV_SET, records, write_jsonl
from storekit import snapshot

from kroniek.batch import OutputDir, ingest_outputs, plan_partitions, read_partition, run_batch
from kroniek.batch.partitions import Partition
from kroniek.batch.tables import pairs_from_tables
from kroniek.batch.work import run_partition
from kroniek.cli import cli
from kroniek.ingest import read_articles
from kroniek.model import ArticleResult
from kroniek.parallel import extract_all
from kroniek.store import ingest, open_store

store_url, pg_url = storekit.store_url, storekit.pg_url  # SQLite, and PostgreSQL with TEST_PG_DSN


@pytest.fixture(scope="module")
def client():
    """One real cluster for the module: 2 worker processes of one thread, as `kroniek batch` starts."""
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        yield client


def plan(*paths: Path, split: int | None = None) -> list[Partition]:
    parts, errors = plan_partitions([str(p) for p in paths], split)
    assert not errors
    return parts


def outputs_of(out: Path) -> dict[str, tuple]:
    """Article id -> (article, result) of every done partition in `out`."""
    folder = OutputDir(str(out))
    pairs = {}
    for manifest in folder.manifests():
        for article, result in pairs_from_tables(*folder.read_tables(manifest["partition"])):
            pairs[article.id] = (article, result)
    return pairs


def serial_of(path: Path) -> tuple[dict[str, tuple], list]:
    """What the single-process path gives: article id -> (article, result), and the failures."""
    pairs, failures = {}, []
    items = list(read_articles([str(path)]))
    for item, result in zip(items, extract_all(items, jobs=1), strict=True):
        if isinstance(result, ArticleResult):
            pairs[item.id] = (item, result)
        else:
            failures.append(result)
    return pairs, failures


def test_batch_gives_the_serial_results_on_own_articles(client, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "articles.jsonl", records(copies=3), ('{"id": "bad"}',))
    summary = run_batch(plan(src, split=5), str(tmp_path / "out"), client=client)
    expected, failures = serial_of(src)
    assert len(summary.reports) == 5 and not summary.failed
    assert summary.article_failures == [(f"{src}:2", 'no "text": every line needs a non-empty "text" string')]
    assert [(f.source, f.message) for f in failures] == summary.article_failures
    found = outputs_of(tmp_path / "out")
    assert found == expected  # articles (ids, sources, dates) and results (every field, evidence, offsets)
    assert sum(len(result.events) for _, result in found.values()) >= 3 * 7


def test_batch_gives_the_serial_results_on_the_dev_set(client, tmp_path: Path) -> None:
    if not DEV_SET.is_file():
        pytest.skip(f"no dev set at {DEV_SET}")
    summary = run_batch(plan(DEV_SET, split=7), str(tmp_path / "out"), client=client)
    expected, failures = serial_of(DEV_SET)
    assert not summary.failed
    # Both paths run the same function, so whatever fails serially (a language being worked on) fails alike.
    assert sorted(source for source, _ in summary.article_failures) == sorted(f.source for f in failures)
    assert outputs_of(tmp_path / "out") == expected


def test_batch_then_store_equals_ingest(client, tmp_path: Path, store_url: str) -> None:
    copies = [dict(r, id=f"{r['id']}-syndicated") for r in records(copies=2)[:2]]  # same texts, other ids
    src = write_jsonl(tmp_path / "articles.jsonl", records(copies=2) + copies)
    out = str(tmp_path / "out")
    run_batch(plan(src, split=4), out, client=client)
    with open_store(str(tmp_path / "serial.db")) as store:
        ingest(read_articles([str(src)]), store)
        serial = snapshot(store)
    with open_store(store_url) as store:
        first = ingest_outputs(out, store, batch_size=3)
        again = ingest_outputs(out, store)
        assert snapshot(store) == serial
    assert first.stored == 16 and first.skipped["same text as another article"] == 2
    assert again.stored == 0 and again.skipped == {"already stored": 16, "same text as another article": 2}


def test_batch_reports_a_failing_partition_and_completes_the_rest(client, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    good = write_jsonl(tmp_path / "in" / "a.jsonl", records())
    (tmp_path / "in" / "b.jsonl.gz").write_bytes(gzip.compress(good.read_bytes())[:300])  # truncated
    (tmp_path / "in" / "c.jsonl.gz").write_bytes(b"not gzip at all")
    out = tmp_path / "out"
    summary = run_batch(plan(tmp_path / "in"), str(out), client=client, retries=1)
    failed = dict(summary.failed)
    assert len(failed) == 2 and not summary.ok
    assert any("b.jsonl.gz" in name and "EOFError" in error for name, error in failed.items())
    assert any("c.jsonl.gz" in name and "BadGzipFile" in error for name, error in failed.items())
    assert [r.extracted for r in summary.reports] == [8]  # a.jsonl done
    assert [p.name for p in (out / "done").iterdir()] == [f"{summary.reports[0].name}.json"]
    # again: the done one is skipped, the failed ones are tried again and reported again
    second = run_batch(plan(tmp_path / "in"), str(out), client=client, retries=0)
    assert [r.skipped for r in second.reports] == [True] and len(second.failed) == 2


def test_batch_rerun_skips_done_partitions_and_redoes_changed_input(client, tmp_path: Path) -> None:
    a = write_jsonl(tmp_path / "a.jsonl", records()[:4])
    b = tmp_path / "b.jsonl.gz"
    b.write_bytes(gzip.compress(write_jsonl(tmp_path / "b.txt", records()[4:]).read_bytes()))
    out = str(tmp_path / "out")
    first = run_batch(plan(a, b), out, client=client)
    assert [r.skipped for r in first.reports] == [False, False]
    again = run_batch(plan(a, b), out, client=client)
    assert [r.skipped for r in again.reports] == [True, True]
    b.write_bytes(gzip.compress(write_jsonl(tmp_path / "b.txt", records()[4:7]).read_bytes()))
    third = run_batch(plan(a, b), out, client=client)  # the input changed: its partition is done again
    assert [(r.skipped, r.articles) for r in third.reports] == [(True, 4), (False, 3)]
    b.write_bytes(b.read_bytes()[:-20])  # changed again, and now fails: its old results no longer count
    fourth = run_batch(plan(a, b), out, client=client, retries=0)
    assert [r.skipped for r in fourth.reports] == [True] and len(fourth.failed) == 1
    assert [m["input"] for m in OutputDir(out).manifests()] == [str(a)]


def test_batch_cli_runs_stores_and_exits_1_on_failure(client, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", records())
    (tmp_path / "b.jsonl.gz").write_bytes(b"not gzip at all")
    db, out = str(tmp_path / "k.db"), str(tmp_path / "out")
    address = client.scheduler.address
    runner = CliRunner()
    result = runner.invoke(cli, ["batch", str(src), "--out", out, "--scheduler", address, "--db", db])
    assert result.exit_code == 0, result.output
    assert "1 partition(s): 1 done now" in result.stderr and "stored 8 " in result.stderr
    failing = runner.invoke(
        cli, ["batch", str(src), str(tmp_path / "b.jsonl.gz"), "--out", out, "--scheduler", address]
    )
    assert failing.exit_code == 1
    assert "1 already done, 1 failed" in failing.stderr and "failed partition: " in failing.stderr
    only_store = runner.invoke(cli, ["batch", "--out", out, "--db", db])
    assert only_store.exit_code == 0 and "skipped 8: already stored" in only_store.stderr


def test_batch_reads_parquet_like_jsonl(client, tmp_path: Path) -> None:
    rows = records()
    table = pa.table(
        {
            "id": [r["id"] if i else None for i, r in enumerate(rows)],  # a missing id: "<stem>-<row>"
            "text": [r["text"] for r in rows],
            "date": pa.array([dt.date.fromisoformat(r["date"]) for r in rows]),  # typed, not text
            "lang": [r["lang"] for r in rows],
        }
    )
    pq.write_table(table, tmp_path / "archive.parquet", row_group_size=3)
    out = str(tmp_path / "out")
    summary = run_batch(plan(tmp_path / "archive.parquet", split=4), out, client=client)
    assert [r.articles for r in summary.reports] == [4, 4] and summary.ok
    found = outputs_of(tmp_path / "out")
    expected, _ = serial_of(write_jsonl(tmp_path / "archive.jsonl", rows))
    assert "archive-1" in found and found["archive-1"][1].events == expected[rows[0]["id"]][1].events
    assert found[rows[5]["id"]][0].source == f"{tmp_path / 'archive.parquet'}:6"
    assert all(found[i][1] == expected[i][1] for i in expected if i != rows[0]["id"])


@pytest.mark.parametrize("split", [1, 2, 3, 7, 100])
def test_batch_split_partitions_read_what_the_whole_file_holds(tmp_path: Path, split: int) -> None:
    text = "\n".join(json.dumps(r) for r in records()[:6])
    lines = text.split("\n")
    lines[2:2] = ["", "{broken"]  # a blank and a bad line: numbering must stay that of the file
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")  # no newline at the end
    parts, errors = plan_partitions([str(path)], split=split)
    assert not errors and len(parts) == max(1, -(-len(lines) // split))
    assert len({p.name for p in parts}) == len(parts)
    read = [item for part in parts for item in read_partition(part)]
    assert read == list(read_articles([str(path)]))


def test_batch_partition_is_done_only_when_its_files_are_whole(tmp_path: Path, monkeypatch) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", records()[:2])
    (part,), _ = plan_partitions([str(src)])
    out = OutputDir(str(tmp_path / "out"))
    out.create()
    writes = []

    def crash_on_events(self, path, write):
        writes.append(path)
        if "/events/" in path:
            raise OSError("disk full")
        return original(self, path, write)

    original = OutputDir._write
    monkeypatch.setattr(OutputDir, "_write", crash_on_events)
    with pytest.raises(OSError):
        run_partition(part, out.url)
    assert out.manifest(part) is None and not list((tmp_path / "out" / "events").iterdir())
    assert not [p for p in (tmp_path / "out").rglob(".*")]  # no temporary file left behind
    monkeypatch.setattr(OutputDir, "_write", original)
    report = run_partition(part, out.url)
    assert out.manifest(part)["extracted"] == report.extracted == 2


def test_batch_extraction_failures_make_the_partition_run_again(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", records()[:1])
    (part,), _ = plan_partitions([str(src)])
    out = OutputDir(str(tmp_path / "out"))
    out.create()
    base = {"partition": part.name, "input": part.label, "start": 0, "fingerprint": part.fingerprint}
    out.write_manifest({**base, "failures": [{"kind": "read", "source": "x", "message": "bad line"}]})
    assert out.manifest(part) is not None
    out.write_manifest({**base, "failures": [{"kind": "extract", "source": "x", "message": "bug"}]})
    assert out.manifest(part) is None
    changed = Partition(part.name, part.url, part.label, part.kind, "other", 0)
    out.write_manifest({**base, "failures": []})
    assert out.manifest(part) is not None and out.manifest(changed) is None


def test_batch_reads_and_writes_fsspec_urls(tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    memory = fsspec.filesystem("memory")
    base = f"memory://kroniek-test-{tmp_path.name}"
    rows = records()[:3]
    with fsspec.open(f"{base}/in/a.jsonl.gz", "wb", compression="gzip") as stream:
        stream.write("".join(json.dumps(r) + "\n" for r in rows).encode())
    (part,), errors = plan_partitions([f"{base}/in/"])
    assert not errors and part.label == f"{base}/in/a.jsonl.gz" and part.url.startswith("memory://")
    report = run_partition(part, f"{base}/out")  # in this process: memory:// is not shared with workers
    assert report.extracted == 3 and OutputDir(f"{base}/out").manifest(part) is not None
    with open_store(":memory:") as store:
        stored = ingest_outputs(f"{base}/out", store)
        assert stored.stored == 3 and store.counts()["articles"] == 3
    assert not [p for p in memory.find(base) if "/." in p]  # no temporary files left
    memory.rm(base, recursive=True)


def test_batch_refuses_workers_with_another_kroniek(client, monkeypatch) -> None:
    from kroniek.batch import BatchError, check_workers

    check_workers(client)  # the same version: fine
    monkeypatch.setattr("kroniek.batch.cluster.__version__", "9.9.9")
    with pytest.raises(BatchError, match=r"workers run another kroniek than this 9\.9\.9: .* has 0\."):
        check_workers(client)


def test_batch_cli_says_when_the_scheduler_cannot_be_reached(tmp_path: Path) -> None:
    dask = pytest.importorskip("dask")
    src = write_jsonl(tmp_path / "a.jsonl", records()[:1])
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(
            cli, ["batch", str(src), "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9"]
        )
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
