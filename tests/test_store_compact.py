"""Schemas v9-v11 (issue 11: the database's size): 64-bit article hashes, provenance fields as numbers,
evidence without its usual rule; an old database upgraded to each."""

from __future__ import annotations

import dataclasses

import pytest
import storekit
from storekit import event, place

from kroniek.model import Article, ArticleResult, DocDate, Span
from kroniek.store import ingest, open_store, rows
from kroniek.store.backends import Backend
from kroniek.store.loader import ALREADY_STORED, SAME_TEXT
from kroniek.store.records import IncidentQuery

store_url = storekit.store_url  # SQLite, and PostgreSQL with TEST_PG_DSN
pg_url = storekit.pg_url

GENT = place("Gent", "BE", 51.05, 3.72, gid=2797656)
_MIGRATIONS = Backend.migrations


def _pair(article_id: str, text: str) -> tuple[Article, ArticleResult]:
    article = Article(article_id, text, date=DocDate.parse("2024-05-05", "field"))
    coded = event("riots", "violent_demonstration", "2024-05-05", GENT)
    return article, ArticleResult(article_id, "nl", article.date, (coded,))


PAIRS = [_pair("gent-1", "Rellen in Gent bij het station."), _pair("gent-2", "Opnieuw onrust in Gent.")]


def _stored(url: str) -> list[tuple[str, str, str]]:
    with open_store(url) as store:
        return sorted(store.backend.query("SELECT id, text_hash, input_hash FROM articles"))


def test_store_compact_version_8_hashes_are_shortened(store_url: str, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as old:
        old.setattr(Backend, "migrations", lambda self: [m for m in _MIGRATIONS(self) if m[0] <= 8])
        old.setattr(rows, "_HASH_SIZE", 32)  # version 8 stored 128 bits
        with open_store(store_url) as store:
            ingest(PAIRS, store)
            assert store.schema_version() == 8
        before = _stored(store_url)
        assert {len(h) for _, *hashes in before for h in hashes} == {32}
    with open_store(store_url) as store:  # migrates
        assert store.schema_version() == len(store.backend.migrations())
        after = _stored(store_url)
        # the first half of each, which the code now computes for the same input
        assert after == [(aid, t[:16], i[:16]) for aid, t, i in before]
        assert after == [(a.id, rows.text_hash(a.text), rows.input_hash(a)) for a, _ in PAIRS]
        again = ingest(PAIRS, store)  # the same articles: stored already, nothing extracted again
        assert again.skipped[ALREADY_STORED] == 2 and again.stored == 0
        copy = _pair("gent-1-copy", PAIRS[0][0].text)  # the same text under another id: one witness
        assert ingest([copy], store).skipped[SAME_TEXT] == 1
        changed = dataclasses.replace(PAIRS[1][0], text=PAIRS[1][0].text + " Bijgewerkt.")
        assert ingest([(changed, PAIRS[1][1])], store).stored == 1  # a changed article is replaced
        assert [i.id for i in store.incidents(IncidentQuery(text="bijgewerkt"))]


def _with_provenance(pair: tuple[Article, ArticleResult]) -> tuple[Article, ArticleResult]:
    """The pair's event with provenance spans: listed fields, one that is not, words not in the text."""
    article, result = pair
    text = article.text
    spans = (
        ("event_type", Span(0, 6, "Rellen", "trigger:riot")),
        ("location", Span(text.index("Gent"), text.index("Gent") + 4, "Gent", "gazetteer")),
        ("sub_event_type", Span(0, 6, "Rellen", "rule")),
        ("date", Span(0, 3, "zondag", "weekday")),  # words that are not text[0:3]
    )
    coded = dataclasses.replace(result.events[0], provenance=spans)
    return article, dataclasses.replace(result, events=(coded,))


def _provenance(url: str) -> tuple[list[str], list[tuple]]:
    """(provenance as stored, per article; each source event's provenance as read)."""
    with open_store(url) as store:
        stored = [row[0] for row in store.backend.query("SELECT provenance FROM events ORDER BY article_id")]
        read = sorted((s.article_id, s.event.provenance) for i in store.incidents() for s in i.sources)
    return stored, read


def test_store_compact_version_9_provenance_fields_become_numbers(
    store_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    pairs = [_with_provenance(pair) for pair in PAIRS]
    with monkeypatch.context() as old:
        old.setattr(Backend, "migrations", lambda self: [m for m in _MIGRATIONS(self) if m[0] <= 9])
        old.setattr(rows, "_FIELD_CODE", {})  # version 9 stored the names
        with open_store(store_url) as store:
            ingest(pairs, store)
            assert store.schema_version() == 9
        names, before = _provenance(store_url)
        assert names[0].startswith('[["event_type",0,6,"trigger:riot"],["location",')
    fresh = str(tmp_path / "fresh.db")
    with open_store(fresh) as store:
        ingest(pairs, store)
    with open_store(store_url) as store:  # migrates
        assert store.schema_version() == len(store.backend.migrations())
    stored, after = _provenance(store_url)
    assert stored[0].startswith('[[0,0,6,"trigger:riot"],[2,')
    assert '["sub_event_type",0,6,"rule"],[1,0,3,"weekday","zondag"]' in stored[0]
    assert after == before and _provenance(fresh) == (stored, after)
    assert [name for name, _ in after[0][1]] == ["event_type", "location", "sub_event_type", "date"]
    assert after[0][1][3][1].text == "zondag"


def _with_evidence(pair: tuple[Article, ArticleResult]) -> tuple[Article, ArticleResult]:
    """The pair's event with evidence: the sentence, the sentence in other words, another rule."""
    article, result = pair
    end = len(article.text)
    spans = (Span(0, end, article.text, "sentence"), Span(0, 6, "Onrust", "sentence"), Span(0, 4, "", "x"))
    return article, dataclasses.replace(
        result, events=(dataclasses.replace(result.events[0], evidence=spans),)
    )


def _evidence(url: str) -> tuple[list[str], list[tuple]]:
    """(evidence as stored, per article; each source event's evidence as read)."""
    with open_store(url) as store:
        stored = [row[0] for row in store.backend.query("SELECT evidence FROM events ORDER BY article_id")]
        read = sorted((s.article_id, s.event.evidence) for i in store.incidents() for s in i.sources)
    return stored, read


def test_store_compact_version_10_evidence_without_its_usual_rule(
    store_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    pairs = [_with_evidence(pair) for pair in PAIRS]
    with monkeypatch.context() as old:
        old.setattr(Backend, "migrations", lambda self: [m for m in _MIGRATIONS(self) if m[0] <= 10])
        old.setattr(rows, "evidence_offsets", rows.span_offsets)  # version 10 stored every rule
        with open_store(store_url) as store:
            ingest(pairs, store)
            assert store.schema_version() == 10
        written, before = _evidence(store_url)
        assert written[0] == '[[0,31,"sentence"],[0,6,"sentence","Onrust"],[0,4,"x",""]]'
    fresh = str(tmp_path / "fresh.db")
    with open_store(fresh) as store:
        ingest(pairs, store)
    with open_store(store_url) as store:  # migrates
        assert store.schema_version() == len(store.backend.migrations())
    stored, after = _evidence(store_url)
    assert stored[0] == '[[0,31],[0,6,"sentence","Onrust"],[0,4,"x",""]]'
    assert after == before and _evidence(fresh) == (stored, after)
    assert [(s.rule, s.text) for s in after[0][1]] == [
        ("sentence", PAIRS[0][0].text),
        ("sentence", "Onrust"),
        ("x", ""),
    ]
