"""The learned event detector: which sentences report an event, of which type and sub-type.

Two linear models over the features of `kroniek.learn.features`: one yes/no model per ACLED event type (a
sentence may report two events of different types) and one model that picks the sub-event type of a
sentence that reports an event. Features are hashed (CRC-32) and only those seen in training are kept, so
the model file is small and loading it needs numpy only; `kroniek train` fits it (scikit-learn).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import chain
from pathlib import Path
from zlib import crc32

import numpy as np

from kroniek.model import EVENT_TYPES, SUB_EVENT_TYPES

TYPES: tuple[str, ...] = tuple(EVENT_TYPES)
SUBS: tuple[str, ...] = tuple(SUB_EVENT_TYPES)
_SUBS_OF = {kind: [i for i, sub in enumerate(SUBS) if SUB_EVENT_TYPES[sub] == kind] for kind in TYPES}
MODEL_FILE = "detector.npz"
# A sentence reports a second type of event only when the model gives it at least this probability.
SECOND_TYPE = 0.5
# Types that a weapon of remote violence named in the sentence ("een bermbom", "sur une mine", "an airstrike")
# turns into an explosion: ACLED codes the roadside bomb that kills soldiers and the air strike that kills
# civilians as explosions/remote violence, where the detector, reading who was hit, says battle or attack
# (5-fold CV on train/: F1 0.619 -> 0.625).
_WEAPON_BEATS = ("battles", "violence_against_civilians")
MANIFEST_FILE = "detector.json"


def feature_id(feature: str) -> int:
    return crc32(feature.encode("utf-8"))


@dataclass(frozen=True)
class Detector:
    """Weights of the two models, rows aligned with `keys` (sorted hashed feature ids)."""

    keys: np.ndarray  # int64 [n], CRC-32 values
    type_weights: np.ndarray  # float32 [n, len(TYPES)]
    type_bias: np.ndarray  # float32 [len(TYPES)]
    sub_weights: np.ndarray  # float32 [n, len(SUBS)]
    sub_bias: np.ndarray  # float32 [len(SUBS)]
    threshold: float
    type_thresholds: tuple[float, ...] = ()  # per type of TYPES, when they differ from `threshold`
    # A type the model is this sure of in one sentence is what the article reports: its other sentences
    # report it from `sure_threshold` on (above 1: never).
    sure: float = 2.0
    sure_threshold: float = 0.0
    # An article reports events only when one of its sentences reports one with at least this probability.
    article_min: float = 0.0
    # A sentence that gives a toll of the killed and reports nothing of its own reports the event of the
    # sentence before or after it from this P(type) on (0: never).
    toll_floor: float = 0.0

    @functools.cached_property
    def _weights(self) -> np.ndarray:
        """Both models' weights side by side, [n, len(TYPES) + len(SUBS)]: one gather and one running sum
        per article instead of two (each column is summed exactly as on its own)."""
        return np.concatenate([self.type_weights, self.sub_weights], axis=1)

    def rows(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """The known features of each sentence, each once: (sentence numbers, weight rows), sorted by
        sentence then row, in one pass over the whole article."""
        sizes = [len(features) for features in sentences]
        flat = list(chain.from_iterable(sentences))
        # Each distinct feature hashed (`feature_id`, in C through map) and all searched in the keys at once,
        # then spread to its places (dicts in C): a sentence repeats "bias", its language, its lead or body,
        # and a long article its words, so hashing every one was half of `decide` on a dense 1 MB article
        # (issue 13). A dict of the rows of the features met before, kept from article to article, was
        # slower at first sight, where most features are new (detector 1.35 -> 0.71 ms an article).
        distinct = list(dict.fromkeys(flat))
        ids = np.fromiter(map(crc32, map(str.encode, distinct)), dtype=np.int64, count=len(distinct))
        at = np.searchsorted(self.keys, ids)
        if len(self.keys):
            at[at >= len(self.keys)] = 0
            known = self.keys[at] == ids
        else:
            known = np.zeros(len(ids), dtype=bool)
        slot = dict(zip(distinct, range(len(distinct)), strict=True))
        where = np.fromiter(map(slot.__getitem__, flat), dtype=np.int64, count=len(flat))
        at, known = at[where], known[where]
        owner = np.repeat(np.arange(len(sentences), dtype=np.int64), sizes)
        # Rows follow the sorted keys, so this is the order of (sentence, feature id) the sums were fitted in.
        unique = sorted_unique((owner[known] << 32) | at[known])
        return unique >> 32, unique & 0xFFFFFFFF

    def scores(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """P(the sentence reports an event of each type) [sentences, len(TYPES)], and the sub-type model's
        scores [sentences, len(SUBS)]."""
        types = np.empty((len(sentences), len(TYPES)), dtype=np.float64)
        subs = np.empty((len(sentences), len(SUBS)), dtype=np.float64)
        carry: np.ndarray | None = None
        # A stretch of sentences at a time, the running sums carried from one to the next: the same sums bit
        # for bit, but a large article's rows and sums never all in memory at once (a 2 MB one took 700 MB
        # here, in float64 rows of every known feature of every sentence; issue 13).
        for start, stop in _stretches(sentences):
            part = sentences[start:stop]
            owner, rows = self.rows(part)
            # Rows come sorted by sentence: each sentence's sum is a difference of running sums.
            bounds = np.searchsorted(owner, np.arange(len(part) + 1))
            # (`take` gathers the same rows as `[rows]`, in half the time)
            sums, carry = _segment_sums(np.take(self._weights, rows, axis=0), bounds, carry)
            types[start:stop] = sums[:, : len(TYPES)] + self.type_bias
            subs[start:stop] = sums[:, len(TYPES) :] + self.sub_bias
        return 1.0 / (1.0 + np.exp(-types)), subs

    def decide(
        self, sentences: Sequence[Sequence[str]], weapons: Collection[int] = ()
    ) -> dict[int, list[tuple[str, float]]]:
        """Sentence index -> the sub-event types it reports, with the probability of their event type.
        `weapons`: the sentences that name a weapon of remote violence (`events.weapon_sentences`)."""
        if not sentences:
            return {}
        scores, sub_scores = self.scores(sentences)
        # The likeliest type if it is likely enough; a second type only when the model is sure of it too.
        best = scores.max(axis=1, keepdims=True)
        limit = np.array(self.type_thresholds or [self.threshold] * len(TYPES))
        # An article is about a few things: once one sentence surely tells of a riot, a sentence the model
        # gives a riot at 0.1 ("they set fire to a bus") tells of a riot too, where in an article
        # about something else such a sentence is mostly noise (5-fold CV on train/ F1 0.647 -> 0.652; with
        # folds drawn by another hash 0.625 -> 0.630).
        limit = np.where(scores.max(axis=0) >= self.sure, np.minimum(limit, self.sure_threshold), limit)
        chosen = (scores >= limit) & ((scores >= best) | (scores >= SECOND_TYPE))
        if scores.max() < self.article_min:
            # An article whose every sentence the model doubts (a trial, a commemoration, a gas explosion,
            # a rally of a campaign) reports nothing: the low thresholds are for sentences of an article
            # that does report something (5-fold CV on train/: negative articles without a false alarm
            # 55 -> 65 of 87, precision 0.671 -> 0.684, F1 0.652 -> 0.651; folds of another hash 52 -> 61,
            # F1 0.630 -> 0.629).
            chosen[:] = False
        if self.toll_floor:
            # "At least five police officers have been killed in an attack in Liboi." before the sentence
            # the model is sure of ("whose vehicle was blown up"): the toll, place and day of its event.
            # The model weighs the words of a sentence, and most sentences with a toll report nothing.
            told = chosen.copy()
            for i, features in enumerate(sentences):
                if told[i].any() or "c:killed" not in features:
                    continue
                for j in (i - 1, i + 1):
                    if 0 <= j < len(told):
                        chosen[i] |= told[j] & (scores[i] >= self.toll_floor)
        explosion = TYPES.index("explosions_remote_violence")
        for i in weapons:
            if i >= len(chosen) or chosen[i, explosion]:
                continue  # (a sentence the model is sure tells of a bombing and a battle tells of both)
            for j in (TYPES.index(kind) for kind in _WEAPON_BEATS):
                if chosen[i, j]:
                    chosen[i, j] = False
                    chosen[i, explosion] = True
        # Each type's likeliest sub-type in every sentence at once (the first of equals, as `max` gave): one
        # `max` with a key over numpy scalars per chosen sentence and type was a third of `decide` on a dense
        # 1 MB article (issue 13).
        best_sub = np.stack(
            [np.asarray(_SUBS_OF[kind])[sub_scores[:, _SUBS_OF[kind]].argmax(axis=1)] for kind in TYPES],
            axis=1,
        )
        found: dict[int, list[tuple[str, float]]] = {}
        for i, j in zip(*np.nonzero(chosen), strict=True):
            found.setdefault(int(i), []).append((SUBS[best_sub[i, j]], float(scores[i, j])))
        return found

    def save(self, folder: Path, manifest: dict[str, object]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            folder / MODEL_FILE,
            keys=self.keys.astype(np.uint32),
            type_weights=self.type_weights.astype(np.float16),
            type_bias=self.type_bias,
            sub_weights=self.sub_weights.astype(np.float16),
            sub_bias=self.sub_bias,
            threshold=np.array([self.threshold]),
            type_thresholds=np.array(self.type_thresholds or [self.threshold] * len(TYPES)),
            sure=np.array([self.sure, self.sure_threshold]),
            article_min=np.array([self.article_min]),
            toll_floor=np.array([self.toll_floor]),
        )
        text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False)
        (folder / MANIFEST_FILE).write_text(text + "\n", encoding="utf-8")


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """`np.unique(values)` for a 1-D integer array: its general path cost a tenth of a millisecond an
    article (an eighth of `decide`), a sort and a comparison of neighbours a hundredth."""
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _segment_sums(
    weights: np.ndarray, bounds: np.ndarray, carry: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Sums of `weights` between consecutive `bounds`, as differences of running sums that go on from
    `carry` (the last running sum of the rows before, None: no rows before); and the last running sum."""
    running = np.zeros((len(weights) + 1, weights.shape[1]), dtype=np.float64)
    running[1:] = weights
    first = 1
    if carry is not None:
        running[0] = carry
        first = 0
    # The running sums a block of rows at a time, each block going on from the last row of the one before:
    # the same additions in the same order as one cumsum of all rows, but numpy's cumsum down the rows
    # walks the whole array once per column, out of the cache for a large article (a 1 MB one: 0.55 s, in
    # blocks 0.17 s; issue 13).
    for start in range(1, len(running), _SUM_BLOCK):
        block = running[max(start - 1, first) : start + _SUM_BLOCK]
        np.cumsum(block, axis=0, out=block)
    last = running[-1].copy() if len(weights) or carry is not None else None
    return running[bounds[1:]] - running[bounds[:-1]], last


