import csv
import io
import json

from click.testing import CliRunner

from kroniek.cli import cli

ARTICLE = (
    "date 2022-11-21 Air strikes kill nine in northwest Syria\n\n"
    "IDLIB, Syria (Reuters) - Air strikes on a camp near the town of Sarmada killed at least nine civilians "
    "and wounded 40 on Sunday, rescue workers said.\n"
)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_cli_extract_jsonl_has_the_schema(tmp_path):
    path = _write(tmp_path, "syria.txt", ARTICLE)
    result = CliRunner().invoke(cli, ["extract", path])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(record) == {"id", "lang", "doc_date", "doc_date_precision", "events"}
    assert (record["id"], record["lang"], record["doc_date"]) == ("syria", "en", "2022-11-21")
    event = record["events"][0]
    assert {
        "event_type", "sub_event_type", "date", "date_precision", "date_start", "date_end", "location",
        "actor1", "actor2", "fatalities", "injuries", "evidence", "confidence",
    } <= set(event)  # fmt: skip
    assert set(event["location"]) == {"name", "admin1", "country", "lat", "lon", "geonames_id", "precision"}
    assert (event["sub_event_type"], event["fatalities"], event["injuries"]) == ("air_drone_strike", 9, 40)
    assert event["date"] == "2022-11-20"
    for span in event["evidence"]:
        assert ARTICLE[span["start"] : span["end"]] == span["text"]


def test_cli_extract_json_and_csv_to_a_file(tmp_path):
    path = _write(tmp_path, "syria.txt", ARTICLE)
    out_json, out_csv = tmp_path / "out.json", tmp_path / "out.csv"
    runner = CliRunner()
    assert runner.invoke(cli, ["extract", path, "--format", "json", "-o", str(out_json)]).exit_code == 0
    assert runner.invoke(cli, ["extract", path, "--format", "csv", "-o", str(out_csv)]).exit_code == 0
    (record,) = json.loads(out_json.read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert len(rows) == len(record["events"]) >= 1
    assert rows[0]["sub_event_type"] == record["events"][0]["sub_event_type"]
    assert rows[0]["country"] == "SY"


def test_cli_extract_reports_bad_input_and_exits_1_but_writes_the_rest(tmp_path):
    good = _write(tmp_path, "good.txt", ARTICLE)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    result = CliRunner().invoke(cli, ["extract", good, str(bad)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert f"{bad}: binary data" in result.stderr
    assert "1 input(s) failed, 1 article(s) written" in result.stderr


def test_cli_extract_reads_stdin():
    result = CliRunner().invoke(cli, ["extract", "-"], input=json.dumps({"id": "in", "text": ARTICLE}) + "\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "in"
