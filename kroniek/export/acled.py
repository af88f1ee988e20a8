"""Incidents as ACLED rows: ACLED's 31 columns in ACLED's order and spelling, then ours.

ACLED's codes: `time_precision` 1 day, 2 week, 3 month; `inter1`/`inter2` 1 state forces, 2 rebel
groups, 3 political militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external
or other forces, 0 for no actor; `interaction` the two codes together, lowest first (17), or the one code
and 0 for an event with one actor (60); with `inter_labels` these three are ACLED's text labels instead
("Rebel group", "Rebel group-Civilians", "Protesters only"). `iso` is the ISO 3166 numeric code;
`event_id_cnty` the ISO alpha-3 code and a number, here derived from the stable incident id.
`disorder_type`, `civilian_targeting` and `source_scale` follow ACLED's rules (`codebook.py`), `region`
is ACLED's region of the country (regions.tsv), `admin2` comes from the gazetteer (it has no third
level: `admin3` stays empty), `assoc_actor_1`/`_2` are the other actors the sources name on each side,
`notes` one sentence built from the coded fields (`notes.py`), `tags` stays empty (kroniek codes none of
ACLED's tags). Ours: `reported_fatalities` every source's figure ("12 [en-1]; 502 [fr-1] (implausible)"),
`toll_flags` the incident's toll flags (`kroniek/tolls.py`). `fatalities` is 0 when no figure was
reported, as in ACLED; our `fatalities_low`/`fatalities_high` stay empty then.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

from kroniek.actor_names import canonical_event
from kroniek.export import codebook, notes
from kroniek.export.codebook import INTER_CODES, INTER_LABELS, inter_code, interaction_label
from kroniek.gazetteer import default_gazetteer
from kroniek.model import Actor, Event
from kroniek.store.records import StoredIncident
from kroniek.tolls import check_tolls

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip
OUR_COLUMNS: tuple[str, ...] = (
    "incident_id", "injuries", "fatalities_low", "fatalities_high", "date_start", "date_end",
    "sources", "evidence", "rules", "reported_fatalities", "toll_flags",
)  # fmt: skip
COLUMNS = ACLED_COLUMNS + OUR_COLUMNS

TIME_PRECISION = {"day": 1, "week": 2, "month": 3}

# ACLED's spelling of its own taxonomy (our snake_case names come from it).
EVENT_TYPE_NAMES = {
    "battles": "Battles",
    "explosions_remote_violence": "Explosions/Remote violence",
    "violence_against_civilians": "Violence against civilians",
    "protests": "Protests",
    "riots": "Riots",
    "strategic_developments": "Strategic developments",
}
SUB_EVENT_TYPE_NAMES = {
    "armed_clash": "Armed clash",
    "government_regains_territory": "Government regains territory",
    "non_state_actor_overtakes_territory": "Non-state actor overtakes territory",
    "chemical_weapon": "Chemical weapon",
    "air_drone_strike": "Air/drone strike",
    "suicide_bomb": "Suicide bomb",
    "shelling_artillery_missile_attack": "Shelling/artillery/missile attack",
    "remote_explosive_landmine_ied": "Remote explosive/landmine/IED",
    "grenade": "Grenade",
    "sexual_violence": "Sexual violence",
    "attack": "Attack",
    "abduction_forced_disappearance": "Abduction/forced disappearance",
    "peaceful_protest": "Peaceful protest",
    "protest_with_intervention": "Protest with intervention",
    "excessive_force_against_protesters": "Excessive force against protesters",
    "violent_demonstration": "Violent demonstration",
    "mob_violence": "Mob violence",
    "agreement": "Agreement",
    "arrests": "Arrests",
    "change_to_group_activity": "Change to group/activity",
    "disrupted_weapons_use": "Disrupted weapons use",
    "headquarters_or_base_established": "Headquarters or base established",
    "looting_property_destruction": "Looting/property destruction",
    "non_violent_transfer_of_territory": "Non-violent transfer of territory",
    "other": "Other",
}


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    numeric: int
    name: str


@functools.cache
def countries() -> dict[str, Country]:
    """ISO alpha-2 -> country, from countries.tsv (GeoNames, CC BY 4.0)."""
    text = (resources.files(__package__) / "countries.tsv").read_text(encoding="utf-8")
    found = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            iso2, iso3, numeric, name = line.split("\t")
            found[iso2] = Country(iso2, iso3, int(numeric), name)
    return found


def country_code(value: str) -> str | None:
    """An ISO alpha-2 code for an alpha-2 or alpha-3 code or an English name; None if unknown.

    >>> country_code("IRQ"), country_code("iq"), country_code("Netherlands")
    ('IQ', 'IQ', 'NL')
    """
    wanted = value.strip().casefold()
    for country in countries().values():
        if wanted in (country.iso2.casefold(), country.iso3.casefold(), country.name.casefold()):
            return country.iso2
    return None


def event_id_cnty(incident_id: str, country: str | None) -> str:
    """ACLED-style id: ISO alpha-3 and a number, both stable for a stable incident id.

    >>> event_id_cnty("00000000002a", "IQ")
    'IRQ42'
    """
    found = countries().get(country or "")
    return f"{found.iso3 if found else 'XXX'}{int(incident_id, 16)}"


def interaction(actor1: Actor | None, actor2: Actor | None) -> int | None:
    """ACLED's interaction code: both inter codes, lowest first; one actor alone gets a trailing 0."""
    codes = sorted(INTER_CODES[a.type] for a in (actor1, actor2) if a is not None and a.type in INTER_CODES)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


