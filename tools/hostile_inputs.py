"""Malformed inputs through `kroniek extract` and `kroniek ingest`: no traceback, nothing good lost.

Writes a folder of JSONL files in which good articles sit between broken lines (lone surrogates,
NUL characters, JSON nested thousands deep, integers past Python's limit, wrong types, bad dates,
control characters in ids, random byte damage) and of broken files (corrupt and empty gzip, binary
and non-UTF-8 text, names that are not UTF-8, over-size articles), then runs the two commands on it,
plus a device and a FIFO named on the command line, and checks that:

- no command prints a traceback, hangs (a timeout) or is killed (a memory limit);
- every good article is in the output and in the database;
- every input is either an article out or one error line naming its file (and line);
- the exit status is 1, as the README says for a run with failed inputs.

    python tools/hostile_inputs.py --cases 2100            # the long run (issue 13's target)
    python tools/hostile_inputs.py --cases 2100 --db postgresql://...   # ingest into PostgreSQL

`tests/test_hostile_input.py` runs a small sample of the same generator on every test run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

GOOD_TEMPLATES = (
    ("nl", "Bij rellen in {town} zijn op zaterdag {n} agenten gewond geraakt, meldt de politie."),
    ("en", "Protesters clashed with police in {town} on Saturday; {n} people were injured."),
    ("de", "Bei Krawallen in {town} wurden am Samstag {n} Polizisten verletzt."),
    ("fr", "Des émeutes à {town} ont fait {n} blessés samedi, selon la police."),
)
TOWNS = ("Utrecht", "Rotterdam", "Leeds", "Bristol", "Köln", "Bremen", "Lyon", "Nantes", "Kabul", "Mosul")


@dataclass(frozen=True)
class Corpus:
    """What was written: the folder, the good ids, and how many inputs each path holds."""

    root: Path
    good_ids: frozenset[str]
    inputs: int  # non-blank JSONL lines + single-article files: each gives an article or an error
    explicit: tuple[str, ...]  # paths to name on the command line besides the folder (device, FIFO)


def good_line(rng: random.Random, number: int) -> dict[str, object]:
    lang, template = GOOD_TEMPLATES[number % len(GOOD_TEMPLATES)]
    text = template.format(town=rng.choice(TOWNS), n=rng.randint(2, 40)) + f" (bericht {number})"
    return {"id": f"good-{number}", "text": text, "lang": lang, "date": "2021-03-0" + str(1 + number % 9)}


def _dumps(record: object) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def _nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


def structural_lines(rng: random.Random) -> list[bytes]:
    """One line for each known way to break a JSONL line (the findings of issue 13 among them)."""
    text = '"Rellen in Utrecht, drie gewonden."'
    lines = [
        b'{"id": "s1", "text": "Rellen \\ud800 in Utrecht."}',
        b'{"id": "\\ud800", "text": "Rellen in Utrecht."}',
        b'{"id": "s3", "text": "Rellen in Utrecht.", "url": "http://x.nl/\\udfff"}',
        b'{"id": "s4", "text": "Rellen in Utrecht.", "lang": "\\ud800n"}',
        b'{"id": "s5", "text": "Rellen in Utrecht.", "date": "2020-01-01\\ud800"}',
        b'{"id": "s6", "text": "Rellen \xed\xa0\x80 in Utrecht."}',  # a surrogate as raw bytes
        b'{"id": "s7", "text": "Rellen \\u0000 in Utrecht."}',
        b'{"id": "s8\\u0000", "text": "Rellen in Utrecht."}',
        b'{"id": "s9", "text": "Rellen in Utrecht.", "url": "http://x\\u0000.nl/"}',
        b'{"id": "s10", "text": "Rellen \x00 in Utrecht."}',
        b'{"id": "s11\\u001b[2J", "text": "Rellen in Utrecht."}',
        b'{"id": "s12\\r", "text": "Rellen in Utrecht."}',
        b'{"id": "s13", "text": "Rellen in Utrecht.", "url": "http://x.nl/\\r\\nSet-Cookie: a"}',
        b'{"id": true, "text": "Rellen in Utrecht."}',
        b'{"id": [1], "text": "Rellen in Utrecht."}',
        b'{"id": "", "text": "Rellen in Utrecht."}',
        b'{"id": "s17", "text": 12}',
        b'{"id": "s18", "text": ""}',
        b'{"id": "s19", "text": "   \\n\\t "}',
        b'{"id": "s20", "text": "Rellen.", "date": "2019-13-45"}',
        b'{"id": "s21", "text": "Rellen.", "date": "0000-00"}',
        b'{"id": "s22", "text": "Rellen.", "date": 20190101}',
        b'{"id": "s23", "text": "Rellen.", "lang": "x"}',
        b'{"id": "s24", "text": "Rellen.", "lang": 7}',
        b'{"id": "s25", "text": "Rellen.", "url": 7}',
        b'{"id": "s26", "text": "Rellen in Utrecht.", "x": 1e999}',
        b'{"id": "s27", "text": "Rellen in Utrecht.", "x": NaN}',
        b'{"id": "s28", "text": "Rellen in Utrecht."',
        b"[]",
        b"null",
        b'"just a string"',
        b"12",
        b"\xef\xbb\xbf" + b'{"id": "s33", "text": "Rellen in Utrecht met BOM."}',
        b'{"id": "s34", "text": "Rellen\xff in Utrecht."}',
        b'{"id": "s35", "text": "Rellen in Utrecht.", "id": "s35b"}',
        b'{"id": 0, "text": "Rellen in Utrecht, id nul."}',
        b'{"id": -7, "text": "Rellen in Utrecht, id min zeven."}',
        b'{"id": "s38", "text": "Rellen\rin Utrecht\rmet losse CR."}',
    ]
    for depth in (100, 1000, 10_000, 100_000):
        lines.append(f'{{"id": "d{depth}", "text": {text}, "x": {_nested(depth)}}}'.encode())
        lines.append(_nested(depth).encode())
    lines.append(f'{{"id": "dt", "text": {_nested(5000, text)}}}'.encode())
    for digits in (4300, 4301, 10_000, 200_000):
        lines.append(f'{{"id": {"7" * digits}, "text": {text}}}'.encode())
        lines.append(f'{{"id": "n{digits}", "text": {text}, "x": {"9" * digits}}}'.encode())
    long_text = "x" * (rng.randint(1, 3) * 1000 * 1000)
    lines.append(f'{{"id": "long", "text": "{long_text}"}}'.encode())
    return lines


def mutated_line(rng: random.Random, number: int) -> bytes:
    """A good line with a few random byte changes (never a newline: one line stays one input)."""
    record = good_line(rng, number)
    record["id"] = f"mut-{number}"
    data = bytearray(_dumps(record))
    for _ in range(rng.randint(1, 5)):
        where = rng.randrange(len(data))
        action = rng.randrange(5)
        byte = rng.choice([0, 0x1B, 0x22, 0x5C, 0x7B, 0x7D, 0x80, 0xC3, 0xED, 0xFF, rng.randrange(256)])
        if byte == 0x0A:
            byte = 0x0B
        if action == 0:
            data[where] = byte
        elif action == 1:
            del data[where]
        elif action == 2:
            data.insert(where, byte)
        elif action == 3:
            data[where:where] = rng.choice([b"\\ud800", b"\\u0000", b"\\udc00\\ud800", b"[[[[", b"99999"])
        else:
            data[where] ^= 1 << rng.randrange(8)
    return bytes(data).replace(b"\n", b"\x0b")


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def file_cases(rng: random.Random) -> dict[str, bytes]:
    """Whole files that are broken as files: each gives at least one error (a .gz may give articles first)."""
    valid = b"".join(_dumps({**good_line(rng, n), "id": f"in-gz-{n}"}) + b"\n" for n in range(40))
    packed = _gzip(valid)
    flipped = bytearray(packed)
    flipped[len(packed) // 2] ^= 0xFF
    bad_crc = bytearray(packed)
    bad_crc[-6] ^= 0xFF
    return {
        "empty.jsonl": b"",
        "blank.jsonl": b"\n\n  \n",
        "zero.jsonl.gz": b"",
        "random.jsonl.gz": bytes(rng.randrange(256) for _ in range(300)),
        "truncated.jsonl.gz": packed[: len(packed) // 2],
        "flipped.jsonl.gz": bytes(flipped),
        "badcrc.jsonl.gz": bytes(bad_crc),
        "header-only.jsonl.gz": packed[:10],
        "deflate-junk.jsonl.gz": packed[:10] + zlib.compress(b"x")[2:] + b"\x00" * 8,
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 4,
        "latin1.txt": "Rellen in Utrecht, één gewonde.".encode("latin-1"),
        "nul-late.txt": b"Rellen in Utrecht. " * 600 + b"\x00" + b"Nog meer tekst.",
        "surrogate.txt": b"Rellen \xed\xa0\x80 in Utrecht.",
        "huge.txt": b"Rellen in Utrecht. " * 300_000,
        "escape\x1b[31m.txt": b"Bij rellen in Utrecht raakten zaterdag twee agenten gewond (escape).",
    }


def write_corpus(root: Path, cases: int, seed: int = 13) -> Corpus:
    """About `cases` malformed inputs, each JSONL file holding good articles between broken lines."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    good_ids: set[str] = set()
    counter = iter(range(10**9))

    def good() -> bytes:
        record = good_line(rng, next(counter))
        good_ids.add(str(record["id"]))
        return _dumps(record)

    bad = structural_lines(rng)
    while len(bad) < cases - 20:
        bad.append(mutated_line(rng, next(counter)))
    inputs = 0
    for index, start in enumerate(range(0, len(bad), 100)):
        lines = []
        for line in bad[start : start + 100]:
            lines += [good(), line]
        lines.append(good())
        (root / f"part-{index:03d}.jsonl").write_bytes(b"\n".join(lines) + b"\n")
        inputs += sum(1 for line in lines if line.strip())
    files = file_cases(rng)
    for name, data in files.items():
        (root / name).write_bytes(data)
    inputs += len(files)
    # A valid .gz with its good lines, and a file name that is not UTF-8 (a good article, kept).
    (root / "valid.jsonl.gz").write_bytes(_gzip(good() + b"\n" + good() + b"\n"))
    inputs += 2
    text = b"Bij rellen in Utrecht raakten zaterdag vijf agenten gewond (latin-1 naam)."
    with open(os.path.join(os.fsencode(root), b"caf\xe9-rellen.txt"), "wb") as handle:
        handle.write(text)
    inputs += 1
    good_ids.add("caf\\xe9-rellen")
    sub = root / "sub"
    sub.mkdir(exist_ok=True)
    (sub / "zero.txt").symlink_to("/dev/zero")  # a device inside a folder: left out, as not a file
    fifo = root.parent / f"{root.name}-fifo.txt"
    os.mkfifo(fifo)
    explicit = ("/dev/zero", "/dev/null", str(fifo), str(root / "missing.jsonl"))
    return Corpus(root, frozenset(good_ids), inputs, explicit)


