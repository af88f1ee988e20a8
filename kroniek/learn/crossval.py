"""K-fold cross-validation of the detector over coded articles (`kroniek eval --cv K`).

Folds are by article, fixed by a hash of each id (the same folds every run, whatever the file order). Each
fold's articles are coded by a model fitted on the other folds only, and the out-of-fold predictions are
scored exactly as `kroniek eval` scores a file.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from typing import Any

from kroniek.evaluate import Report, score_records
from kroniek.learn.train import SETTINGS, fit, labelled_sentences
from kroniek.model import Article


def fold_of(article_id: str, k: int) -> int:
    return zlib.crc32(article_id.encode("utf-8")) % k


def cross_validate(
    records: Sequence[Mapping[str, Any]],
    k: int,
    settings: Mapping[str, Any] = SETTINGS,
    share: float = 1.0,
) -> Report:
    """Out-of-fold predictions for every article, scored. `share` < 1 trains each fold on that share of its
    training articles (the first by id hash), for a learning curve."""
    from kroniek.pipeline import extract_article

    labelled = [labelled_sentences(r) for r in records]
    folds = [fold_of(str(r["id"]), k) for r in records]
    predicted: list[dict[str, object]] = []
    for fold in range(k):
        train = [i for i, f in enumerate(folds) if f != fold]
        if share < 1.0:
            train.sort(key=lambda i: zlib.crc32(("share:" + str(records[i]["id"])).encode("utf-8")))
            train = train[: max(1, round(len(train) * share))]
        detector = fit([], settings, labelled=[labelled[i] for i in train])
        for i, record in enumerate(records):
            if folds[i] == fold:
                article = Article(id=str(record["id"]), text=record["text"], url=record.get("url"))
                predicted.append(extract_article(article, detector=detector).to_dict())
    return score_records(predicted, records, source=f"{k}-fold cross-validation")
