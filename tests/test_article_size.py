"""Issue 13: extraction time linear in the article's size.

The figures are `bench/article_size.py`'s (up to 1 MB); here the pieces that make it linear are checked
against their plain definitions, and a made-up 200 KB article against one of 25 KB with a bound generous
enough for a busy machine: 16 times (linear is 8; the quadratic code took 28 times on this text, in pure
Python).
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import time
from zlib import crc32

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kroniek import pipeline
from kroniek.gazetteer import default_gazetteer
from kroniek.lang import load
from kroniek.learn import detector
from kroniek.learn.detector import SUBS, TYPES, Detector, _segment_sums
from kroniek.lexicon import Hit, _outermost
from kroniek.model import Actor, ActorMention, Article, CountMention, Doc, Place, PlaceMention, Span
from kroniek.pipeline import extract_article
from kroniek.stages.casualties import find_counts
from kroniek.stages.day_index import FILED_DAYS, DayIndex
from kroniek.stages.distance import km
from kroniek.stages.event_agents import find_agent
from kroniek.stages.event_context import make_context
from kroniek.stages.event_grouping import (
    EVENTS_REACH,
    _absorb_killings,
    _bare_violence,
    _compatible,
    merge_typed,
)
from kroniek.stages.frames import Cluster, Frame, day_span, intersect_days, overlap_days, spans_apart
from kroniek.stages.place_scores import NEAR_EACH_OTHER_KM, _near_each_other
from kroniek.stages.place_unlisted import _BREAK, _district_town, _nearest_region, _one_edit, _Seen
from kroniek.stages.places import find_places
from kroniek.stages.sentences import MAX_SENTENCE, split_sentences
from kroniek.stages.span_index import SpanIndex, line_start
from kroniek.stages.triggers import Mention, TriggerClass
from kroniek.stages.typing import decide_type

FIELDS = ("keys", "type_weights", "type_bias", "sub_weights", "sub_bias", "threshold")
spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1])))


@given(spans, st.booleans(), st.integers(-5, 80), st.integers(0, 15))
def test_span_index_answers_as_reading_every_span(bounds, in_order, lo, width):
    if in_order:
        bounds = sorted(bounds)
    hi = lo + width - 5  # also questions with hi < lo ("start <= p < end" asks lo = p + 1, hi = p)
    index = SpanIndex(bounds)
    expected = [i for i, (start, end) in enumerate(bounds) if start <= hi and end >= lo]
    assert index.near(lo, hi) == expected
    assert index.first(lo, hi) == (expected[0] if expected else -1)


def _outermost_by_reading_all(hits: list[Hit]) -> list[Hit]:
    """`lexicon._outermost` as it was: each hit looked at every longer one."""
    longer = [h for h in hits if h.last > h.first]
    return [
        h
        for h in hits
        if not any(
            o.first <= h.first and h.last <= o.last and o.last - o.first > h.last - h.first for o in longer
        )
    ]


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3), st.sampled_from("ab")), max_size=40))
def test_outermost_hits_as_reading_every_longer_hit(found):
    # 512 KB of "Gunmen opened fire on a police post" took 7 s, most of it here (issue 13).
    hits = [Hit(first, first + more, first, first + more + 1, tag) for first, more, tag in sorted(found)]
    assert _outermost(hits) == _outermost_by_reading_all(hits)


WORDS = ["betogers", "gooiden", "stenen", "naar", "de", "ME", "in", "Zwolle", "twee", "gewonden", "zondag"]


@given(st.text(alphabet="ab \n\t", max_size=40), st.integers(0, 45))
def test_line_start_is_after_the_last_line_break_before(text, offset):
    assert line_start(text, offset) == text.rfind("\n", 0, offset) + 1


def _words(size: int, seed: int) -> str:
    rng, out, total = random.Random(seed), [], 0
    while total < size:
        out.append(rng.choice(WORDS))
        total += len(out[-1]) + 1
    return " ".join(out)


def test_long_stretch_without_punctuation_is_read_in_pieces():
    text = _words(200_000, 3)
    sentences = split_sentences(text, load("nl"))
    assert len(sentences) > 100
    assert all(s.end - s.start <= MAX_SENTENCE for s in sentences)
    assert " ".join(text[s.start : s.end] for s in sentences).split() == text.split()  # no word cut or lost
    ordinary = "De ME greep in. " * 3 + "Een zin van een gewone lengte, " * 20 + "en dan een punt."
    pieces = [ordinary[s.start : s.end] for s in split_sentences(ordinary, load("nl"))]
    assert pieces == ["De ME greep in."] * 3 + [ordinary[48:]]


def _article(size: int) -> str:
    rng, parts, total = random.Random(7), [], 0
    towns = ["Zwolle", "Breda", "Venlo", "Almere"]
    while total < size:
        town, hurt = rng.choice(towns), rng.randint(2, 20)
        part = f"Betogers gooiden zondag in {town} stenen naar de ME, {hurt} agenten raakten gewond. "
        if rng.random() < 0.02:  # now and then a long stretch without punctuation
            part += _words(5000, rng.randint(0, 99)) + ". "
        parts.append(part)
        total += len(part)
    return "".join(parts)[:size]


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        extract_article(Article("size", text, lang="nl"))
        best = min(best, time.perf_counter() - started)
    return best


def test_time_grows_with_the_article_not_its_square():
    extract_article(Article("warm", "Rellen in Zwolle.", lang="nl"))
    small, large = _seconds(_article(25_000)), _seconds(_article(200_000))
    assert large < 16 * small + 0.5, (small, large)


def test_the_cycle_collector_is_off_while_an_article_is_read_and_as_found_after(monkeypatch):
    # Its full collections walked every object of a large article again and again (issue 13).
    seen = []
    read = pipeline.read_mentions
    monkeypatch.setattr(
        pipeline, "read_mentions", lambda doc, lang: (seen.append(gc.isenabled()), read(doc, lang))
    )
    assert gc.isenabled()
    extract_article(Article("gc", "Rellen in Zwolle.", lang="nl"))
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        extract_article(Article("gc", "Rellen in Zwolle.", lang="nl"))
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


@pytest.mark.parametrize("rows", [0, 1, 4095, 4096, 4097, 10_000])
def test_detector_block_sums_are_one_cumsum_bit_for_bit(rows):
    rng = np.random.default_rng(rows)
    weights = rng.standard_normal((rows, 5)).astype(np.float32)
    bounds = np.searchsorted(np.sort(rng.integers(0, 30, rows)), np.arange(31))
    running = np.zeros((rows + 1, 5), dtype=np.float64)
    np.cumsum(weights, axis=0, out=running[1:])
    plain = running[bounds[1:]] - running[bounds[:-1]]
    assert _segment_sums(weights, bounds)[0].tobytes() == plain.tobytes()


@pytest.mark.parametrize("stretch", [1, 7, 50, 10_000])
def test_detector_scores_by_stretches_of_sentences_bit_for_bit(monkeypatch, stretch):
    rng = np.random.default_rng(stretch)
    vocabulary = [f"w:{n}" for n in range(300)]
    keys = np.unique(np.array([crc32(f.encode()) for f in vocabulary[::2]], dtype=np.int64))
    weight = rng.standard_normal((len(keys), len(TYPES) + len(SUBS))).astype(np.float32)
    model = Detector(
        keys,
        weight[:, : len(TYPES)],
        np.zeros(len(TYPES), np.float32),
        weight[:, len(TYPES) :],
        np.zeros(len(SUBS), np.float32),
        0.5,
    )
    sentences = [list(rng.choice(vocabulary, rng.integers(0, 40))) for _ in range(120)]
    whole = model.scores(sentences)
    monkeypatch.setattr(detector, "_STRETCH_FEATURES", stretch)
    parts = Detector(*(getattr(model, f) for f in FIELDS)).scores(sentences)
    assert [a.tobytes() for a in parts] == [a.tobytes() for a in whole]


days = st.tuples(st.integers(0, 20), st.integers(0, 4)).map(
    lambda p: (dt.date(2020, 1, 1) + dt.timedelta(p[0]), dt.date(2020, 1, 1) + dt.timedelta(p[0] + p[1]))
)


@given(st.integers(1, 3).flatmap(lambda n: st.tuples(*[st.tuples(st.none() | days, st.none() | days)] * n)))
def test_overlap_days_is_an_intersection_with_a_day_left_and_apart_spans_never_overlap(pairs):
    a, b = tuple(x for x, _ in pairs), tuple(y for _, y in pairs)
    assert overlap_days(a, b) == any(d is not None for d in intersect_days(a, b))
    if spans_apart(day_span(a), day_span(b)):  # the glance that passes over a pair is never wrong
        assert not overlap_days(a, b)


def test_places_near_each_other_as_reading_every_pair():
    gaz = default_gazetteer()
    pool = [offset for country in ("NL", "BE", "NO", "FJ") for offset in gaz.records_of(country)]
    rng = random.Random(5)
    for _ in range(40):
        offsets = rng.sample(pool, rng.randint(0, 80))
        points = [(n, gaz.record(o)) for n, o in enumerate(offsets)]
        points = [
            (n, r) for n, r in points if r.kind != "country" and r.lat is not None and r.lon is not None
        ]
        expected = {
            i
            for n, a in points
            for m, b in points
            if n < m and a.country == b.country and km(a.lat, a.lon, b.lat, b.lon) <= NEAR_EACH_OTHER_KM
            for i in (n, m)
        }
        assert _near_each_other(offsets, gaz) == expected


def _bombing(day: int) -> Cluster:
    sub = "remote_explosive_landmine_ied"
    trigger = TriggerClass(f"learned:{sub}", "violence", sub, 1.0, learned=True, score=0.7)
    frame = Frame(Mention(Span(day, day + 4, "bomb"), trigger, day), "violence", None, None, [])
    date = dt.date(2020, 1, 1) + dt.timedelta(day)
    return Cluster([frame], days=((date, date),))


@pytest.mark.parametrize("between", [10, EVENTS_REACH])
def test_an_event_told_again_is_merged_only_within_reach(between):
    # The same bombing told first and last, other days' bombings between: one event while it is among the
    # last EVENTS_REACH told, two after (every event compared with every other was quadratic: issue 13).
    clusters = [_bombing(0), *(_bombing(day) for day in range(1, between + 1)), _bombing(0)]
    merged = merge_typed(clusters)
    assert len(merged) == (between + 1 if between < EVENTS_REACH else between + 2)


def _absorb_by_reading_all(clusters: list[Cluster]) -> list[Cluster]:
    """`_absorb_killings` as it was: every killing read every protest and riot, in order."""
    unrest = [c for c in clusters if c.kind and c.kind.event_type in ("protests", "riots")]
    kept = []
    for cluster in clusters:
        host = None
        if (
            cluster.kind
            and cluster.kind.event_type == "violence_against_civilians"
            and _bare_violence(cluster)
        ):
            host = next((u for u in unrest if _compatible(u, cluster)), None)
        if host is None:
            kept.append(cluster)
        else:
            for frame in cluster.frames:
                frame.family = host.family
            host.absorb(cluster)
            host.kind = decide_type(host)
    return kept


FAMILIES = ["violence", "violence", "riot", "protest"]  # a bare "violence" trigger is a killing (`typing`)
TOWNS = [
    Place(1, "Gouda", "NL", "11", 52.01, 4.71, "city"),
    Place(2, "Waddinxveen", "NL", "11", 52.04, 4.65, "city"),  # 6 km from Gouda
    Place(3, "Groningen", "NL", "04", 53.22, 6.57, "city"),
    Place(4, "Zuid-Holland", "NL", "11", 52.0, 4.5, "admin1"),
    Place(5, "Netherlands", "NL", None, 52.5, 5.75, "country"),
    Place(None, "Ergens", "NL", None, None, None, "city"),
    Place(6, "Gent", "BE", "VLG", 51.05, 3.72, "city"),
]


def _random_cluster(rng: random.Random, number: int, publication_days: int) -> Cluster:
    family = rng.choice(FAMILIES)
    trigger = TriggerClass(family, family, "", 1.0)
    frame = Frame(Mention(Span(number, number + 4, "x"), trigger, number), family, None, None, [])
    day = lambda: dt.date(2020, 1, 1) + dt.timedelta(rng.randint(0, 12))  # noqa: E731
    days = None
    if rng.random() < 0.9:
        days = tuple(
            None if rng.random() < 0.2 else (lambda d: (d, d + dt.timedelta(rng.choice([0, 0, 1, 5]))))(day())
            for _ in range(publication_days)
        )
    place = None
    if rng.random() < 0.9:
        place = PlaceMention(
            Span(number, number + 1, "x"), rng.choice(TOWNS), rng.choice(["name", "dateline"])
        )
    cluster = Cluster([frame], days=days, place=place)
    cluster.kind = decide_type(cluster)
    return cluster


@pytest.mark.parametrize("seed", range(30))
def test_killings_absorbed_as_reading_every_protest(seed):
    def clusters() -> list[Cluster]:  # the same made-up clusters each time (absorbing changes them)
        rng = random.Random(seed)
        publication_days = rng.choice([1, 2])  # (one article's days all have as many)
        return [_random_cluster(rng, n, publication_days) for n in range(rng.randint(0, 60))]

    ours, plain = _absorb_killings(clusters()), _absorb_by_reading_all(clusters())

    def shown(kept: list[Cluster]) -> list[object]:
        return [(c.kind, c.days, c.place, [(f.mention.span, f.family) for f in c.frames]) for c in kept]

    assert shown(ours) == shown(plain)


SUBS_SEEN = [
    "",
    "",
    "attack",
    "armed_clash",
    "remote_explosive_landmine_ied",
    "peaceful_protest",
    "mob_violence",
]
CUES = ["gun", "explosive", "suicide", "air", "lethal", "intervention", "defused", "armed_target"]


def _random_frame(rng: random.Random, number: int, learned: bool) -> Frame:
    sub = rng.choice(SUBS_SEEN[2:] if learned else SUBS_SEEN)
    family = rng.choice(["violence", "riot", "protest"])
    trigger = TriggerClass("x", family, sub, 1.0, learned=learned, score=rng.random())
    near, sentence = set(rng.sample(CUES, rng.randint(0, 2))), set(rng.sample(CUES, rng.randint(0, 2)))
    mention = Mention(Span(number, number + 1, "x"), trigger, number // 3, near, sentence)
    counts = []
    if rng.random() < 0.2:
        counts.append(CountMention(Span(number, number + 1, "x"), rng.choice(["killed", "injured"]), 2))
    return Frame(mention, family, None, None, [], counts=counts)


@pytest.mark.parametrize("seed", range(40))
def test_typing_a_cluster_as_frames_join_as_typing_it_afresh(seed):
    # A cluster is typed again each time another joins it, reading only the new frames (`typing._read`):
    # reading them all each time made 1 MB of bombings take 11 s (issue 13).
    rng = random.Random(seed)
    learned = rng.random() < 0.7  # (a learned frame's cluster has only frames of a sub-type: `events`)
    frames = [_random_frame(rng, n, learned) for n in range(rng.randint(1, 30))]
    growing = Cluster(frames[:1])
    for end in range(1, len(frames) + 1):
        if end > 1:
            growing.absorb(Cluster(frames[end - 1 : end]))
        assert decide_type(growing) == decide_type(Cluster(frames[:end]))


def test_typing_a_growing_cluster_reads_each_frame_once():
    def seconds(size: int) -> float:
        rng = random.Random(5)
        cluster = Cluster([_random_frame(rng, 0, True)])
        started = time.process_time()
        for n in range(1, size):
            cluster.absorb(Cluster([_random_frame(rng, n, True)]))
            decide_type(cluster)
        return time.process_time() - started

    small, large = min(seconds(500) for _ in range(2)), min(seconds(4_000) for _ in range(2))
    assert large < 16 * small + 0.2, (small, large)  # linear: 8 times; reading all each time: 64


AGENT_TEXT = ["de", "politie", "door", "betogers", "werd", "aangevallen", "agenten", "x", ",", "een"]


def _agents(words: list[str], trigger_at: int, chosen: set[int]) -> tuple[object, object]:
    """The agent as found by bisection, and by reading every actor."""
    text = " ".join(words)
    starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
    doc = Doc(Article("agents", text, lang="nl"))
    context = make_context(doc, load("nl"), [])
    actors = [
        ActorMention(Span(starts[i], starts[i] + len(words[i]), words[i]), Actor(words[i], "police", "NL"))
        for i in sorted(chosen)
    ]
    span = Span(starts[trigger_at], starts[trigger_at] + len(words[trigger_at]), words[trigger_at])
    mention = Mention(span, TriggerClass("aanval", "violence", "", 1.0), 0)
    spans = SpanIndex([(a.span.start, a.span.end) for a in actors])
    return find_agent(doc, mention, actors, context, spans), find_agent(doc, mention, actors, context)


@given(st.lists(st.sampled_from(AGENT_TEXT), min_size=2, max_size=40), st.data())
def test_agent_by_bisection_as_reading_every_actor(words, data):
    # The bisection stops reading actors after the trigger once more than four words stand between (text
    # without stops made that long: issue 13); the plain loop reads them all.
    trigger_at = data.draw(st.integers(0, len(words) - 1))
    by_bisection, by_reading = _agents(words, trigger_at, data.draw(st.sets(st.integers(0, len(words) - 1))))
    assert by_bisection == by_reading


def test_agent_after_door_four_words_on_past_another_actor():
    by_bisection, by_reading = _agents(["aangevallen", "x", "x", "de", "door", "betogers"], 0, {4, 5})
    assert by_bisection == by_reading and by_reading.span.text == "betogers"  # type: ignore[attr-defined]


day_spans = st.none() | st.tuples(st.integers(0, 60), st.integers(0, 45)).map(lambda p: (p[0], p[0] + p[1]))


@given(
    st.lists(st.tuples(day_spans, st.none() | st.integers(0, 30), day_spans, st.booleans()), max_size=40),
    day_spans,
)
def test_day_index_gives_every_event_whose_days_may_meet(steps, asked):
    # Each step files an event, and moves or drops one filed before; the index must give, in order, every
    # event from `first` on, not dropped, whose span `spans_apart` does not keep apart from the one asked
    # about (None: any may meet it, for a span it does not file).
    index, spans, dropped = DayIndex(), [], set()
    for added, other, span, drop in steps:
        index.add(added)
        spans.append(added)
        if other is not None and other < len(spans) and other not in dropped:
            if drop:
                index.drop(other)
                dropped.add(other)
            else:
                index.move(other, span)
                spans[other] = span
        first = len(spans) // 3
        meeting = index.meeting(asked, first)
        live = [n for n in range(first, len(spans)) if n not in dropped]
        wanted = [n for n in live if not spans_apart(spans[n], asked)]
        if meeting is None:
            assert asked is None or asked[1] - asked[0] >= FILED_DAYS
            continue
        assert meeting == sorted(set(meeting)) and all(n >= first and n not in dropped for n in meeting)
        assert set(wanted) <= set(meeting)


# Texts on which a stage read the whole text, or all it had found, again for every name or figure.
REPEATED = {
    "figures": ("Bij een explosie in Kabul raakte niemand gewond, aldus de politie. ", find_counts),
    "places": ("Bij rellen in de hoofdstad van Irak raakten maandag vijf agenten gewond. ", find_places),
    # Two towns: the gazetteer gives all mentions of one before the other's, out of text order, and each
    # district name read all of them (8 times the text took 34 times as long, in pure Python).
    "districts": (
        "In Utrecht en Zwolle raakten bij rellen in de wijk Zandhoven vijf agenten gewond. ",
        find_places,
    ),
}


@pytest.mark.parametrize("shape", sorted(REPEATED))
def test_stages_grow_with_the_text_not_its_square(shape):
    # 1 MB of each took 9 and 18 s before (issue 13): 8 times the text took 30 and 57 times as long.
    part, stage = REPEATED[shape]
    lang = load("nl")

    def seconds(size: int) -> float:
        text = part * (size // len(part))
        started = time.process_time()
        stage(text, lang)
        return time.process_time() - started

    seconds(5_000)
    small, large = min(seconds(25_000) for _ in range(2)), min(seconds(200_000) for _ in range(2))
    assert large < 16 * small + 0.3, (small, large)


def _mention(start: int, name: str, kind: str, place_kind: str, country: str = "NL") -> PlaceMention:
    place = Place(None, name, country, "A" + name[:1], None, None, place_kind)  # type: ignore[arg-type]
    return PlaceMention(Span(start, start + len(name), name, "unlisted"), place, kind)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(40))
def test_unlisted_towns_seen_as_reading_every_place(seed):
    rng = random.Random(seed)
    names = ["Tinoc", "Tinok", "Tinocc", "Tiroc", "Kaboro", "Kabaro", "Qarmabad", "Qarmabat", "Yala"]
    known = []
    for start in sorted(rng.sample(range(0, 2000, 10), 25)):
        kind = rng.choice(["name", "name", "demonym"])
        known.append(_mention(start, rng.choice(names), kind, rng.choice(["city", "city", "admin1"])))
    if seed % 2:  # as the gazetteer stage gives them: all mentions of one name, then the next name's
        known.sort(key=lambda m: names.index(m.span.text))
    seen, found = _Seen(known), []
    for _ in range(30):
        start = rng.randrange(0, 2000)
        if rng.random() < 0.3:  # halfway between two known places: of equally near ones, the first listed
            start = (rng.choice(known).span.start + rng.choice(known).span.start) // 2
        name = rng.choice(names)
        end = start + len(name)
        every = [*known, *found]
        covered = any(m.span.start < end and start < m.span.end for m in every)
        assert seen.covered(start, end) == covered
        alike = next(
            (
                m.place
                for m in every
                if len(name) >= 5
                and m.kind != "demonym"
                and m.place.kind == "city"
                and _one_edit(name, m.span.text)
            ),
            None,
        )
        assert seen.spelled_alike(name) is alike
        assert seen.nearest_region(start) == _nearest_region(start, known)
        if not covered:
            found.append(seen.add(_mention(start, name, "name", "city")))


def _district_town_by_reading(text, start, end, noun, known):
    towns = [m for m in known if m.place.kind == "city"]
    adjective = [m for m in towns if m.kind == "demonym" and 0 <= noun - m.span.end <= 1]
    if adjective:
        return adjective[0].place
    before = [m for m in towns if m.kind != "demonym" and 0 < start - m.span.end <= 250]
    if before:
        return max(before, key=lambda m: m.span.start).place
    after = [
        m
        for m in towns
        if m.kind != "demonym" and 0 < m.span.start - end <= 60 and not _BREAK.search(text, end, m.span.start)
    ]
    return min(after, key=lambda m: m.span.start).place if after else None


@pytest.mark.parametrize("seed", range(40))
def test_district_town_as_reading_every_town(seed):
    # Known towns out of text order and overlapping, so that the first (or last) of several that pass a test
    # is asked for; district nouns right after a town or one character on, or anywhere.
    rng = random.Random(seed)
    text = "".join(rng.choice("abc d.") for _ in range(1500))
    names = ["Tinoc", "Kaboro", "Yala", "Qarmabad", "Tinoc"]
    known = [
        _mention(
            start, rng.choice(names), rng.choice(["name", "demonym"]), rng.choice(["city", "city", "admin1"])
        )
        for start in rng.choices(range(1500), k=150)
    ]
    towns = _Seen(known).towns
    for _ in range(100):
        noun = rng.choice([rng.randrange(1500), rng.choice(known).span.end + rng.randrange(2)])
        start = noun + rng.randrange(0, 12)
        end = start + rng.randrange(1, 20)
        by_reading = _district_town_by_reading(text, start, end, noun, known)
        assert _district_town(text, start, end, noun, towns) is by_reading
