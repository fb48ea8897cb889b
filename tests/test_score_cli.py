"""``casework score`` and ``casework score-transcript`` through the real command line,
with a small overlay-free rulebook in a temporary shipped folder."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from simulator import cli
from simulator.scoring import rulebook as rb

EN_BOOK = """\
lang: en
version: "t"
rules:
  - id: t.open
    move: open_question
    principles: {openness: 1}
    patterns: ["tell me more"]
    message: "Open invitation."
  - id: t.judge
    move: judgement
    principles: {acceptance: -1}
    severity: major
    patterns: ["stupid"]
    message: "Judgement."
"""


@pytest.fixture(autouse=True)
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "shipped"
    folder.mkdir()
    (folder / "en.yaml").write_text(EN_BOOK, encoding="utf-8")
    monkeypatch.setattr(rb, "RULEBOOK_DIR", folder)
    return folder


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    stdin: bytes = b"",
) -> tuple[int, str, str]:
    fake = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_score_json_lines_in_order_with_bad_lines(monkeypatch, capsys) -> None:
    lines = b"\n".join(
        [
            json.dumps({"id": "a", "text": "Could you tell me more?"}).encode(),
            b"{not json",
            b"\xff\xfe not utf-8",
            json.dumps(
                {"id": "b", "text": "That was stupid.", "context": {"client": "I quit my job."}}
            ).encode(),
            json.dumps({"id": "c"}).encode(),
            json.dumps({"id": "d", "text": "x", "stage": "nowhere"}).encode(),
            json.dumps([1, 2]).encode(),
            b"",
            json.dumps({"id": "e", "text": "\x00\x1b[31m \U0001f600"}).encode(),
        ]
    )
    code, out, err = run(monkeypatch, capsys, ["score", "--lang", "en"], lines)
    assert code == 0 and err == ""
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, None, "b", "c", "d", None, "e"]
    a, bad_json, bad_utf8, b, c, d, arr, e = rows
    assert a["moves"] == ["open_question"] and a["principles"]["openness"] == 1
    assert set(a["principles"]) == {
        "acceptance",
        "openness",
        "individualisation",
        "participation",
        "confidentiality",
        "self_awareness",
    }
    finding = a["findings"][0]
    assert finding["rule"] == "t.open" and finding["span"] == [10, 22]
    assert {"rule", "principle", "move", "delta", "span", "message"} <= set(finding)
    assert "invalid JSON" in bad_json["error"] and "UTF-8" in bad_utf8["error"]
    assert b["moves"] == ["judgement"] and b["stage_fit"] in ("fits", "premature", "late", "off")
    assert "missing 'text'" in c["error"] and "unknown stage" in d["error"]
    assert "object" in arr["error"] and e["moves"] == []


def test_score_reads_a_file_and_applies_rules_overlays(tmp_path, monkeypatch, capsys) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps({"id": 1, "text": "You are lazy."}) + "\n", encoding="utf-8")
    overlay = tmp_path / "extra.yaml"
    overlay.write_text(
        "lang: en\nversion: '1'\nrules:\n  - id: t.lazy\n    move: judgement\n"
        "    principles: {acceptance: -2}\n    patterns: [lazy]\n"
        "    message: Label.\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["score", str(data), "--lang", "en", "--rules", str(overlay), "--stage", "assessment"],
    )
    assert code == 0
    row = json.loads(out)
    assert row["principles"]["acceptance"] == -2 and row["findings"][0]["rule"] == "t.lazy"


def test_score_unreadable_input_exits_2(tmp_path, monkeypatch, capsys) -> None:
    code, out, err = run(
        monkeypatch, capsys, ["score", str(tmp_path / "missing.jsonl"), "--lang", "en"]
    )
    assert code == 2 and out == "" and "cannot read" in err and "Traceback" not in err
    code, _, err = run(monkeypatch, capsys, ["score", str(tmp_path), "--lang", "en"])
    assert code == 2 and "folder" in err


def test_score_transcript_json_and_markdown(tmp_path, monkeypatch, capsys) -> None:
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps(
            {
                "lang": "en",
                "turns": [
                    {"speaker": "client", "text": "I don't know where to start."},
                    {"speaker": "worker", "text": "Could you tell me more?"},
                    {"speaker": "client", "text": "I quit my job | *again*."},
                    {"speaker": "worker", "text": "That was stupid."},
                ],
            }
        ),
        encoding="utf-8",
    )
    code, out, _ = run(monkeypatch, capsys, ["score-transcript", str(path)])
    assert code == 0
    result = json.loads(out)
    assert 0 <= result["overall"] <= 100 and set(result["principles"]) >= {"acceptance"}
    assert result["measures"]["open_questions"] == 1
    workers = [t for t in result["turns"] if t["speaker"] == "worker"]
    assert [t["stage"] for t in workers] == ["engagement", "assessment"]  # inferred
    assert workers[1]["score"]["moves"] == ["judgement"]
    assert "score" not in result["turns"][0]
    code, out, _ = run(monkeypatch, capsys, ["score-transcript", str(path), "--format", "md"])
    assert code == 0 and out.startswith("# Overall score:")
    assert "I quit my job \\| \\*again\\*." in out  # client text is data, never markup


def test_score_transcript_bad_input(tmp_path, monkeypatch, capsys) -> None:
    path = tmp_path / "t.json"
    path.write_text('{"lang": "en", "turns": [{"speaker": "robot", "text": "x"}]}')
    code, out, err = run(monkeypatch, capsys, ["score-transcript", str(path)])
    assert code == 2 and out == "" and "turns[0].speaker" in err
    path.write_text("{broken")
    code, _, err = run(monkeypatch, capsys, ["score-transcript", str(path)])
    assert code == 2 and "invalid JSON" in err
