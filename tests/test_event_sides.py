"""`event_sides.Sides`, taken in frame by frame, answers as reading all the frames at once does (issue 13:
reading them all each time a cluster grew made one clash told in 12,000 sentences take minutes)."""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest

from kroniek.model import Actor, ActorMention, CountMention, Span
from kroniek.stages.actor_kinds import ARMED
from kroniek.stages.event_sides import Sides, identified

# (name, type, span rule): a named group, typed nouns, an unidentified armed group, crowds and civilians.
ACTORS = [
    ("Al-Shabaab", "rebel_groups", "group"),
    ("Military Forces", "state_forces", "noun"),
    ("Police Forces", "state_forces", "noun"),
    ("Unidentified Armed Group", "political_militias", "noun"),
    ("Jihadist militants", "rebel_groups", "noun"),
    ("Protesters", "protesters", "noun"),
    ("Civilians", "civilians", "noun"),
]
Frame = tuple[list[ActorMention], ActorMention | None, list[CountMention]]


def _plain(frames: list[Frame], civilians_first: bool) -> tuple[object, object, bool]:
    """The sides as read from all the frames at once: each sentence's list once, in the order the frames
    first name it, counting for as many frames as name it."""
    figures = [c.span for _, _, counts in frames for c in counts]
    held = lambda a, spans: any(s.start <= a.span.start and s.end >= a.span.start - 2 for s in spans)  # noqa: E731
    lists: dict[int, tuple[list[ActorMention], int]] = {}
    agents = []
    for actors, agent, _ in frames:
        seen = lists.get(id(actors))
        lists[id(actors)] = (actors, seen[1] + 1 if seen else 1)
        if agent is not None and agent.actor.type in ARMED:
            agents.append(agent)
    armed, hit, told = [], [], Counter()
    for actors, naming in lists.values():
        for mention in actors:
            if held(mention, figures) or mention.actor.type == "civilians":
                hit.append(mention)
            elif mention.actor.type in ARMED:
                armed.append(mention)
                told[mention.actor.name] += naming
    if agents:
        told = Counter(a.actor.name for a in agents)
    pool = agents or armed
    perpetrator = min(pool, key=lambda a: (identified(a), -told[a.actor.name]), default=None)
    kind = perpetrator.actor.type if perpetrator else None
    civilian = next((m for m in hit if m.actor.type == "civilians"), None)
    victim = civilian if civilians_first else None
    victim = victim or next((m for m in hit if m.actor.type != kind and m.actor.type in ARMED), None)
    victim = victim or civilian
    victim = victim or next((m for m in armed if m.actor.type != kind), None) or (hit[0] if hit else None)
    victim_armed = any(
        held(a, [c.span for c in counts]) and a.actor.type in ARMED
        for actors, _, counts in frames
        for a in actors
    )
    return perpetrator, victim, victim_armed


def _frames(rng: random.Random) -> list[Frame]:
    """Sentences of actors 12 characters apart, figures over some of them (also a sentence's figure over
    another's actor), frames that share a sentence's list, agents among its actors."""
    sentences: list[list[ActorMention]] = []
    for number in range(rng.randint(1, 8)):
        actors = []
        for slot in rng.sample(range(6), rng.randint(0, 4)):
            name, kind, rule = rng.choice(ACTORS)
            start = number * 100 + slot * 12
            actors.append(ActorMention(Span(start, start + 8, name, rule), Actor(name, kind, "SO")))
        sentences.append(sorted(actors, key=lambda a: a.span.start))
    frames: list[Frame] = []
    for _ in range(rng.randint(1, 12)):
        actors = rng.choice(sentences)
        agent = rng.choice(actors) if actors and rng.random() < 0.3 else None
        counts = []
        for _ in range(rng.choice([0, 0, 1, 2])):
            start = rng.randrange(0, len(sentences) * 100)
            end = start + rng.choice([3, 10, 30])
            counts.append(CountMention(Span(start, end, "x"), rng.choice(["killed", "injured"]), 3))
        frames.append((actors, agent, counts))
    return frames


@pytest.mark.parametrize("seed", range(300))
def test_sides_frame_by_frame_as_reading_all_frames(seed):
    frames = _frames(random.Random(seed))
    sides = Sides()
    for end in range(1, len(frames) + 1):
        sides.read(*frames[end - 1])
        for civilians_first in (False, True):
            perpetrator, victim, victim_armed = _plain(frames[:end], civilians_first)
            assert sides.perpetrator() is perpetrator
            assert sides.victim(civilians_first) is victim
            assert sides.victim_armed == victim_armed


def test_sides_of_a_growing_clash_read_each_frame_once():
    def seconds(size: int) -> float:
        sides = Sides()
        started = time.process_time()
        for number in range(size):
            start = number * 100
            actors = [
                ActorMention(
                    Span(start, start + 6, "gunmen"), Actor("Unidentified Armed Group", "rebel_groups", "SO")
                ),
                ActorMention(
                    Span(start + 40, start + 48, "soldiers"), Actor("Military Forces", "state_forces", "SO")
                ),
            ]
            sides.read(actors, None, [CountMention(Span(start + 30, start + 48, "5 soldiers"), "killed", 5)])
            sides.perpetrator(), sides.victim()
        return time.process_time() - started

    small, large = min(seconds(1_000) for _ in range(2)), min(seconds(8_000) for _ in range(2))
    assert large < 16 * small + 0.2, (small, large)  # linear: 8 times; reading all each time: 64
