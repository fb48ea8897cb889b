"""Reports: one model, three renderings; self-contained HTML; the session's language."""

from __future__ import annotations

import json
import os
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_fakes import put, self_assessment, stored

from simulator import seed
from simulator.cli import main
from simulator.report import REPORT_SCHEMA_VERSION, build_report, render
from simulator.report.classreport import (
    build_class_report,
    render_class_html,
    render_class_md,
    render_csv,
)
from simulator.report.render_md import md_escape
from simulator.store import StoredSession, open_store
from simulator.vocab import PRINCIPLES

HOSTILE = (
    "<script>alert(1)</script><img src=x onerror=alert(2)><link rel=stylesheet href=//e.com/a.css>"
)


class Tags(HTMLParser):
    """Collects tags, attributes and the text inside <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.style = ""
        self._in_style = False
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data
        else:
            self.text += data


def parsed(html: str) -> Tags:
    p = Tags()
    p.feed(html)
    return p


def test_json_report_holds_every_part_with_reasons() -> None:
    report = build_report(stored(self_assessment=self_assessment(4)))
    data = json.loads(render(report, "json"))
    assert data["report_schema_version"] == REPORT_SCHEMA_VERSION == 1
    assert data["lang"] == "id" and data["session"]["status"] == "finished"
    assert [p["id"] for p in data["principles"]] == list(PRINCIPLES)
    acceptance = data["principles"][0]
    assert acceptance["score"] == 62.0 and acceptance["self_rating"] == 4
    assert acceptance["gap"] == 75.0 - 62.0
    # every nonzero delta of a worker turn appears as a reason under its principle
    assert [(f["turn"], f["delta"]) for f in acceptance["findings"]] == [(1, 0.5), (4, -1.0)]
    assert acceptance["findings"][1]["excerpt"] == "Kenapa Ibu tidak bilang ke suami?"
    assert data["principles"][4]["findings"] == []  # confidentiality: no finding moved it
    cal = data["calibration"]
    assert cal["verdict"] == "over" and cal["mean_gap"] == pytest.approx(22.5)
    assert cal["stage_engine"] == pytest.approx(66.7) and cal["stage_self"] == 3
    assert [n["turn"] for n in data["stages"]["premature"]] == [4]
    assert [(s["stage"], s["went_back"]) for s in data["stages"]["order"]] == [
        ("engagement", False),
        ("assessment", False),
        ("engagement", True),
    ]
    assert data["ending"]["kind"] == "plan_agreed" and data["roles"] == {"counselor": 4}
    assert data["measures"]["longest_closed_run"] == 1 and data["measures"]["plan_with_client"]
    assert len(data["transcript"]) == 13 and data["transcript"][3]["findings"][0]["turn"] == 2


def test_strengths_and_improvements_are_three_each_tied_to_the_seed() -> None:
    report = build_report(stored())
    strong = [p.principle for p in report.strengths]
    weak = [p.principle for p in report.improvements]
    assert strong == ["individualisation", "acceptance", "self_awareness"]
    assert weak == ["confidentiality", "participation", "openness"]
    for point in (*report.strengths, *report.improvements):
        assert point.definition == seed.PRINCIPLE_DEFINITIONS[point.principle]["id"]
        assert point.source == seed.SOURCES[seed.PRINCIPLE_SOURCES[point.principle]]
    assert all(f.delta > 0 for p in report.strengths for f in p.evidence)
    assert [f.rule for f in report.improvements[1].evidence] == ["id.advice.harus"]


def test_the_report_speaks_the_session_language() -> None:
    en = render(build_report(stored(lang="en")), "md")
    assert "# Session report" in en and "Three strengths" in en
    assert seed.PRINCIPLE_DEFINITIONS["acceptance"]["en"] in en
    idn = render(build_report(stored(lang="id")), "md")
    assert "# Laporan sesi" in idn and "Tiga kekuatan" in idn
    assert seed.PRINCIPLE_DEFINITIONS["acceptance"]["id"] in idn
    assert "Three strengths" not in idn


def test_html_is_self_contained_and_prints() -> None:
    html = render(build_report(stored(self_assessment=self_assessment())), "html")
    for needle in ("http", "src=", "<link", "@import", "url(", "<script", "<iframe", "<object"):
        assert needle not in html.lower(), needle
    p = parsed(html)
    assert "svg" in p.tags and "rect" in p.tags and "style" in p.tags
    assert "@media print" in p.style
    assert all(name not in ("src", "href", "xmlns") for name, _ in p.attrs)


def test_hostile_text_is_escaped_everywhere() -> None:
    base = stored(self_assessment=self_assessment() | {"went_well": HOSTILE})
    turns = list(base.turns)
    turns[1] = dict(turns[1]) | {"text": HOSTILE}
    turns[2] = dict(turns[2]) | {"text": "| a | b |\n# heading *x*"}
    session = StoredSession(**{**base.__dict__, "turns": tuple(turns), "scenario_title": HOSTILE})
    html = render(build_report(session), "html")
    p = parsed(html)
    assert not {"script", "img", "link"} & set(p.tags)
    assert HOSTILE in p.text  # shown as text, whole
    md = render(build_report(session), "md")
    assert "<script>" not in md and "\\<script\\>" in md
    assert "> \\| a \\| b \\| \\# heading \\*x\\*" in md


def test_md_escape_keeps_text_inert() -> None:
    assert md_escape("[x](javascript:y) `c` <b>") == "\\[x\\](javascript:y) \\`c\\` \\<b\\>"


def test_an_interrupted_unscored_session_still_reports() -> None:
    base = stored(n=3, finished=False)
    session = StoredSession(**{**base.__dict__, "scores": None})
    report = build_report(session)
    assert report.overall is None and report.session["status"] == "interrupted"
    assert report.measures["closed_questions"] == 1 and report.measures["open_questions"] == 1
    assert report.stages.coverage == {"engagement": 2, "assessment": 1}
    assert "belum dinilai" in render(report, "md")
    assert len(report.strengths) == 3 and len(report.improvements) == 3


def test_report_command_from_the_store_and_from_files(tmp_path: Path, capsys) -> None:
    db = tmp_path / "c.db"
    store = open_store(db)
    sid = put(store, 6)
    store.save_self_assessment(sid, self_assessment(2))
    store.close()
    out = tmp_path / "out" / "r.html"
    out.parent.mkdir()
    assert main(["report", sid[:5], "--db", str(db), "--format", "html", "--out", str(out)]) == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert "Laporan sesi" in out.read_text()
    assert main(["--db", str(db), "report", sid, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["session"]["id"] == sid and data["calibration"]["verdict"] == "under"
    assert main(["export", sid, "--db", str(db), "--out", str(tmp_path / "e.json")]) == 0
    transcript = tmp_path / "t.json"
    transcript.write_text(json.dumps(store_transcript(db, sid)))
    for source in (tmp_path / "e.json", transcript):
        assert main(["report", str(source), "--format", "md", "--lang", "en"]) == 0
        assert "# Session report: " in capsys.readouterr().out


def test_out_into_a_missing_folder_and_a_folder_as_source_are_refused(
    tmp_path: Path, capsys
) -> None:
    db = tmp_path / "c.db"
    with open_store(db) as store:
        sid = put(store, 2)
    missing = tmp_path / "nowhere" / "r.md"
    for argv in (["report", sid], ["export", sid]):
        assert main([*argv, "--db", str(db), "--out", str(missing)]) == 2
        err = capsys.readouterr().err
        assert err.strip() == f"{missing}: the folder {missing.parent} does not exist"
    assert not missing.parent.exists()
    folder = tmp_path / "adir"
    folder.mkdir()
    assert main(["report", str(folder), "--db", str(db)]) == 2
    assert capsys.readouterr().err.strip() == f"{folder}: is a folder, not a session or a file"


def store_transcript(db: Path, sid: str) -> dict:
    store = open_store(db)
    try:
        return store.get(sid).transcript()
    finally:
        store.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"casework_export": 1, "session": {"scen', "e.json:1:36: not valid JSON"),
        ('{"casework_export": 9, "session": {}}', "e.json: export version 9 is not supported"),
        ('{"schema_version": 2, "turns": []}', "e.json: transcript schema_version 2"),
        ("[1, 2]", "e.json: not a casework export or transcript"),
        (
            '{"casework_export": 1, "session": {"scenario": "s", "lang": "id", "turns": [{"speaker": "x"}]}}',
            "e.json: turn 1: expected an object with speaker",
        ),
    ],
)
def test_bad_files_give_one_line_and_exit_2(
    tmp_path: Path, capsys, content: str, message: str
) -> None:
    bad = tmp_path / "e.json"
    bad.write_text(content)
    out = tmp_path / "r.md"
    out.write_text("keep me")
    assert main(["report", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert out.read_text() == "keep me"


def test_unknown_id_and_missing_database(tmp_path: Path, capsys) -> None:
    db = tmp_path / "c.db"
    assert main(["report", "abcd", "--db", str(db)]) == 2
    assert "no session database yet" in capsys.readouterr().err and not db.exists()
    open_store(db).close()
    assert main(["report", "abcd", "--db", str(db)]) == 2
    assert capsys.readouterr().err.strip() == f"{db}: no session 'abcd'"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 200)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
turn_like = st.fixed_dictionaries(
    {"speaker": st.sampled_from(["client", "worker"]), "text": st.text(max_size=30)},
    optional={
        "stage": json_values,
        "beat": json_values,
        "score": st.fixed_dictionaries(
            {},
            optional={
                k: json_values
                for k in ("moves", "principles", "stage", "stage_fit", "roles", "findings")
            },
        ),
    },
)


@settings(max_examples=150, deadline=None)
@given(
    turns=st.lists(turn_like, max_size=6),
    scores=st.none()
    | st.dictionaries(
        st.sampled_from(["overall", "principles", "measures", "stage_coverage", "roles"]),
        json_values,
    ),
    ending=st.none() | st.dictionaries(st.sampled_from(["id", "title", "outcome"]), json_values),
)
def test_any_export_either_loads_and_renders_or_is_refused_with_one_line(turns, scores, ending):
    from simulator.errors import LoadError
    from simulator.store.export import parse_session_json

    doc = {
        "casework_export": 1,
        "session": {
            "scenario": "s",
            "lang": "en",
            "seed": 1,
            "turns": turns,
            "scores": scores,
            "ending": ending,
        },
    }
    try:
        session = parse_session_json(json.dumps(doc), "x.json")
    except LoadError as exc:
        assert exc.message.startswith("x.json: ") and "\n" not in exc.message
        return
    report = build_report(session)
    for fmt in ("md", "html", "json"):
        assert render(report, fmt)
    summary = build_class_report([session, session], lang="id")
    assert render_csv(summary) and render_class_md(summary) and render_class_html(summary)


def test_every_measure_of_the_engine_has_a_label_in_both_languages() -> None:
    from simulator.report.strings import STRINGS
    from simulator.scoring.summary import measures

    keys = set(measures([]))
    missing = {k for k in keys if f"m.{k}" not in STRINGS}
    assert not missing


TERMINAL_HOSTILE = "Eve\u001b]0;pwned\u0007\u001b[2J\u009b31m\u007f"


def _controls(text: str) -> list[str]:
    import unicodedata

    return [c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"]


def test_control_characters_of_an_export_never_reach_the_output(tmp_path: Path, capsys) -> None:
    db = tmp_path / "c.db"
    with open_store(db) as store:
        sid = put(store, 4, student=TERMINAL_HOSTILE)
        sa = dict(self_assessment(), went_well=TERMINAL_HOSTILE)
        store.save_self_assessment(sid, sa)
    export = tmp_path / "e.json"
    assert main(["export", sid, "--db", str(db), "--out", str(export)]) == 0
    data = json.loads(export.read_text(encoding="utf-8"))
    assert data["session"]["student"] == TERMINAL_HOSTILE  # the data itself is kept, only inert
    assert _controls(export.read_text(encoding="utf-8")) == []
    data["session"]["turns"][1]["text"] = "Halo " + TERMINAL_HOSTILE
    data["session"]["scenario_title"] = TERMINAL_HOSTILE
    export.write_text(json.dumps(data), encoding="utf-8")
    runs = [
        *(["report", str(export), "--format", f] for f in ("md", "html", "json")),
        *(["class-report", str(export), "--format", f] for f in ("md", "csv", "html")),
        ["history", "--db", str(db)],
        ["history", "--db", str(db), "--json"],
        ["export", sid, "--db", str(db)],
    ]
    for argv in runs:
        assert main(argv) == 0, argv
        out = capsys.readouterr().out
        assert _controls(out) == [], argv
        if argv[0] != "history" or "--json" in argv:
            assert "Eve" in out, argv


def test_history_speaks_indonesian_headers(tmp_path: Path, capsys) -> None:
    db = tmp_path / "c.db"
    with open_store(db) as store:
        put(store, 2)
    assert main(["history", "--db", str(db), "--lang", "id"]) == 0
    head = capsys.readouterr().out.splitlines()[0].split()
    assert head == ["id", "tanggal", "status", "giliran", "skor", "skenario"]
