"""The gazetteer: towns, districts, provinces and countries, looked up by name.

One generated file, `kroniek/data/gazetteer.tsv.gz` (built by `tools/build_gazetteer.py`
from GeoNames data shipped in PyPI/Debian packages; credits in `kroniek/data/SOURCES.md`),
holds these sections:

- `@records`: one place a line, sorted by GeoNames id: `geonames_id code name country kind admin1 admin2
  lat lon population capital`. kind is c(ity), d(istrict), a(dmin1) or k (country); admin1/admin2 are
  region codes ("NL.06"), capital a GeoNames id. A record is named by its character offset in the section.
- `@keys` and `@values`: a normalised name per line and, on the same line of `@values`, the records it
  names: `12`, `12:a` (an untagged alternate name), `12:nl+fr` (an exonym in those languages).
- `@buckets`: `prefix key_start key_end value_start value_end`: where the names starting with each
  two letters are, so that only the buckets a text needs are turned into dicts.
- `@codes`: `code offset` for countries ("IQ") and regions ("IQ.07").
- `@connectors`: lowercase words that occur inside place names ("de", "upon", "al").

Loading only decompresses the file: names are put in dicts a bucket at a time and records are parsed
when a lookup needs them, which is what makes a cold load take a fraction of a second.

>>> gaz = default_gazetteer()
>>> [gaz.place(c.record).name for c in gaz.lookup("bagdad") if c.languages == ("nl",)][:1]
['Baghdad']
"""

from __future__ import annotations

import functools
import gzip
import itertools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import cast

from kroniek.diskcache import cached_bytes, cached_object
from kroniek.model import Place, PlaceKind

# The sections of the file, in their order.
_SECTIONS = ("records", "keys", "values", "buckets", "codes", "connectors")
KINDS = {"c": "city", "d": "district", "a": "admin1", "k": "country"}

# Letters that Unicode decomposition leaves alone, and typographic variants of ' and -.
_FOLD = str.maketrans(
    {
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "ı": "i", "æ": "ae",
        "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d", "ß": "ss",
        "‘": "'", "’": "'", "ʼ": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'", "`": "'", "´": "'",
        "‐": "-", "‑": "-", "–": "-", "—": "-",
    }
)  # fmt: skip
_SEPARATORS = re.compile(r"[\s\-,/()]+")


@functools.lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """The form names are compared in: lower case, no accents, apostrophes and dots dropped,
    hyphens as spaces.

    >>> normalize_name("'s-Hertogenbosch"), normalize_name("Khān Shaykhūn"), normalize_name("N’Djamena")
    ('s hertogenbosch', 'khan shaykhun', 'ndjamena')
    """
    text = name.translate(_FOLD)
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = text.lower().replace("'", "").replace(".", "")
    return _SEPARATORS.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Record:
    """One gazetteer line, parsed."""

    offset: int  # where it starts in the records section: its identity
    geonames_id: int | None
    code: str  # ISO alpha-2 for a country, GeoNames admin code ("NL.06") for a region, "" for a town
    name: str
    country: str
    kind: str  # city | district | admin1 | country
    admin1: str  # code of the region a town or district lies in, or ""
    admin2: str
    lat: float | None
    lon: float | None
    population: int
    capital: int | None  # for a country: GeoNames id of its capital


@dataclass(frozen=True, slots=True)
class Candidate:
    """A record a name may refer to, and what kind of name it is for that record."""

    record: int  # record offset
    alternate: bool = False  # an untagged alternate name (any language, any spelling)
    languages: tuple[str, ...] = ()  # an exonym in just these languages; () = the place's own name


