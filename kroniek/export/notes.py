"""ACLED's `notes`: one factual sentence built from an incident's coded fields, never from free text.

"On 18 May 2024, Al Shabaab attacked Civilians (Somalia) in Mogadishu (Banadir, Somalia); 12 killed,
3 injured." The verb phrase per sub-event type comes from notes.toml; nothing is said that the coded
fields do not say.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

from kroniek.model import Actor, DateWindow

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip


@functools.cache
def templates() -> dict[str, dict[str, str]]:
    text = (resources.files(__package__) / "notes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def when(window: DateWindow) -> str:
    """ "On 18 May 2024", "In the week of 6 March 2023" or "In May 2024"."""
    start = window.start
    day = f"{start.day} {_MONTHS[start.month - 1]} {start.year}"
    if window.precision == "day":
        return f"On {day}"
    if window.precision == "week":
        return f"In the week of {day}"
    return f"In {_MONTHS[start.month - 1]} {start.year}"


def where(location: str | None, admin1: str | None, country: str | None) -> str:
    """ "in Mogadishu (Banadir, Somalia)", "in Banadir (Somalia)", "in Somalia", or ""."""
    context = [p for p in (admin1, country) if p and p != location]
    if location:
        return f" in {location}" + (f" ({', '.join(context)})" if context else "")
    return f" in {', '.join(context)}" if context else ""


def toll(fatalities: int | None, injuries: int | None) -> str:
    parts = []
    if fatalities is not None:
        parts.append(f"{fatalities} killed")
    if injuries is not None:
        parts.append(f"{injuries} injured")
    return ("; " + ", ".join(parts)) if parts else ""


def sentence(
    sub_event_type: str,
    window: DateWindow,
    actor1: Actor | None,
    actor2: Actor | None,
    place: tuple[str | None, str | None, str | None],
    fatalities: int | None,
    injuries: int | None,
) -> str:
    """The notes sentence.

    >>> import datetime as dt
    >>> day = DateWindow(dt.date(2024, 5, 18), dt.date(2024, 5, 18), "day")
    >>> al_shabaab = Actor("Al Shabaab", "rebel_groups", "SO")
    >>> civilians = Actor("Civilians (Somalia)", "civilians", "SO")
    >>> sentence("attack", day, al_shabaab, civilians, ("Mogadishu", "Banadir", "Somalia"), 12, None)
    'On 18 May 2024, Al Shabaab attacked Civilians (Somalia) in Mogadishu (Banadir, Somalia); 12 killed.'
    """
    forms = templates()
    default = forms["default"]
    chosen = forms.get(sub_event_type, default)
    what = sub_event_type.replace("_", " ")
    if actor1 and actor2:
        clause = chosen["both"].format(actor1=actor1.name, actor2=actor2.name, what=what)
    elif actor1:
        clause = chosen["one"].format(actor1=actor1.name, what=what)
    else:
        clause = chosen.get("none", default["none"]).format(what=what)
        if actor2:  # only the other side is known: say who was involved, not who acted
            clause += f" involving {actor2.name}"
    return f"{when(window)}, {clause}{where(*place)}{toll(fatalities, injuries)}."