@dataclass(frozen=True)
class Run:
    command: str
    status: int
    seconds: float
    output: str
    errors: list[str]
    problems: list[str]


def _limit_memory() -> None:
    limit = 4 << 30  # 4 GB of address space: a run that reads without bound dies here, visibly
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_command(args: list[str], timeout: float) -> tuple[int, str, str, float]:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            args, capture_output=True, timeout=timeout, preexec_fn=_limit_memory, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        return -999, "", f"timeout after {timeout:.0f} s", time.perf_counter() - started
    stdout = done.stdout.decode("utf-8", "replace")
    stderr = done.stderr.decode("utf-8", "replace")
    return done.returncode, stdout, stderr, time.perf_counter() - started


_ERROR = re.compile(r"^kroniek: (.+?): (.+)$")


def _common_problems(status: int, stderr: str) -> tuple[list[str], list[str]]:
    problems = []
    if status == -999:
        problems.append(stderr)
    elif status < 0:
        problems.append(f"killed by signal {-status}")
    elif status != 1:
        problems.append(f"exit status {status}, expected 1")
    if "Traceback" in stderr:
        problems.append("traceback:\n" + stderr[stderr.index("Traceback") :][:2000])
    return problems, stderr.splitlines()


def check_extract(kroniek: str, corpus: Corpus, workdir: Path, jobs: int, timeout: float) -> Run:
    out = workdir / "out.jsonl"
    args = [kroniek, "extract", str(corpus.root), *corpus.explicit, "-o", str(out), "--jobs", str(jobs)]
    status, _, stderr, seconds = run_command(args, timeout)
    problems, lines = _common_problems(status, stderr)
    errors = [line for line in lines if _ERROR.match(line) and "input(s) failed" not in line]
    records = []
    if out.exists():
        for line in out.read_text(encoding="utf-8").splitlines():
            records.append(json.loads(line))
    ids = {str(record["id"]) for record in records}
    missing = sorted(corpus.good_ids - ids)
    if missing:
        problems.append(f"{len(missing)} good articles missing from the output, e.g. {missing[:5]}")
    expected = corpus.inputs + len(corpus.explicit)
    if len(records) + len(errors) < expected:
        problems.append(f"{len(records)} articles + {len(errors)} errors < {expected} inputs")
    return Run("extract", status, seconds, f"{len(records)} articles, {len(errors)} errors", errors, problems)


