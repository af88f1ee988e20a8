"""Evidence stored as offsets into the article text, the text compressed (issue 11, schema v6): what is
read back, shown, searched and exported equals what was extracted, on a new database and on one that
version 5 wrote and the migration brought forward, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
import storekit
from click.testing import CliRunner
from storekit import event, place

from kroniek.cli import cli
from kroniek.model import Article, ArticleResult, DocDate, Event, Span
from kroniek.store import IncidentQuery, core, history, open_store, rows
from kroniek.store.backends import Backend
from kroniek.store.check import check_store

store_url, pg_url = storekit.store_url, storekit.pg_url
GENT = place("Gent", "BE", 51.05, 3.71667, admin1="Flanders", gid=2797656)

# Written for this test. Accents and curly quotes before the spans: offsets count characters, not bytes.
TEXTS = {
    "gent-1": (
        "Gent – café ‘De Ruiter’ meldt: het ging snel.\n"
        "Relschoppers gooiden zondagavond stenen naar de politie bij het Sint-Pietersstation in Gent. "
        "Twee agenten raakten gewond.\n"
    ),
    "gent-2": (
        "Politiezône Gent, maandag.\n"
        "In Gent vielen gisteren twee gewonden toen betogers relschoppers werden en stenen gooiden.\n"
    ),
}


def _span(text: str, words: str, rule: str = "") -> Span:
    start = text.index(words)
    return Span(start, start + len(words), words, rule)


def _coded(article_id: str) -> Event:
    text = TEXTS[article_id]
    base = event("riots", "violent_demonstration", "2023-03-12", GENT, ("Rioters", "rioters"), injuries=2)
    sentence = text.splitlines()[1]
    return Event(
        **{
            **{f: getattr(base, f) for f in base.__dataclass_fields__},
            "evidence": (
                _span(text, sentence, "sentence"),
                Span(3, 9, "elders", "header"),  # words that are not text[3:9]: stored with them
                Span(len(text) + 5, len(text) + 9, "weg!"),  # beyond the text
            ),
            "provenance": (
                ("location", _span(text, "Gent", "gazetteer")),
                ("event_type", _span(text, "stenen", "trigger:stones")),
                ("injuries", Span(0, 4, "twee gewonden", "number+noun")),
            ),
        }
    )


def _pairs() -> list[tuple[Article, ArticleResult]]:
    found = []
    for article_id, text in TEXTS.items():
        article = Article(
            article_id, text, date=DocDate.parse("2023-03-13", "field"), url=f"https://e.be/{article_id}"
        )
        found.append((article, ArticleResult(article_id, "nl", article.date, (_coded(article_id),))))
    return found


def _read(url: str) -> list[dict[str, Any]]:
    with open_store(url) as store:
        return [{k: v for k, v in i.to_dict().items() if k != "updated_at"} for i in store.incidents()]


def _shown(url: str, incident_id: str) -> str:
    out = CliRunner().invoke(cli, ["show", incident_id, "--db", url]).stdout
    return out.split("History")[0]  # the history's times are when each store was written


def test_store_offsets_read_back_as_extracted(store_url: str) -> None:
    with open_store(store_url) as store:
        store.save_batch(_pairs())
        [incident] = list(store.incidents())
        assert [s.article_id for s in incident.sources] == ["gent-1", "gent-2"]
        for source in incident.sources:
            coded = _coded(source.article_id)
            assert source.event.evidence == coded.evidence
            assert source.event.provenance == coded.provenance
        stored = store.backend.query("SELECT evidence, provenance FROM events WHERE article_id = 'gent-1'")
        evidence, provenance = (rows.load_json(value) for value in stored[0])
    # Words are stored only where they are not the text's [start:end]; the rule "sentence" is not stored.
    assert [len(span) for span in evidence] == [2, 4, 4]
    assert [len(span) for span in provenance] == [4, 4, 5]
    assert (
        store_url.startswith("postgres")
        or rows.article_text(
            open_store(store_url).backend.query("SELECT text FROM articles WHERE id = 'gent-1'")[0][0]
        )
        == TEXTS["gent-1"]
    )


def _v5_event_row(article_id: str, index: int, ev: Event, text: str) -> tuple[Any, ...]:
    """An events row as version 5 wrote it: every span a {start, end, text, rule} object."""
    row = _EVENT_ROW(article_id, index, ev, text)
    return (
        *row[:-2],
        json.dumps([rows.span_to_json(s) for s in ev.evidence], ensure_ascii=False),
        json.dumps([[n, rows.span_to_json(s)] for n, s in ev.provenance], ensure_ascii=False),
    )


_EVENT_ROW = rows.event_row
_MIGRATIONS = Backend.migrations


def test_store_offsets_version_5_database_migrates(
    store_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old:
        old.setattr(Backend, "migrations", lambda self: [m for m in _MIGRATIONS(self) if m[0] <= 5])
        old.setattr(core, "event_row", _v5_event_row)
        old.setattr(core, "pack_text", lambda text: text)  # version 5 stored the text as it is
        old.setattr(
            history, "_stored_changes", lambda kind, changes: {n: list(p) for n, p in changes.items()}
        )
        with open_store(store_url) as store:
            store.save_batch(_pairs())
            assert store.schema_version() == 5
            [[evidence]] = store.backend.query("SELECT evidence FROM events WHERE article_id = 'gent-2'")
            assert "text" in rows.load_json(evidence)[0]
    fresh = str(tmp_path / "fresh.db")
    with open_store(fresh) as store:
        store.save_batch(_pairs())
        store.save_batch([_updated()])
    with open_store(store_url) as store:  # migrates to the latest version
        assert store.schema_version() == len(store.backend.migrations())
        [[evidence]] = store.backend.query("SELECT evidence FROM events WHERE article_id = 'gent-2'")
        assert [len(span) for span in rows.load_json(evidence)] == [2, 4, 4]
        assert [i.id for i in store.incidents(IncidentQuery(text="Sint-Pietersstation"))]
        assert not list(store.incidents(IncidentQuery(text="Brugge")))
        assert check_store(store).ok
        [incident] = list(store.incidents())
        old_history = [(c.kind, c.changes, c.reports) for c in store.history(incident.id)]
        # an article of the old database replaced: written the new way, deleted from the index
        store.save_batch([_updated()])
        assert check_store(store).ok
        assert [i.id for i in store.incidents(IncidentQuery(text="bijgewerkt"))] == [incident.id]
    with open_store(fresh) as store:
        assert old_history == [(c.kind, c.changes, c.reports) for c in store.history(incident.id)][:1]
    assert _read(store_url) == _read(fresh)
    assert _shown(store_url, incident.id) == _shown(fresh, incident.id)
    assert "Relschoppers gooiden zondagavond stenen" in _shown(fresh, incident.id)


def _updated() -> tuple[Article, ArticleResult]:
    article, result = _pairs()[0]
    return dataclasses.replace(article, text=article.text + "Bijgewerkt.\n"), result
