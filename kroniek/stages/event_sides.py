"""Who did it and who was hit, over the frames of a cluster, taken in frame by frame as the cluster grows.

A cluster is typed again every time another joins it (`event_grouping.merge_typed`), and its sides decide
the type: a battle needs two armed sides, an attack on civilians a civilian among the hit. Reading every
frame's actors again each time made one clash told in 12,000 sentences take minutes (issue 13). `Sides`
keeps what it has read and takes in only the new frames; its answers are those of reading all the frames at
once (`tests/test_article_size.py` compares them with such a reading):

- the perpetrator is the armed actor not among the casualties, a named group before a typed noun
  ("jihadists") before an unidentified one ("gunmen"), the one the sentences name most often first; who the
  sentences say did it (a frame's agent) comes before any armed actor named with the event;
- the victim is an armed actor of another type than the perpetrator among the casualties, else a civilian,
  else an armed actor of another type not among them ("troops clashed with kidnappers"), else anyone hit.

An actor is among the casualties when a figure holds it or stands right before it ("killing six | soldiers").
The frames of a sentence share its list of actors: each list is read once, in the order the frames first
name it, and counts for as many frames as name it.
"""

from __future__ import annotations

import bisect
from collections import Counter

from kroniek.model import ActorMention, CountMention
from kroniek.stages.actor_kinds import ARMED, is_unidentified
from kroniek.stages.span_index import SpanIndex

Position = tuple[int, int]  # (the list's place in the order frames first name it, the actor's in it)
REACH_BEFORE = 2  # a figure ending this many characters before an actor holds it ("six | soldiers")