class Gazetteer:
    """Name lookups over the generated gazetteer file. Build one with `load_gazetteer`."""

    def __init__(self, text: str, sections: dict[str, tuple[int, int]], codes_sorted: bool = False):
        self._text = text
        self.header = text[: sections["records"][0]].splitlines()[:-1]
        self._base, end = sections["records"]
        self._end = end
        self._keys_at = sections["keys"][0]
        self._values_at = sections["values"][0]
        self._buckets: dict[str, tuple[int, int, int, int] | dict[str, str]] = {}
        for line in text[slice(*sections["buckets"])].split("\n"):
            prefix, *numbers = line.split("\t")
            self._buckets[prefix] = tuple(int(n) for n in numbers)  # type: ignore[assignment]
        self._codes_span = sections["codes"]
        self.connectors = frozenset(text[slice(*sections["connectors"])].split())
        self._records: dict[int, Record] = {}
        self._places: dict[tuple[int, str | None], Place] = {}
        self._candidates: dict[str, tuple[Candidate, ...]] = {}
        self._codes: dict[str, int] | None = None
        # Codes in strict order, one `code<TAB>offset` a line (`codes_in_order`): found by binary search,
        # not by turning 52,000 lines into a dict (0.05 s of the first article).
        self._codes_sorted = codes_sorted
        self._code_hits: dict[str, int | None] = {}
        self.memo: dict[str, object] = {}  # for stages that cache what they derive from this gazetteer
        # Records without a GeoNames id (a line starting with a tab) come last, as the records are sorted by
        # id; binary search stops before them. Walking back from the end finds them without scanning the
        # whole section (18 million characters, a tenth of a second at start-up).
        id_end = end
        while (newline := text.rfind("\n", self._base, id_end - 1)) >= 0 and text[newline + 1] == "\t":
            id_end = newline + 1
        self._id_end = id_end - self._base

    def __contains__(self, key: str) -> bool:
        return key in self._bucket(key)

    def _bucket(self, key: str) -> dict[str, str]:
        bucket = self._buckets.get(key[:2])
        if bucket is None:
            return {}
        if isinstance(bucket, tuple):
            k0, k1, v0, v1 = bucket
            keys = self._text[self._keys_at + k0 : self._keys_at + k1].split("\n")
            values = self._text[self._values_at + v0 : self._values_at + v1].split("\n")
            bucket = dict(zip(keys, values, strict=True))
            self._buckets[key[:2]] = bucket
        return bucket

    def lookup(self, key: str) -> tuple[Candidate, ...]:
        """The records a normalised name may refer to (see `normalize_name`)."""
        found = self._candidates.get(key)
        if found is None:
            value = self._bucket(key).get(key)
            found = tuple(_parse_candidate(item) for item in value.split(",")) if value else ()
            self._candidates[key] = found
        return found

    def record(self, offset: int, keep: bool = True) -> Record:
        """The record at `offset`, parsed once and kept; `keep=False` for a scan of many records (kept, a
        country's records would stay in memory, and in every full garbage collection, for good)."""
        rec = self._records.get(offset)
        if rec is None:
            start = self._base + offset
            f = self._text[start : self._text.find("\n", start)].split("\t")
            rec = Record(
                offset=offset,
                geonames_id=int(f[0]) if f[0] else None,
                code=f[1],
                name=f[2],
                country=f[3],
                kind=KINDS[f[4]],
                admin1=f[5],
                admin2=f[6],
                lat=float(f[7]) if f[7] else None,
                lon=float(f[8]) if f[8] else None,
                population=int(f[9]) if f[9] else 0,
                capital=int(f[10]) if f[10] else None,
            )
            if keep:
                self._records[offset] = rec
        return rec

    def place(self, offset: int, kind: str | None = None) -> Place:
        """The `Place` of a record; `kind` overrides its kind (a district *of* a town is the town)."""
        place = self._places.get((offset, kind))
        if place is None:
            rec = self.record(offset)
            admin1 = rec.name if rec.kind == "admin1" else None
            if rec.admin1:
                region = self.find(rec.admin1)
                admin1 = self.record(region).name if region is not None else None
            place = Place(
                rec.geonames_id,
                rec.name,
                rec.country,
                admin1,
                rec.lat,
                rec.lon,
                cast(PlaceKind, kind or rec.kind),
                rec.population,
            )
            self._places[(offset, kind)] = place
        return place

    def find(self, ref: str | int) -> int | None:
        """The record offset of a GeoNames id (98182 or "98182"), an ISO country code ("IQ") or a GeoNames
        region code ("PS.GZ")."""
        if isinstance(ref, int) or ref.isdigit():
            return self._find_id(int(ref))
        if self._codes is None and self._codes_sorted:
            found = self._code_hits.get(ref, -1)
            if found == -1:  # (a stage asks for the same few codes again and again)
                found = self._code_hits[ref] = self._find_code(ref)
            return found
        if self._codes is None:
            pairs = (line.split("\t") for line in self._text[slice(*self._codes_span)].split("\n"))
            self._codes = {code: int(offset) for code, offset in pairs}
        return self._codes.get(ref)

    def _find_code(self, code: str) -> int | None:
        text = self._text
        lo, hi = self._codes_span
        while lo < hi:
            start = max(text.rfind("\n", lo, (lo + hi) // 2) + 1, lo)
            tab = text.find("\t", start, hi)
            key = text[start:tab]
            if key == code:
                end = text.find("\n", tab, hi)
                return int(text[tab + 1 : hi if end < 0 else end])
            if key < code:
                end = text.find("\n", start, hi)
                if end < 0:
                    return None
                lo = end + 1
            else:
                hi = start
        return None

    def _find_id(self, gid: int) -> int | None:
        text, base = self._text, self._base
        lo, hi = base, base + self._id_end
        while lo < hi:
            start = max(text.rfind("\n", lo, (lo + hi) // 2) + 1, lo)
            value = int(text[start : text.find("\t", start)])
            if value == gid:
                return start - base
            if value < gid:
                lo = text.find("\n", start) + 1
            else:
                hi = start
        return None

    def records_of(self, country: str) -> list[int]:
        """The record offsets of every place in a country (ISO alpha-2), in file order: a scan of the
        whole records section, for the rare lookups no name key serves (kroniek/place_fallback.py)."""
        text, base = self._text, self._base
        needle = f"\t{country}\t"
        found = []
        start = base
        while start < self._end:
            stop = text.find("\n", start, self._end)
            stop = self._end if stop < 0 else stop
            # the country is the fourth field: geonames_id, code, name, country
            first = text.find("\t", start, stop)
            second = text.find("\t", first + 1, stop)
            third = text.find("\t", second + 1, stop)
            if third > 0 and text.startswith(needle, third):
                found.append(start - base)
            start = stop + 1
        return found

    def country(self, iso2: str) -> int | None:
        """Record offset of a country by its ISO 3166-1 alpha-2 code."""
        return self.find(iso2.upper())


def _parse_candidate(item: str) -> Candidate:
    index, _, flags = item.partition(":")
    if not flags:
        return Candidate(int(index))
    if flags == "a":
        return Candidate(int(index), alternate=True)
    return Candidate(int(index), languages=tuple(flags.split("+")))


def parse_gazetteer(
    text: str, sections: dict[str, tuple[int, int]] | None = None, codes_sorted: bool = False
) -> Gazetteer:
    """A `Gazetteer` from the text of a gazetteer file; `sections` as `find_sections` gave them for this
    text earlier (checked at their markers, found again when they do not fit), and `codes_sorted` as
    `codes_in_order` said for them."""
    if sections is None or not _sections_fit(text, sections):
        sections, codes_sorted = find_sections(text), False
    return Gazetteer(text, sections, codes_sorted)


def codes_in_order(text: str, sections: dict[str, tuple[int, int]]) -> bool:
    """Whether the codes section has one `code<TAB>offset` a line, the codes in strictly increasing order
    (as tools/build_gazetteer.py writes them): then a code is found by binary search."""
    codes = []
    for line in text[slice(*sections["codes"])].split("\n"):
        fields = line.split("\t")
        if len(fields) != 2 or not (fields[1].isascii() and fields[1].isdigit()):
            return False
        codes.append(fields[0])
    return all(a < b for a, b in itertools.pairwise(codes))


def find_sections(text: str) -> dict[str, tuple[int, int]]:
    """Where each section of a gazetteer file's text starts and ends (after its marker line)."""
    sections: dict[str, tuple[int, int]] = {}
    name, start = "", 0
    for marker in _SECTIONS:
        # Each section follows the one before: search on from there, not from the top of 28M characters.
        at = text.find(f"\n@{marker}\n", start)
        if at < 0:
            raise ValueError(f"gazetteer file is damaged: no @{marker} section")
        if name:
            sections[name] = (start, at)
        name, start = marker, at + len(marker) + 3
    # The end without the final newlines, counted: `text.rstrip("\n")` would copy all 28M characters.
    end = len(text)
    while end and text[end - 1] == "\n":
        end -= 1
    sections[name] = (start, end)
    return sections


def _layout(text: str) -> tuple[dict[str, tuple[int, int]], bool]:
    sections = find_sections(text)
    return sections, codes_in_order(text, sections)


def _sections_fit(text: str, sections: dict[str, tuple[int, int]]) -> bool:
    """Whether `sections` are those of `text`: each starts after its marker line, ends where the next
    marker starts, and the last ends the text (before its final newlines)."""
    if tuple(sections) != _SECTIONS:
        return False
    previous_end = -1
    for marker, (start, end) in sections.items():
        at = start - len(marker) - 3
        if at < 0 or text[at:start] != f"\n@{marker}\n" or previous_end not in (-1, at):
            return False
        previous_end = end
    return not text[previous_end:].strip("\n") and (previous_end == 0 or text[previous_end - 1] != "\n")


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Read a gazetteer file (gzip or plain text); the packaged one when `path` is None."""
    if path is None:
        packaged = resources.files("kroniek").joinpath("data", "gazetteer.tsv.gz")
        if isinstance(packaged, Path):
            # Decompressing costs a fresh process a tenth of a second or more; reading the plain text an
            # earlier process left in the cache costs a few hundredths.
            data = cached_bytes("gazetteer", [packaged], lambda: _decompressed(packaged.read_bytes()))
            text = data.decode("utf-8")
            # Finding the section markers reads the whole text (0.03 s) and checking the codes' order
            # reads their section: what they give is kept beside the text.
            sections, codes_sorted = cached_object("gazetteer-layout", [packaged], lambda: _layout(text))
            return parse_gazetteer(text, sections, codes_sorted)
        data = packaged.read_bytes()
    else:
        data = Path(path).read_bytes()
    return parse_gazetteer(_decompressed(data).decode("utf-8"))


def _decompressed(data: bytes) -> bytes:
    """The file's bytes, decompressed if they are gzip."""
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process."""
    return load_gazetteer()
