"""ACLED's derived columns: disorder type, civilian targeting, region, actor-type labels, source scale.

Rules from ACLED's codebook (2023 edition, "Disorder type" and "Civilian targeting"):

- `disorder_type`: "Political violence" for battles, explosions/remote violence, violence against
  civilians and mob violence; "Demonstrations" for peaceful protests, protests with intervention and
  violent demonstrations; "Political violence; Demonstrations" for excessive force against protesters
  and for any political violence whose target is protesters; "Strategic developments" for strategic
  developments.
- `civilian_targeting`: "Civilian targeting" when civilians are the target of political violence (an
  actor of type civilians on an event of the political-violence disorder), else empty. ACLED never sets
  it on demonstrations or strategic developments.
- `inter1`/`inter2` as text: ACLED's actor-type labels; `interaction` as text "Rebel group-Civilians",
  lowest code first, or "Protesters only" for one actor (ACLED's text export since 2024).
"""

from __future__ import annotations

import functools
from importlib import resources
from urllib.parse import urlsplit

from kroniek.model import ACTOR_TYPES, Actor

INTER_CODES = {actor_type: code for code, actor_type in enumerate(ACTOR_TYPES, start=1)}
INTER_LABELS = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
BOTH = "Political violence; Demonstrations"
STRATEGIC = "Strategic developments"
_DISORDER_BY_EVENT_TYPE = {
    "battles": POLITICAL_VIOLENCE,
    "explosions_remote_violence": POLITICAL_VIOLENCE,
    "violence_against_civilians": POLITICAL_VIOLENCE,
    "protests": DEMONSTRATIONS,
    "strategic_developments": STRATEGIC,
}
_DISORDER_BY_SUB_EVENT_TYPE = {
    "excessive_force_against_protesters": BOTH,
    "mob_violence": POLITICAL_VIOLENCE,
    "violent_demonstration": DEMONSTRATIONS,
}

# ACLED's source scales, in the order ACLED joins them ("National-International").
SOURCE_SCALES = ("Local", "Subnational", "National", "Regional", "International", "New media", "Other")
# Country-code top-level domains that are not the country's code.
_TLD_COUNTRIES = {"uk": "GB"}


def disorder_type(event_type: str, sub_event_type: str, actor2: Actor | None = None) -> str:
    """ACLED's disorder type of an event.

    >>> disorder_type("riots", "mob_violence"), disorder_type("protests", "peaceful_protest")
    ('Political violence', 'Demonstrations')
    >>> disorder_type("violence_against_civilians", "attack", Actor("Protesters (Iraq)", "protesters", "IQ"))
    'Political violence; Demonstrations'
    """
    found = _DISORDER_BY_SUB_EVENT_TYPE.get(sub_event_type) or _DISORDER_BY_EVENT_TYPE.get(event_type, "")
    if found == POLITICAL_VIOLENCE and actor2 is not None and actor2.type == "protesters":
        return BOTH
    return found


def civilian_targeting(disorder: str, actor1: Actor | None, actor2: Actor | None) -> str:
    """ "Civilian targeting" when civilians are a side of a political-violence event, else ""."""
    if POLITICAL_VIOLENCE not in disorder:
        return ""
    # Civilians as actor1 of political violence are victims too (ACLED puts them second, but a
    # report's actor order is not always the codebook's).
    if any(a is not None and a.type == "civilians" for a in (actor1, actor2)):
        return "Civilian targeting"
    return ""


@functools.cache
def regions() -> dict[str, str]:
    """ISO alpha-2 -> ACLED region, from regions.tsv."""
    text = (resources.files(__package__) / "regions.tsv").read_text(encoding="utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {iso2: region for iso2, region in pairs}


def inter_code(actor: Actor | None) -> int:
    """ACLED's inter code of an actor: 1-8, or 0 when there is none (ACLED's inter2 without actor2)."""
    return INTER_CODES.get(actor.type, 0) if actor is not None else 0


def interaction_label(code1: int, code2: int) -> str:
    """ACLED's text interaction: "State forces-Civilians", "Protesters only"; "" without actors.

    >>> interaction_label(7, 2), interaction_label(6, 0)
    ('Rebel group-Civilians', 'Protesters only')
    """
    codes = sorted(c for c in (code1, code2) if c)
    if not codes:
        return ""
    if len(codes) == 1:
        return f"{INTER_LABELS[codes[0]]} only"
    return f"{INTER_LABELS[codes[0]]}-{INTER_LABELS[codes[1]]}"


@functools.cache
def _outlet_countries() -> dict[str, str]:
    text = resources.files("kroniek").joinpath("data", "outlets.tsv").read_text(encoding="utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {host: iso2 for host, iso2 in pairs}


@functools.lru_cache(maxsize=65536)
def outlet_country(url: str | None) -> str | None:
    """The home country of an outlet: from outlets.tsv, else from a country-code domain; None if unknown.

    >>> outlet_country("https://www.nrc.nl/x"), outlet_country("https://news.bbc.co.uk/y")
    ('NL', 'GB')
    """
    host = (urlsplit(url).hostname or "") if url else ""
    if not host:
        return None
    known = _outlet_countries()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        found = known.get(".".join(parts[i:]))
        if found:
            return found
    tld = parts[-1]
    if len(tld) == 2 and tld.isalpha():
        return _TLD_COUNTRIES.get(tld, tld.upper())
    return None


def source_scale(urls: list[str | None], event_country: str | None) -> str:
    """ACLED's source scale of an incident's sources: "National" for outlets of the event's country,
    "International" for outlets of another, joined in ACLED's order; "Other" when no outlet is known.

    >>> source_scale(["https://nrc.nl/a", "https://theguardian.com/b"], "NL")
    'National-International'
    """
    scales = set()
    for url in urls:
        country = outlet_country(url)
        if country and event_country:
            scales.add("National" if country == event_country else "International")
    return "-".join(s for s in SOURCE_SCALES if s in scales) or "Other"