class Sides:
    def __init__(self) -> None:
        self.lists: dict[int, tuple[int, list[ActorMention]]] = {}  # id(list) -> (its place, the list)
        self.frames_naming: list[int] = []  # per list, by its place: how many frames name it
        self.mentions: dict[Position, ActorMention] = {}
        self.starts: list[tuple[int, int, int]] = []  # (start, list place, index) of every actor, sorted
        self.figures: list[tuple[int, int]] = []  # the casualty figures' (start, end), sorted
        self.longest = 0  # the longest figure's length: how far back a figure holding an actor can start
        self.hit: set[Position] = set()
        self.first_hit: dict[str, Position] = {}  # actor type -> the first hit of that type
        self.standing: set[Position] = set()  # the armed not hit
        self.armed: dict[tuple[int, str], list[Position]] = {}  # (identified, name) -> armed not hit, sorted
        self.armed_of_type: dict[str, list[Position]] = {}  # type -> armed not hit, sorted
        self.told: Counter[str] = Counter()  # name -> frames naming it among the armed not hit
        self.agents: list[ActorMention] = []
        self.first_agent: dict[tuple[int, str], int] = {}  # (identified, name) -> its first place in agents
        self.agents_told: Counter[str] = Counter()
        self.types: set[str] = set()  # every type of actor named
        self.victim_armed = False  # a frame's own figure holds an armed actor of its sentence

    def read(
        self, actors: list[ActorMention], agent: ActorMention | None, counts: list[CountMention]
    ) -> None:
        """Take in one frame: its sentence's actors, who did what its trigger says, its figures."""
        if agent is not None and agent.actor.type in ARMED:
            self.first_agent.setdefault((identified(agent), agent.actor.name), len(self.agents))
            self.agents.append(agent)
            self.agents_told[agent.actor.name] += 1
        if counts:
            own = SpanIndex([(c.span.start, c.span.end) for c in counts])
            self.victim_armed = self.victim_armed or any(
                _held_by(a, own) and a.actor.type in ARMED for a in actors
            )
        for count in counts:
            start, end = count.span.start, count.span.end
            bisect.insort(self.figures, (start, end))
            self.longest = max(self.longest, end - start)
            first = bisect.bisect_left(self.starts, (start, -1, -1))
            last = bisect.bisect_right(self.starts, (end + REACH_BEFORE, 1 << 62, 1 << 62))
            for _, place, index in self.starts[first:last]:
                self._hit((place, index))
        listed = self.lists.get(id(actors))
        if listed is not None:
            place = listed[0]
            self.frames_naming[place] += 1
            for index, mention in enumerate(actors):
                if (place, index) in self.standing:
                    self.told[mention.actor.name] += 1
            return
        place = len(self.frames_naming)
        self.lists[id(actors)] = (place, actors)
        self.frames_naming.append(1)
        for index, mention in enumerate(actors):
            position = (place, index)
            self.mentions[position] = mention
            self.types.add(mention.actor.type)
            bisect.insort(self.starts, (mention.span.start, place, index))
            if self._held_by_figures(mention) or mention.actor.type == "civilians":
                self._hit(position)
            elif mention.actor.type in ARMED:
                self.standing.add(position)
                bisect.insort(self.armed.setdefault((identified(mention), mention.actor.name), []), position)
                bisect.insort(self.armed_of_type.setdefault(mention.actor.type, []), position)
                self.told[mention.actor.name] += 1

    def _held_by_figures(self, mention: ActorMention) -> bool:
        """Does a figure read so far hold the actor, or end right before it?"""
        at = mention.span.start
        first = bisect.bisect_left(self.figures, (at - REACH_BEFORE - self.longest, -1))
        last = bisect.bisect_right(self.figures, (at, 1 << 62))
        return any(end >= at - REACH_BEFORE for _, end in self.figures[first:last])

    def _hit(self, position: Position) -> None:
        if position in self.hit:
            return
        self.hit.add(position)
        mention = self.mentions[position]
        kind, name = mention.actor.type, mention.actor.name
        if position in self.standing:  # no longer among the armed who may have done it
            self.standing.discard(position)
            _remove(self.armed[(identified(mention), name)], position)
            _remove(self.armed_of_type[kind], position)
            self.told[name] -= self.frames_naming[position[0]]
        if position < self.first_hit.get(kind, (1 << 62, 0)):
            self.first_hit[kind] = position

    def perpetrator(self) -> ActorMention | None:
        if self.agents:
            told, firsts = self.agents_told, self.first_agent
            best = min(firsts, key=lambda key: (key[0], -told[key[1]], firsts[key]))
            return self.agents[firsts[best]]
        pairs = [(key, where[0]) for key, where in self.armed.items() if where]
        if not pairs:
            return None
        _, first = min(pairs, key=lambda pair: (pair[0][0], -self.told[pair[0][1]], pair[1]))
        return self.mentions[first]

    def victim(self, civilians_first: bool = False) -> ActorMention | None:
        perpetrator = self.perpetrator()
        kind = perpetrator.actor.type if perpetrator else None
        civilian = self.first_hit.get("civilians")
        armed_hit = [where for t, where in self.first_hit.items() if t in ARMED and t != kind]
        others = [where[0] for t, where in self.armed_of_type.items() if where and t != kind]
        for choice in (
            civilian if civilians_first else None,
            min(armed_hit, default=None),
            civilian,
            min(others, default=None),
            min(self.first_hit.values(), default=None),
        ):
            if choice is not None:
                return self.mentions[choice]
        return None


def identified(mention: ActorMention) -> int:
    """How well an actor is identified: a named group (0), a typed noun (1), an unidentified one (2)."""
    if "group" in mention.span.rule:
        return 0
    return 2 if is_unidentified(mention.actor) else 1


def _held_by(actor: ActorMention, counts: SpanIndex) -> bool:
    """Is the actor among the casualties of these figures: inside one, or right after it?"""
    return counts.first(actor.span.start - REACH_BEFORE, actor.span.start) >= 0


def _remove(positions: list[Position], position: Position) -> None:
    """Take `position` out of the sorted `positions` (found by bisection: `list.remove` reads from the
    front, and the actors hit are mostly the last ones read)."""
    del positions[bisect.bisect_left(positions, position)]