def check_ingest(kroniek: str, corpus: Corpus, db: str, timeout: float) -> Run:
    args = [kroniek, "ingest", str(corpus.root), *corpus.explicit, "--db", db, "--jobs", "1"]
    status, _, stderr, seconds = run_command(args, timeout)
    problems, lines = _common_problems(status, stderr)
    stored = _stored_ids(db)
    missing = sorted(corpus.good_ids - stored)
    if missing:
        problems.append(f"{len(missing)} good articles not stored, e.g. {missing[:5]}")
    summary = next((line for line in lines if line.startswith("kroniek: read")), "no summary line")
    return Run("ingest", status, seconds, f"{len(stored)} stored; {summary}", [], problems)


def _stored_ids(db: str) -> set[str]:
    from kroniek.store import open_store  # here: generating the inputs needs no kroniek

    with open_store(db) as store:
        return {row[0] for row in store.backend.query("SELECT id FROM articles")}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=2100, help="malformed inputs to generate")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--db", help="ingest into this database (default: a new SQLite file)")
    parser.add_argument("--jobs", type=int, default=1, help="extract --jobs")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per command")
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    args = parser.parse_args()
    kroniek = shutil.which("kroniek", path=str(Path(sys.executable).parent)) or "kroniek"
    workdir = Path(tempfile.mkdtemp(prefix="kroniek-hostile-"))
    try:
        corpus = write_corpus(args.keep or workdir / "inputs", args.cases, args.seed)
        print(f"{corpus.inputs + len(corpus.explicit)} inputs ({len(corpus.good_ids)} good articles)")
        runs = [
            check_extract(kroniek, corpus, workdir, args.jobs, args.timeout),
            check_ingest(kroniek, corpus, args.db or str(workdir / "fuzz.db"), args.timeout),
        ]
        for run in runs:
            verdict = "ok" if not run.problems else "FAILED"
            print(f"{run.command}: {verdict}, exit {run.status}, {run.seconds:.1f} s, {run.output}")
            for problem in run.problems:
                print("  " + problem)
        return 0 if all(not run.problems for run in runs) else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