def _stretches(sentences: Sequence[Sequence[str]]) -> Iterator[tuple[int, int]]:
    """(start, stop) of consecutive stretches of sentences with about `_STRETCH_FEATURES` features each (an
    ordinary article is one stretch)."""
    start, count = 0, 0
    for index, features in enumerate(sentences):
        if count and count + len(features) > _STRETCH_FEATURES:
            yield start, index
            start, count = index, 0
        count += len(features)
    if start < len(sentences) or not sentences:
        yield start, len(sentences)


_SUM_BLOCK = 4096  # rows (~1 MB of sums): an ordinary article's rows are one block
_STRETCH_FEATURES = 32_768  # features of sentences scored at once (a dev-set article has about 1,000)


def read_detector(path: Path | str) -> Detector:
    with np.load(path) as data:
        by_type = tuple(float(t) for t in data["type_thresholds"]) if "type_thresholds" in data else ()
        sure = data.get("sure", (2.0, 0.0))  # (a model from before `sure`: never)
        return Detector(
            keys=data["keys"].astype(np.int64),  # (the ids looked up are int64: no conversion per article)
            type_weights=data["type_weights"].astype(np.float32),
            type_bias=data["type_bias"].astype(np.float32),
            sub_weights=data["sub_weights"].astype(np.float32),
            sub_bias=data["sub_bias"].astype(np.float32),
            threshold=float(data["threshold"][0]),
            type_thresholds=by_type,
            sure=float(sure[0]),
            sure_threshold=float(sure[1]),
            article_min=float(data["article_min"][0]) if "article_min" in data else 0.0,
            toll_floor=float(data["toll_floor"][0]) if "toll_floor" in data else 0.0,
        )


@functools.cache
def shipped_detector() -> Detector | None:
    """The model shipped in `kroniek/models/`, or None when there is none (the rules alone then)."""
    path = resources.files("kroniek") / "models" / MODEL_FILE
    if not path.is_file():
        return None
    with resources.as_file(path) as real:
        return read_detector(real)