@functools.lru_cache(maxsize=65536)
def admin2(geonames_id: int | None) -> str | None:
    """The second-order region of a gazetteer place (a town's district, or a district itself)."""
    if geonames_id is None:
        return None
    gaz = default_gazetteer()
    offset = gaz.find(geonames_id)
    if offset is None:
        return None
    record = gaz.record(offset)
    if record.kind == "district":
        return record.name
    region = gaz.find(record.admin2) if record.admin2 else None
    return gaz.record(region).name if region is not None else None


def associated(chosen: Actor | None, other: Actor | None, named: list[Actor | None]) -> str:
    """The actors the sources name on one side besides the incident's own (ACLED's assoc_actor)."""
    taken = {a.name for a in (chosen, other) if a is not None}
    found = sorted({a.name for a in named if a is not None and a.name not in taken})
    return "; ".join(found)


def outlet(url: str | None, article_id: str) -> str:
    """The outlet an article came from, as its host name without `www.`; the article id without a URL."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else article_id


def acled_row(incident: StoredIncident, *, inter_labels: bool = False) -> dict[str, object]:
    """One incident as a flat record with `COLUMNS` as keys (None where there is no value).

    `inter_labels`: ACLED's text labels in inter1, inter2 and interaction instead of its codes.
    """
    loc, window = incident.location, incident.window
    country = countries().get(loc.country or "")
    a1, a2 = incident.actor1, incident.actor2
    sources = incident.sources
    # Each source's actors under their canonical names, so that assoc_actor lists other actors, not
    # other spellings of the incident's own (named for the incident's day, as its own actors are).
    events: list[Event] = [canonical_event(s.event, s.lang or "en", when=window.start) for s in sources]
    evidence = [f"[{s.article_id}] {span.text}" for s in sources for span in s.event.evidence]
    tolls = check_tolls(incident)
    disorder = codebook.disorder_type(incident.event_type, incident.sub_event_type, a2)
    code1, code2 = inter_code(a1), inter_code(a2)
    inter: tuple[object, object, object]
    if inter_labels:
        inter = (INTER_LABELS.get(code1, ""), INTER_LABELS.get(code2, ""), interaction_label(code1, code2))
    else:
        inter = (code1, code2, interaction(a1, a2) or 0)
    country_name = country.name if country else loc.country
    # ACLED always names a location; at region or country precision that is the region or country.
    location = loc.name or loc.admin1 or country_name
    return {
        "event_id_cnty": event_id_cnty(incident.id, loc.country),
        "event_date": window.date.isoformat(),
        "year": window.date.year,
        "time_precision": TIME_PRECISION.get(window.precision, 3),
        "disorder_type": disorder,
        "event_type": EVENT_TYPE_NAMES.get(incident.event_type, incident.event_type),
        "sub_event_type": SUB_EVENT_TYPE_NAMES.get(incident.sub_event_type, incident.sub_event_type),
        "actor1": a1.name if a1 else None,
        "assoc_actor_1": associated(a1, a2, [e.actor1 for e in events]) or None,
        "inter1": inter[0],
        "actor2": a2.name if a2 else None,
        "assoc_actor_2": associated(a2, a1, [e.actor2 for e in events]) or None,
        "inter2": inter[1],
        "interaction": inter[2],
        "civilian_targeting": codebook.civilian_targeting(disorder, a1, a2) or None,
        "iso": country.numeric if country else None,
        "region": codebook.regions().get(loc.country or ""),
        "country": country_name,
        "admin1": loc.admin1,
        "admin2": admin2(loc.geonames_id),
        "admin3": None,
        "location": location,
        "latitude": loc.lat,
        "longitude": loc.lon,
        "geo_precision": loc.precision,
        "source": "; ".join(sorted({outlet(s.url, s.article_id) for s in sources})),
        "source_scale": codebook.source_scale([s.url for s in sources], loc.country),
        "notes": notes.sentence(
            incident.sub_event_type,
            window,
            a1,
            a2,
            (location, loc.admin1, country_name),
            incident.fatalities.value,
            incident.injuries.value,
        ),
        "fatalities": incident.fatalities.value or 0,
        "tags": None,
        "timestamp": incident.updated_at,
        "incident_id": incident.id,
        "injuries": incident.injuries.value,
        "fatalities_low": incident.fatalities.low,
        "fatalities_high": incident.fatalities.high,
        "date_start": window.start.isoformat(),
        "date_end": window.end.isoformat(),
        "sources": "; ".join(incident.article_ids),
        "evidence": " | ".join(evidence),
        "rules": "; ".join(incident.rules),
        "reported_fatalities": tolls.reported("fatalities") or None,
        "toll_flags": "; ".join(tolls.flags) or None,
    }
