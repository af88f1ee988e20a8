"""The shapes of the JSON answers, for the OpenAPI description (and the tests that hold answers to them).

Answers are built as plain dicts by the routes; these models only describe them, so that
`/openapi.json` documents every field. tests/test_web_api.py validates real answers against them,
which keeps the description honest.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Error(_Model):
    error: str = Field(description="What was wrong, in words that say what is accepted.")
    parameter: str | None = Field(None, description="The query parameter at fault, when one is.")
    status: int


class Filters(_Model):
    type: list[str]
    country: list[str] = Field(description="ISO 3166-1 alpha-2 codes.")
    from_: str | None = Field(alias="from")
    to: str | None
    lang: list[str]
    q: str | None = Field(description="The search words as used (punctuation dropped).")
    place: str | None


class ListActor(_Model):
    name: str
    type: str | None


class ListLocation(_Model):
    name: str | None
    admin1: str | None
    country: str | None
    country_name: str | None
    lat: float | None
    lon: float | None
    precision: int | None = Field(description="ACLED geo_precision: 1 town, 2 part of/near a town, 3 region.")


class IncidentSummary(_Model):
    id: str
    event_type: str
    sub_event_type: str
    date: str
    date_start: str
    date_end: str
    date_precision: str = Field(description="day, week or month: how wide the date window is.")
    location: ListLocation
    actor1: ListActor | None
    actor2: ListActor | None
    fatalities: int | None
    injuries: int | None
    n_sources: int
    langs: list[str]
    toll_flags: list[str] = Field(description="above_sources, implausible: a fatality figure to check.")
    url: str
    json_: str = Field(alias="json")


class IncidentList(_Model):
    total: int = Field(description="Incidents matching the filters.")
    fatalities: int = Field(description="Fatalities of all matching incidents.")
    page: int
    pages: int
    limit: int
    sort: str
    filters: Filters
    incidents: list[IncidentSummary]
    next: str | None
    prev: str | None
    html: str = Field(description="The same view as a web page.")


class Timeline(_Model):
    bucket: str = Field(description="day, week (starting Monday) or month.")
    buckets: list[str] = Field(description="First day of each bucket, without gaps.")
    series: dict[str, list[int]] = Field(description="Event type -> incidents per bucket.")
    fatalities: list[int]
    fatality_series: dict[str, list[int]] = Field(description="Event type -> fatalities per bucket.")
    filters: Filters


class PointGeometry(_Model):
    type: str
    coordinates: list[float] = Field(description="[longitude, latitude]")


class PointProperties(_Model):
    place: str
    name: str | None
    country: str | None
    event_type: str
    incidents: int
    fatalities: int
    incident: str | None = Field(description="The incident's id when the point is a single incident.")
    latest: str


class Point(_Model):
    type: str
    geometry: PointGeometry
    properties: PointProperties


class MapPoints(_Model):
    type: str
    features: list[Point]
    truncated: bool = Field(description="True when only the largest groups are included.")
    unmapped: int = Field(description="Matching incidents without coordinates (not drawn).")
    filters: Filters


class CountryChoice(_Model):
    code: str
    name: str | None
    incidents: int


class TypeChoice(_Model):
    type: str
    label: str
    incidents: int
    sub_event_types: list[str]


class LangChoice(_Model):
    lang: str
    articles: int


class Facets(_Model):
    countries: list[CountryChoice]
    types: list[TypeChoice]
    langs: list[LangChoice]
    first: str | None
    last: str | None


class HighlightOut(_Model):
    kind: str = Field(description="evidence (a sentence that reports the event) or field.")
    field: str | None = Field(description="For kind=field: the field these words gave its value.")
    start: int
    end: int
    text: str
    rule: str


class SourceArticle(_Model):
    id: str
    lang: str | None
    url: str | None
    doc_date: str | None
    text: str


class IncidentSource(_Model):
    event_id: str
    article_id: str
    rule: str = Field(description="Why this report joined the incident.")
    lang: str | None
    url: str | None
    doc_date: str | None
    event: dict[str, object] = Field(description="This article's own coding (as `kroniek extract` gives).")
    article: SourceArticle | None
    highlights: list[HighlightOut] = Field(description="Spans found in the article text, in field order.")
    unmatched: list[dict[str, object]] = Field(description="Recorded spans that do not match the text.")


class IncidentDetail(_Model):
    id: str
    acled_id: str = Field(description="ACLED-style event_id_cnty (ISO alpha-3 and a number).")
    event_type: str
    sub_event_type: str
    date: str
    date_start: str
    date_end: str
    date_precision: str = Field(description="day, week or month: how wide the date window is.")
    location: dict[str, object] = Field(
        description="name, admin1, country, lat, lon, geonames_id, precision."
    )
    country_name: str | None
    actor1: dict[str, object] | None
    actor2: dict[str, object] | None
    fatalities: int | None = Field(description="The lowest figure reported (ACLED's conservative rule).")
    fatalities_low: int | None
    fatalities_high: int | None
    injuries: int | None
    injuries_low: int | None
    injuries_high: int | None
    rules: list[str] = Field(description="How the fields were reconciled across the sources.")
    updated_at: int
    articles: list[str]
    sources: list[IncidentSource]
    toll: dict[str, object] = Field(
        description="Every figure the sources report (`figures`: article_id, kind, value, flags) and the "
        "incident's toll flags (`flags`: above_sources, implausible)."
    )
    html: str
    history: list[dict[str, object]] = Field(
        default_factory=list,
        description="When the incident was created and each later change: kind, {field: [before, after]}, "
        "the reports that brought it (as `kroniek changes` gives).",
    )


class Status(_Model):
    database: str = Field(description="sqlite or postgres")
    incidents: int
    read_only: bool
    assets_missing: list[str] = Field(description="Front-end files not installed (map/timeline off).")
    version: str
