"""``casework export`` and ``casework class-report``: many students in one table."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

from store_fakes import put, self_assessment

from simulator.cli import main
from simulator.report.classreport import build_class_report
from simulator.store import open_store
from simulator.store.export import load_session_file, pseudonym
from simulator.vocab import PRINCIPLES


def export_class(tmp_path: Path) -> list[Path]:
    """Three students (Rina twice), each exported from their own database."""
    files = []
    for i, (student, offset) in enumerate((("Rina", 0), ("Budi", -20), ("Rina", 10), ("=cmd", 5))):
        db = tmp_path / f"db{i}" / "c.db"
        store = open_store(db)
        sid = put(store, 6, student=student, offset=offset)
        store.save_self_assessment(sid, self_assessment())
        store.close()
        out = tmp_path / "exports" / f"{i}.json"
        out.parent.mkdir(exist_ok=True)
        assert main(["export", sid, "--db", str(db), "--out", str(out)]) == 0
        files.append(out)
    return files


def test_export_is_versioned_owner_only_and_reads_back(tmp_path: Path) -> None:
    files = export_class(tmp_path)
    data = json.loads(files[0].read_text())
    assert data["casework_export"] == 1 and data["anonymized"] is False
    assert data["session"]["student"] == "Rina" and len(data["session"]["turns"]) == 13
    assert stat.S_IMODE(os.stat(files[0]).st_mode) == 0o600
    back = load_session_file(files[0])
    assert back.status == "finished" and back.self_assessment["stages"] == 3


def test_anonymized_export_hides_the_name_everywhere(tmp_path: Path, capsys) -> None:
    db = tmp_path / "c.db"
    store = open_store(db)
    sid = put(store, 6, student="Rina")
    store.save_self_assessment(sid, self_assessment())
    key = store.pseudonym_key()
    store.close()
    assert main(["export", sid, "--db", str(db), "--anonymize"]) == 0
    text = capsys.readouterr().out
    alias = pseudonym("Rina", key)
    assert "Rina" not in text and alias in text
    data = json.loads(text)
    assert data["anonymized"] and data["session"]["student"] == alias
    assert f"Saya {alias}, pekerja sosial" in data["session"]["turns"][1]["text"]
    assert pseudonym(" rina ", key) == alias != pseudonym("Rina", b"another key")


def test_class_report_csv_table_and_means(tmp_path: Path, capsys) -> None:
    files = export_class(tmp_path)
    assert main(["class-report", *map(str, files), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["student", "sessions", *PRINCIPLES, "overall"]
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"Budi", "Rina", "'=cmd", "class mean"}
    assert by_name["Rina"][1] == "2"
    assert by_name["Rina"][2] == "67.0"  # acceptance (62 + 72) / 2
    assert by_name["Budi"][2] == "42.0"
    assert by_name["class mean"][2] == f"{(67.0 + 42.0 + 67.0) / 3:.1f}"


def test_class_report_weakest_and_frequent(tmp_path: Path) -> None:
    files = export_class(tmp_path)
    sessions = [load_session_file(f) for f in [*files, files[0]]]  # one handed in twice
    report = build_class_report(sessions, lang="en")
    assert report.sessions == 4
    assert report.weakest_principles == ("confidentiality", "participation", "openness")
    assert report.weakest_stages[0][0] == "engagement"  # 2 of 3 replies fit
    assert report.weakest_stages[0][1] == 2 / 3
    top = report.frequent[0]
    assert top.rule == "id.reflect.feeling" and top.count == 8  # two findings x four sessions
    assert {f.rule for f in report.frequent} >= {"id.advice.harus", "id.why.kenapa"}


def test_class_report_md_html_and_anonymize(tmp_path: Path, capsys) -> None:
    files = export_class(tmp_path)
    db = tmp_path / "teacher.db"
    assert (
        main(["class-report", *map(str, files), "--format", "md", "--anonymize", "--db", str(db)])
        == 0
    )
    md = capsys.readouterr().out
    assert "Rina" not in md and "Budi" not in md and "student-" in md
    assert "## Prinsip terlemah" in md and "## Temuan paling sering" in md
    out = tmp_path / "class.html"
    assert (
        main(
            [
                "class-report",
                *map(str, files),
                "--format",
                "html",
                "--out",
                str(out),
                "--lang",
                "en",
            ]
        )
        == 0
    )
    html = out.read_text()
    assert "Class summary" in html and "Rina" in html
    for needle in ("http", "src=", "<link", "@import", "<script"):
        assert needle not in html


def test_a_truncated_export_stops_the_class_report(tmp_path: Path, capsys) -> None:
    files = export_class(tmp_path)
    files[1].write_text(files[1].read_text()[:200])
    out = tmp_path / "class.md"
    assert main(["class-report", *map(str, files), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "1.json:" in err and "not valid JSON" in err
    assert not out.exists()


def test_anonymized_export_keeps_every_finding_on_its_words(tmp_path: Path, capsys) -> None:
    from store_fakes import reply_score

    from simulator.report import build_report
    from simulator.store import SessionMeta

    text = "Saya Rina, dan rina di sini. Bagaimana perasaan Ibu? RINA mendengarkan."
    words = ["Bagaimana perasaan Ibu?", "di sini", "mendengarkan", "Saya Rina, dan"]
    findings = tuple(
        (f"r{i}", "acceptance", 1.0, text.index(w), text.index(w) + len(w), f"m{i}")
        for i, w in enumerate(words)
    )
    score = reply_score("engagement", "fits", ("open_question",), findings)
    db = tmp_path / "c.db"
    with open_store(db) as store:
        sid = store.create_session(
            SessionMeta(
                scenario="s",
                lang="id",
                seed=1,
                mode="coach",
                student="Rina",
                turns=({"speaker": "client", "text": "Halo.", "stage": "engagement"},),
            )
        )
        store.record_turn(
            sid,
            {
                "worker": {
                    "speaker": "worker",
                    "text": text,
                    "stage": "engagement",
                    "score": score.to_dict(),
                },
                "client": None,
                "ending": None,
                "snapshot": {"turn": 1},
            },
        )
        key = store.pseudonym_key()
    out = tmp_path / "a.json"
    assert main(["export", sid, "--db", str(db), "--anonymize", "--out", str(out)]) == 0
    alias = pseudonym("Rina", key)
    report = build_report(load_session_file(out))
    excerpts = [f.excerpt for t in report.transcript for f in t.findings]
    assert excerpts == ["Bagaimana perasaan Ibu?", "di sini", "mendengarkan", f"Saya {alias}, dan"]


def test_sessions_without_a_student_name_stay_apart(tmp_path: Path, capsys) -> None:
    files = []
    for i in range(2):
        db = tmp_path / f"db{i}" / "c.db"
        with open_store(db) as store:
            sid = put(store, 4, student="", offset=10.0 * i)
        out = tmp_path / f"{i}.json"
        assert main(["export", sid, "--db", str(db), "--out", str(out)]) == 0
        files.append((out, sid))
    assert main(["class-report", *(str(f) for f, _ in files), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    names = [r[0] for r in rows[1:-1]]
    assert sorted(names) == sorted(f"? ({sid})" for _, sid in files)
