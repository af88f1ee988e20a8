"""Fusion, second half: the fields of an incident's reports reconciled into one incident (`fuse`): the
narrowest date window they share, the type most reports give, the most precise place, the actors most named
per side, and tolls as the range reported, each with the rule that decided it (`kroniek.fusion` groups the
reports).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from kroniek.fusion_records import Incident, Member, Range, canonical_key, geo_level, incident_id, seed_report
from kroniek.fusion_relations import actor_sides
from kroniek.model import Actor, DateWindow, Event

# When reports disagree on the sub-type and no majority decides, the more specific coding wins
# (ACLED's own rule for multi-source events). Protests follow escalation whatever the majority:
# one witness of tear gas makes a "peaceful" march a protest with intervention.
_SUBTYPE_PREFERENCE: tuple[str, ...] = (
    "suicide_bomb", "air_drone_strike", "shelling_artillery_missile_attack", "remote_explosive_landmine_ied",
    "grenade", "chemical_weapon",
    "non_state_actor_overtakes_territory", "government_regains_territory", "armed_clash",
    "sexual_violence", "abduction_forced_disappearance", "attack",
    "violent_demonstration", "mob_violence",
    "agreement", "arrests", "change_to_group_activity", "disrupted_weapons_use",
    "headquarters_or_base_established", "looting_property_destruction", "non_violent_transfer_of_territory",
    "other",
)  # fmt: skip
_ESCALATION: dict[str, tuple[str, ...]] = {
    "protests": ("excessive_force_against_protesters", "protest_with_intervention", "peaceful_protest"),
}
# When the reports of one incident disagree on the type and no majority decides: the escalated one
# (one report of violence makes a protest a riot; one of armed resistance makes an attack a battle).
_TYPE_PREFERENCE = ("riots", "protests", "battles", "violence_against_civilians")


def fuse(members: Sequence[Member]) -> Incident:
    """Reconcile the fields of an incident's reports into one incident (members in canonical order)."""
    reports = [m.report for m in members]
    seed = seed_report(reports)
    events = [r.event for r in reports]
    rules: list[str] = []
    window = _window_of(e.window for e in events)
    if window is None:  # cannot happen for clusters built by cluster_reports; keep the seed's window
        window = seed.event.window
    widest = max(e.window.end - e.window.start for e in events)
    if window.end - window.start < widest:
        fixers = sorted({r.article_id for r in reports if r.event.window == window})
        shown = ", ".join(fixers[:3]) + (f" and {len(fixers) - 3} more" if len(fixers) > 3 else "")
        by = f" by {shown}" if fixers else " by combining reports"
        rules.append(f"date: narrowed to {_window_text(window)}{by}")
    event_type, type_rule = _event_type([e.event_type for e in events])
    if type_rule:
        rules.append(type_rule)
    subs = [e.sub_event_type for e in events if e.event_type == event_type]
    sub, sub_rule = _sub_event_type(event_type, subs)
    if sub_rule:
        rules.append(sub_rule)
    location = min(events, key=lambda e: (geo_level(e.location), e.location.precision or 9)).location
    actor1, actor2 = _actors(events)
    fatalities, injuries = _count([e.fatalities for e in events]), _count([e.injuries for e in events])
    for label, rng in (("fatalities", fatalities), ("injuries", injuries)):
        if rng.low is not None and rng.low != rng.high:
            rules.append(
                f"{label}: lowest reported figure kept ({rng.low}; reports range {rng.low}-{rng.high})"
            )
    ordered = sorted(members, key=lambda m: canonical_key(m.report))
    return Incident(
        id=incident_id(seed.event_id),
        event_type=event_type,
        sub_event_type=sub,
        window=window,
        location=location,
        actor1=actor1,
        actor2=actor2,
        fatalities=fatalities,
        injuries=injuries,
        members=tuple(ordered),
        rules=tuple(rules),
    )


def _window_text(window: DateWindow) -> str:
    if window.start == window.end:
        return window.start.isoformat()
    return f"{window.start.isoformat()}..{window.end.isoformat()}"


def _event_type(types: list[str]) -> tuple[str, str]:
    counts = Counter(types)
    if len(counts) == 1:
        return types[0], ""
    top = max(counts.values())
    leaders = [t for t in counts if counts[t] == top]
    chosen = min(leaders, key=lambda t: _TYPE_PREFERENCE.index(t) if t in _TYPE_PREFERENCE else 99)
    how = "majority" if len(leaders) == 1 else "tie, the escalated"
    return chosen, f"event_type: {chosen} ({how}, {counts[chosen]} of {len(types)} reports)"


def _sub_event_type(event_type: str, subs: list[str]) -> tuple[str, str]:
    distinct = set(subs)
    if len(distinct) == 1:
        return subs[0], ""
    escalation = _ESCALATION.get(event_type)
    if escalation:
        chosen = min(distinct, key=lambda s: escalation.index(s) if s in escalation else len(escalation))
        return chosen, f"sub_event_type: {chosen} (the most escalated of {len(distinct)} codings)"
    counts = Counter(subs)
    top = max(counts.values())
    leaders = [s for s in distinct if counts[s] == top]
    chosen = min(leaders, key=_preference)
    how = "majority" if len(leaders) == 1 else "tie, the more specific"
    return chosen, f"sub_event_type: {chosen} ({how}, {counts[chosen]} of {len(subs)} reports)"


def _preference(sub: str) -> int:
    return _SUBTYPE_PREFERENCE.index(sub) if sub in _SUBTYPE_PREFERENCE else len(_SUBTYPE_PREFERENCE)


def _actors(events: list[Event]) -> tuple[Actor | None, Actor | None]:
    """Per side, the most often named actor; a report whose sides are swapped is turned around first."""
    base = events[0]
    sides: list[list[Actor]] = [[], []]
    turned: dict[tuple[Actor | None, Actor | None], bool] = {}
    for event in events:
        a1, a2 = event.actor1, event.actor2
        if (a1, a2) not in turned:
            straight = actor_sides(base.actor1, a1, base.actor2, a2)
            swapped = actor_sides(base.actor1, a2, base.actor2, a1)
            turned[a1, a2] = (
                swapped is not None and swapped[1] > 0 and (straight is None or swapped[1] > straight[1])
            )
        if turned[a1, a2]:
            a1, a2 = a2, a1
        if a1:
            sides[0].append(a1)
        if a2:
            sides[1].append(a2)
    return _most_named(sides[0]), _most_named(sides[1])


def _most_named(actors: list[Actor]) -> Actor | None:
    if not actors:
        return None
    counts = Counter(actors)
    # Ties go to the longer (more specific) name, then alphabetically, for a deterministic pick.
    return max(counts, key=lambda a: (counts[a], len(a.name), [-ord(c) for c in a.name]))


def _count(values: list[int | None]) -> Range:
    known = [v for v in values if v is not None]
    if not known:
        return Range(None, None, None)
    # ACLED's conservative rule: when sources differ, code the lowest figure; keep the spread.
    return Range(min(known), min(known), max(known))


def _window_of(windows: Iterable[DateWindow]) -> DateWindow | None:
    result: DateWindow | None = None
    for window in windows:
        result = window if result is None else result.intersect(window)
        if result is None:
            return None
    return result
