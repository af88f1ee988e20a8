"""Articles for the scale-out tests (test_parallel, test_batch): short news reports written for them."""

from __future__ import annotations

import json
from pathlib import Path

DEV_SET = Path(__file__).resolve().parents[2] / "shared/devset/dev.jsonl"

# (id, language, publication date, text)
ARTICLES = [
    (
        "nl-rellen",
        "nl",
        "2023-03-12",
        "Rellen in Tilburg na voetbalwedstrijd\n\nIn het centrum van Tilburg is het zaterdagavond "
        "onrustig geweest. Een groep van zo'n tweehonderd supporters bekogelde de politie met "
        "flessen en vuurwerk. Twee agenten raakten lichtgewond. De politie hield elf mensen aan.",
    ),
    (
        "nl-explosie",
        "nl",
        "2022-11-02",
        "Explosie bij woning in Den Haag\n\nBij een woning aan de Laakkade in Den Haag is in de nacht "
        "van dinsdag op woensdag een explosief afgegaan. Er raakte niemand gewond, maar de "
        "voorgevel liep flinke schade op. De politie onderzoekt of er een verband is met eerdere "
        "aanslagen in de stad.",
    ),
    (
        "nl-demonstratie",
        "nl",
        "2024-01-20",
        "Duizenden boeren demonstreren in Den Haag\n\nOp het Malieveld in Den Haag hebben zaterdag "
        "duizenden boeren gedemonstreerd tegen de stikstofplannen van het kabinet. Het protest "
        "verliep rustig.",
    ),
    (
        "en-airstrike",
        "en",
        "2021-05-14",
        "Air strike kills family in Gaza\n\nAn Israeli air strike on a house in Gaza City killed at "
        "least eight members of one family on Thursday night, including four children, health "
        "officials said. Twelve people were wounded.",
    ),
    (
        "en-ambush",
        "en",
        "2020-02-09",
        "Gunmen kill soldiers in northern Burkina Faso\n\nSuspected jihadists ambushed an army patrol "
        "near the town of Djibo on Saturday, killing seven soldiers, security sources said. The "
        "attackers fled on motorbikes.",
    ),
    (
        "en-protest",
        "en",
        "2019-10-18",
        "Police fire tear gas at protesters in Santiago\n\nPolice in Santiago fired tear gas and water"
        " cannon on Friday at thousands of students protesting against a rise in metro fares. "
        "Dozens were arrested.",
    ),
    (
        "en-kidnap",
        "en",
        "2021-02-27",
        "Gunmen abduct pupils in Zamfara\n\nArmed men stormed a girls' boarding school in Jangebe in "
        "Zamfara state early on Friday and abducted more than 300 students, police said.",
    ),
    (
        "nl-aanslag",
        "nl",
        "2019-08-20",
        "Zelfmoordaanslag in Kaboel\n\nBij een zelfmoordaanslag op een bruiloft in Kaboel zijn "
        "zaterdagavond zeker zestig mensen om het leven gekomen. Meer dan honderd mensen raakten "
        "gewond, meldt het ministerie van Binnenlandse Zaken.",
    ),
]


def records(copies: int = 1, with_lang: bool = True) -> list[dict[str, str]]:
    """The articles as JSONL records; copies > 1 repeats them under new ids and a numbered last line
    (distinct texts, so that a store does not skip them as copies of one another)."""
    out = []
    for copy in range(copies):
        for article_id, lang, date, text in ARTICLES:
            if copies > 1:
                article_id, text = f"{article_id}-{copy}", f"{text}\n\n[{copy}]"
            record = {"id": article_id, "text": text, "date": date}
            if with_lang:
                record["lang"] = lang
            out.append(record)
    return out


def write_jsonl(path: Path, rows: list[dict[str, str]], extra_lines: tuple[str, ...] = ()) -> Path:
    """Rows as JSON lines; `extra_lines` (raw text) are put after the first row."""
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    lines[1:1] = list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
