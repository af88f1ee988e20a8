"""The language data folders: the same files and keys in every language, and values the code understands.

A language is added by adding a folder (docs/languages.md); these tests are the checks that it is complete:
- every folder holds the same files, and every TOML file the same keys, table by table, except in tables
  whose keys are themselves vocabulary (month words, number words, trigger class names, ...);
- every trigger class names a family and sub-event type the event stage knows, every cue name is one the
  code reads, every context scope is known;
- every TSV file has the columns its reader expects.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from kroniek import lang as language_data
from kroniek.model import EVENT_TYPES, SUB_EVENT_TYPES
from kroniek.stages.calendar import PERIOD_KINDS, WEEKDAY_KINDS
from kroniek.stages.typing import FAMILY_TYPE

LANG_ROOT = Path(str(resources.files("kroniek.lang")))
EXTRACT_ROOT = Path(str(resources.files("kroniek.stages")))
CODES = language_data.available()

# Tables whose keys are vocabulary or free names, not schema: languages differ there. The value of each entry
# is checked by `_check_entry` instead ("file", "dotted.path"; "*" stands for any one key).
FREE_TABLES = {
    ("calendar", "year_words"): int,
    ("calendar", "relative_days"): int,
    ("calendar", "periods"): "period",
    ("calendar", "count_words"): int,
    ("calendar", "units"): int,
    ("calendar", "holidays"): "month-day",
    ("numbers", "words"): int,
    ("numbers", "approximate"): int,
    ("numbers", "several"): int,
    ("numbers", "grammar.scales"): int,
    ("numbers", "fractions"): "fraction",
    ("actors", "country_words"): "iso2",
    ("actors", "nouns"): "kind",
    ("actors", "modified_nouns"): "kind",
    ("actors", "compound_heads"): "kind",
    ("triggers", ""): "trigger",  # trigger classes (and the [cues] table, checked on its own)
    ("contexts", "domain"): "domain",
}
TRIGGER_KEYS = {"family", "sub_event_type", "words"}
TRIGGER_OPTIONAL = {"strength", "default"}
SPLIT_VERB_KEYS = {"particle", "verbs", "kind", "not_before", "clause_final"}
CONTEXT_SCOPES = {"near", "sentence", "domain", "background", "subgroup", "masks"}
NEAR_DIRECTIONS = {"before", "after", "both"}
# Families the event stage knows: those FAMILY_TYPE maps to one type, and those typed from their cues.
FAMILIES = {*FAMILY_TYPE, "violence", "protest", "riot"}
# The ACLED event types each cue-typed family may produce.
FAMILY_EVENT_TYPES = {
    "violence": {"battles", "explosions_remote_violence", "violence_against_civilians"},
    "protest": {"protests"},
    "riot": {"riots"},
}
# Columns of each TSV file: (minimum, maximum).
TSV_COLUMNS = {"places": (2, 4), "demonyms": (2, 2), "common_words": (1, 1), "actor_names": (2, 2)}


@cache
def tables(code: str) -> dict[str, Any]:
    return language_data.load(code).tables


def _files(code: str) -> set[str]:
    return {p.name for p in (LANG_ROOT / code).iterdir() if p.suffix in (".toml", ".tsv")}


def _free(stem: str, path: str) -> Any:
    return FREE_TABLES.get((stem, path))


def _key_paths(stem: str, table: dict[str, Any], prefix: str = "") -> set[str]:
    """Dotted paths of every key, not descending into free tables (their own path is kept)."""
    out = set()
    for key, value in table.items():
        path = f"{prefix}.{key}" if prefix else key
        if _free(stem, prefix) is not None:
            continue  # a free entry: its shape is checked by test_lang_data_free_entries
        out.add(path)
        if isinstance(value, dict):
            out |= _key_paths(stem, value, path)
    return out


@cache
def _code_strings() -> frozenset[str]:
    """Every string constant in the extraction code: the names it can read from the data."""
    found = set()
    for path in EXTRACT_ROOT.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return frozenset(found)


def test_lang_data_has_the_shipped_languages() -> None:
    assert {"nl", "en", "de"} <= set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_lang_data_same_files(code: str) -> None:
    assert _files(code) == _files("nl"), f"{code}: files differ from nl"


@pytest.mark.parametrize("code", CODES)
def test_lang_data_same_keys(code: str) -> None:
    for name in sorted(_files("nl")):
        stem, _, suffix = name.partition(".")
        if suffix != "toml":
            continue
        ours, theirs = _key_paths(stem, tables(code)[stem]), _key_paths(stem, tables("nl")[stem])
        assert ours == theirs, (
            f"{code}/{name}: missing {sorted(theirs - ours)}, extra {sorted(ours - theirs)}"
        )


@pytest.mark.parametrize("code", CODES)
def test_lang_data_same_types(code: str) -> None:
    """A key holds the same kind of value everywhere: a list stays a list, a number a number."""
    for stem in ("language", "calendar", "numbers", "casualties", "contexts", "geography", "actors"):
        for path in _key_paths(stem, tables("nl")[stem]):
            ours, theirs = _lookup(tables(code)[stem], path), _lookup(tables("nl")[stem], path)
            assert type(ours) is type(theirs) or {type(ours), type(theirs)} <= {int, float}, (
                f"{code}/{stem}.toml {path}: {type(ours).__name__}, nl has {type(theirs).__name__}"
            )


def _lookup(table: dict[str, Any], path: str) -> Any:
    for key in path.split("."):
        table = table[key]
    return table


@pytest.mark.parametrize("code", CODES)
def test_lang_data_free_entries(code: str) -> None:
    """Entries of the vocabulary tables hold what their readers expect."""
    kinds = _actor_kinds()
    for (stem, path), expected in FREE_TABLES.items():
        table = _lookup(tables(code)[stem], path) if path else tables(code)[stem]
        for key, value in table.items():
            where = f"{code}/{stem}.toml [{path or key}] {key!r}"
            if expected is int:
                assert isinstance(value, int), where
            elif expected == "period":
                assert value in PERIOD_KINDS, where
            elif expected == "month-day":
                assert re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", value), where
            elif expected == "fraction":
                assert isinstance(value, float) and 0 < value < 10 and value != int(value), where
            elif expected == "iso2":
                assert re.fullmatch(r"[A-Z]{2}", value), where
            elif expected == "kind":
                assert key in kinds and _is_word_list(value), where
            elif expected == "domain":
                assert set(value) == {"min_hits", "words"} and _is_word_list(value["words"]), where
            elif expected == "trigger" and key != "cues":
                assert TRIGGER_KEYS <= set(value) <= TRIGGER_KEYS | TRIGGER_OPTIONAL, where
                assert _is_word_list(value["words"]) and value["words"], where


def _is_word_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(w, str) and w.strip() == w and w for w in value)


@cache
def _actor_kinds() -> frozenset[str]:
    import tomllib

    text = (resources.files("kroniek") / "data" / "actor_kinds.toml").read_text(encoding="utf-8")
    return frozenset(tomllib.loads(text))


@pytest.mark.parametrize("code", CODES)
def test_lang_data_triggers_map_to_known_types(code: str) -> None:
    for name, table in tables(code)["triggers"].items():
        if name == "cues":
            continue
        family, sub = table["family"], table["sub_event_type"]
        assert family in FAMILIES, f"{code} [{name}]: unknown family {family!r}"
        assert sub == "" or sub in SUB_EVENT_TYPES, f"{code} [{name}]: unknown sub-event type {sub!r}"
        default = table.get("default", "")
        assert default == "" or (sub == "" and default in SUB_EVENT_TYPES), (
            f"{code} [{name}]: default {default!r}"
        )
        if family in FAMILY_TYPE:
            assert sub in ("", FAMILY_TYPE[family][1]), f"{code} [{name}]: {family} cannot be {sub}"
        for value in (sub, default):
            if value:
                assert SUB_EVENT_TYPES[value] in _event_types(family), f"{code} [{name}]: {family} as {value}"
        assert 0 < table.get("strength", 1.0) <= 1, f"{code} [{name}]: strength"


def _event_types(family: str) -> set[str]:
    if family in FAMILY_TYPE:
        return {FAMILY_TYPE[family][0]}
    return FAMILY_EVENT_TYPES[family]


def test_lang_data_event_types_are_acled() -> None:
    assert set(FAMILY_EVENT_TYPES["violence"]) | {"protests", "riots"} <= set(EVENT_TYPES)


@pytest.mark.parametrize("code", CODES)
def test_lang_data_same_cues(code: str) -> None:
    assert set(tables(code)["triggers"]["cues"]) == set(tables("nl")["triggers"]["cues"])


@pytest.mark.parametrize("cue", sorted({cue for code in CODES for cue in tables(code)["triggers"]["cues"]}))
def test_lang_data_cue_names_read_by_code(cue: str) -> None:
    assert cue in _code_strings(), f"cue {cue!r} is read by no module in kroniek/stages"


@pytest.mark.parametrize("code", CODES)
def test_lang_data_context_scopes_known(code: str) -> None:
    contexts = tables(code)["contexts"]
    assert set(contexts) <= CONTEXT_SCOPES, f"{code}: unknown scopes {set(contexts) - CONTEXT_SCOPES}"
    for name, table in contexts.get("near", {}).items():
        assert {"window", "words"} <= set(table) <= {"window", "words", "direction"}, f"{code} [near.{name}]"
        assert table["window"] > 0 and table.get("direction", "both") in NEAR_DIRECTIONS, (
            f"{code} [near.{name}]"
        )
    for name, table in contexts.get("sentence", {}).items():
        assert set(table) == {"words"}, f"{code} [sentence.{name}]"
    for scope in CONTEXT_SCOPES & set(contexts):
        if "words" in contexts[scope]:
            assert _is_word_list(contexts[scope]["words"]), f"{code} [{scope}]"


@pytest.mark.parametrize("code", CODES)
def test_lang_data_calendar_kinds_known(code: str) -> None:
    calendar = tables(code)["calendar"]
    assert set(calendar["weekday_phrases"]) <= set(WEEKDAY_KINDS)
    assert len(calendar["months"]) == 12 and len(calendar["weekdays"]) == 7


@pytest.mark.parametrize("code", CODES)
def test_lang_data_split_verbs_shape(code: str) -> None:
    for entry in tables(code)["casualties"]["split_verbs"]:
        assert set(entry) == SPLIT_VERB_KEYS, f"{code} split_verbs {entry.get('particle')!r}"
        assert entry["kind"] in ("killed", "injured")


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("stem", sorted(TSV_COLUMNS))
def test_lang_data_tsv_columns(code: str, stem: str) -> None:
    low, high = TSV_COLUMNS[stem]
    rows = tables(code)[stem]
    assert rows, f"{code}/{stem}.tsv is empty"
    for row in rows:
        assert low <= len(row) <= high and all(row[:low]), f"{code}/{stem}.tsv: {row!r}"
    if stem == "demonyms":
        assert all(re.fullmatch(r"[A-Z]{2}", row[1]) for row in rows)


def test_lang_data_groups_columns() -> None:
    text = (resources.files("kroniek") / "data" / "groups.tsv").read_text(encoding="utf-8")
    rows = language_data.read_tsv(text)
    types = {"state_forces", "rebel_groups", "political_militias", "identity_militias", "external_forces"}
    types |= {"protesters", "rioters", "civilians"}
    for row in rows:
        assert 3 <= len(row) <= 4, row
        assert row[1] in types and (row[2] == "" or re.fullmatch(r"[A-Z]{2}", row[2])), row
