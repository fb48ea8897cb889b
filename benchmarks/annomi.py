"""Measured validity of the English rulebook against AnnoMI (expert-annotated MI transcripts).

The data is read from ``../shared/data/annomi/annomi_dev.csv`` (see its NOTICE.md) and never
copied into this repository. Every therapist utterance is scored with the client's previous
utterance as context; every transcript is scored as a session. Figures are reported for two
halves of the transcripts: ``tune`` (even ``transcript_id``: the half the rules may be tuned
on) and ``holdout`` (odd ``transcript_id``: only ever reported, never used to tune).

Run from the repository root::

    .venv/bin/python benchmarks/annomi.py                 # both halves, a table
    .venv/bin/python benchmarks/annomi.py --json          # machine-readable
    .venv/bin/python benchmarks/annomi.py --split tune --errors advice   # look at misses

Standard library only: precision/recall/F1 by counting, AUC by the Mann-Whitney U statistic.
How engine moves map to AnnoMI labels is defined in ``LABEL_MOVES`` and documented in
``docs/validity.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "annomi" / "annomi_dev.csv"
)

# Which engine moves count as which AnnoMI label (decided from the MITI 4.2.1 definitions).
# open: MITI/AnnoMI call any wh-question open, so a "why" question is open;
# reflection: MITI codes summaries and content paraphrases as reflections;
# advice: AnnoMI's advice covers suggestions with or without permission (MITI Persuade and
#   Persuade with Permission), and a suggestion to go to another service is one too;
# information: MITI Giving Information only (structuring and confidentiality statements are not GI).
LABEL_MOVES: dict[str, frozenset[str]] = {
    "open": frozenset({"open_question", "why_question"}),
    "closed": frozenset({"closed_question"}),
    "reflection": frozenset({"reflection_simple", "reflection_complex", "paraphrase", "summary"}),
    "simple": frozenset({"reflection_simple", "paraphrase"}),
    "complex": frozenset({"reflection_complex", "summary"}),
    "advice": frozenset({"advice", "advice_with_permission", "referral"}),
    "information": frozenset({"information"}),
}
LABELS: tuple[str, ...] = (
    "open",
    "closed",
    "reflection",
    "simple",
    "complex",
    "advice",
    "information",
)


def _per_reply(key: str, sign: float = 1.0):
    def measure(session) -> float:
        m = session.measures
        return sign * m[key] / m["worker_turns"] if m.get("worker_turns") else 0.0

    return measure


def _open_share(session) -> float:
    m = session.measures
    q = m["open_questions"] + m["closed_questions"] + m["why_questions"]
    return m["open_questions"] / q if q else 0.0


# Single session measures whose AUC (high vs low quality) is reported with --measures; each is
# signed so that higher should mean better MI.
SESSION_MEASURES = {
    "unasked advice per reply (fewer = better)": _per_reply("unasked_advice", -1.0),
    "premature replies per reply (fewer = better)": _per_reply("premature_replies", -1.0),
    "participation score": lambda s: s.principles.get("participation", 0.0),
    "share of questions that are open": _open_share,
    "reflections per question": lambda s: s.measures["reflections_per_question"],
    "reflections per reply": _per_reply("reflections"),
    "share of complex reflections": lambda s: s.measures["complex_reflection_share"],
    "overall score": lambda s: s.overall,
}


@dataclass
class Utterance:
    """One AnnoMI utterance with the labels this benchmark uses."""

    transcript: int
    order: int
    speaker: str  # "therapist" | "client"
    text: str
    gold: frozenset[str] = frozenset()


@dataclass
class Transcript:
    """One AnnoMI transcript: its quality label and its utterances in order."""

    id: int
    quality: str  # "high" | "low"
    utterances: list[Utterance] = field(default_factory=list)


def gold_labels(row: dict[str, str]) -> frozenset[str]:
    """The benchmark labels of one therapist row (multi-label: one utterance may hold several)."""
    labels: set[str] = set()
    if row.get("question_exists") == "True" and row.get("question_subtype") in ("open", "closed"):
        labels.add(row["question_subtype"])
    if row.get("reflection_exists") == "True" and row.get("reflection_subtype") in (
        "simple",
        "complex",
    ):
        labels.update(("reflection", row["reflection_subtype"]))
    if row.get("therapist_input_exists") == "True" and row.get("therapist_input_subtype") in (
        "advice",
        "information",
    ):
        labels.add(row["therapist_input_subtype"])
    return frozenset(labels)


def load(path: Path) -> list[Transcript]:
    """Read the AnnoMI CSV into transcripts ordered by id, utterances ordered within each."""
    transcripts: dict[int, Transcript] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            tid = int(row["transcript_id"])
            tr = transcripts.setdefault(tid, Transcript(tid, row["mi_quality"]))
            speaker = row["interlocutor"]
            tr.utterances.append(
                Utterance(
                    transcript=tid,
                    order=int(row["utterance_id"]),
                    speaker=speaker,
                    text=row["utterance_text"],
                    gold=gold_labels(row) if speaker == "therapist" else frozenset(),
                )
            )
    for tr in transcripts.values():
        tr.utterances.sort(key=lambda u: u.order)
    return [transcripts[k] for k in sorted(transcripts)]


def split_of(transcript_id: int) -> str:
    """The half a transcript belongs to: even ids are tuned on, odd ids are held out."""
    return "tune" if transcript_id % 2 == 0 else "holdout"


def predicted_labels(moves: Iterable[str], open_wins: bool = False) -> frozenset[str]:
    """Benchmark labels shown by a reply's moves.

    A volley with several questions takes the type of its last one (the question the client is
    left to answer), so open and closed never both hold for one utterance. With ``open_wins``
    (a secondary figure only) any open question makes the volley open.
    """
    moves = list(moves)
    labels = {
        name
        for name, ms in LABEL_MOVES.items()
        if name not in ("open", "closed") and ms & set(moves)
    }
    last_q = [m for m in moves if m in LABEL_MOVES["open"] | LABEL_MOVES["closed"]]
    if last_q:
        if open_wins:
            labels.add("open" if set(last_q) & LABEL_MOVES["open"] else "closed")
        else:
            labels.add("open" if last_q[-1] in LABEL_MOVES["open"] else "closed")
    if "simple" in labels and "complex" in labels:
        labels.discard("simple")  # MITI: one reflection code per volley, complex wins
    return frozenset(labels)


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "support": tp + fn}


def label_scores(
    pairs: Sequence[tuple[frozenset[str], frozenset[str]]], label: str
) -> dict[str, float]:
    """Precision/recall/F1 of one label over (gold, predicted) pairs."""
    tp = sum(1 for g, p in pairs if label in g and label in p)
    fp = sum(1 for g, p in pairs if label not in g and label in p)
    fn = sum(1 for g, p in pairs if label in g and label not in p)
    return prf(tp, fp, fn)


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """Area under the ROC curve via the Mann-Whitney U statistic (ties count one half)."""
    if not positives or not negatives:
        return float("nan")
    ranked = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    rank_sum = 0.0
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2  # ranks i+1 .. j, averaged over the tie
        rank_sum += mean_rank * sum(1 for k in range(i, j) if ranked[k][1] == 1)
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    u = rank_sum - n_pos * (n_pos + 1) / 2
    return round(u / (n_pos * n_neg), 3)


def score_transcript(scorer, tr: Transcript):
    """Score a transcript the way ``casework score-transcript`` does (stages inferred).

    Returns (pairs of gold and predicted labels per therapist utterance, the session's
    scores, rows for error analysis).
    """
    from simulator.scoring.summary import score_turns

    turns = [
        {"speaker": "worker" if u.speaker == "therapist" else "client", "text": u.text}
        for u in tr.utterances
    ]
    scored = score_turns(scorer, "en", turns)
    pairs: list[tuple[frozenset[str], frozenset[str]]] = []
    rows: list[tuple[Utterance, str, object]] = []
    client_last = ""
    for u, st in zip(tr.utterances, scored, strict=True):
        if st.speaker == "client":
            client_last = u.text
            continue
        pairs.append((u.gold, predicted_labels(st.score.moves)))
        rows.append((u, client_last, st.score))
    session = scorer.summarize(scored)
    return pairs, session, rows


def open_wins_macro_f1(rows: list) -> float:
    """Question-type macro-F1 when any open question makes a volley open (secondary figure)."""
    pairs = [(u.gold, predicted_labels(score.moves, open_wins=True)) for u, _, score in rows]
    return round((label_scores(pairs, "open")["f1"] + label_scores(pairs, "closed")["f1"]) / 2, 3)


_WH = re.compile(r"\b(what|how|why|where|when|who|which|tell me|describe|explain)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[?.!])\s+")


def form_only_macro_f1(rows: list) -> float:
    """Question-type macro-F1 of a reference that is *told* which utterances are questions.

    It types the last question of each annotated question by grammatical form alone (a wh-word
    or "tell me/describe/explain" = open, anything else = closed), the textbook (MISC) reading.
    Question detection is perfect here, so this is an upper reference for any classifier that
    follows the form-based definition; the gap to the target is the annotators' own judgement.
    """
    pairs = []
    for u, _, _ in rows:
        gold = u.gold & {"open", "closed"}
        if not gold:
            continue
        questions = [s for s in _SENTENCE_END.split(u.text) if s.rstrip().endswith("?")]
        last = questions[-1] if questions else u.text
        pairs.append((gold, frozenset({"open" if _WH.search(last) else "closed"})))
    return round((label_scores(pairs, "open")["f1"] + label_scores(pairs, "closed")["f1"]) / 2, 3)


def evaluate(transcripts: Sequence[Transcript], scorer) -> tuple[dict, list]:
    """All figures for a set of transcripts, and the scored rows for error analysis."""
    pairs: list[tuple[frozenset[str], frozenset[str]]] = []
    high: list[float] = []
    low: list[float] = []
    rows: list = []
    sessions: dict[str, list] = {"high": [], "low": []}
    for tr in transcripts:
        p, session, r = score_transcript(scorer, tr)
        pairs.extend(p)
        rows.extend(r)
        (high if tr.quality == "high" else low).append(session.overall)
        sessions["high" if tr.quality == "high" else "low"].append(session)
    result: dict = {label: label_scores(pairs, label) for label in LABELS}
    result["question_macro_f1"] = round((result["open"]["f1"] + result["closed"]["f1"]) / 2, 3)
    result["question_macro_f1_open_wins"] = open_wins_macro_f1(rows)
    result["question_macro_f1_form_reference"] = form_only_macro_f1(rows)
    result["session_auc"] = auc(high, low)
    result["measure_auc"] = {
        name: auc([f(x) for x in sessions["high"]], [f(x) for x in sessions["low"]])
        for name, f in SESSION_MEASURES.items()
    }
    result["n_utterances"] = len(pairs)
    result["n_transcripts"] = {"high": len(high), "low": len(low)}
    result["mean_overall"] = {
        "high": round(sum(high) / len(high), 1) if high else None,
        "low": round(sum(low) / len(low), 1) if low else None,
    }
    return result, rows


def print_table(name: str, res: dict) -> None:
    """A plain-text table of one half's figures."""
    print(
        f"== {name}: {res['n_utterances']} therapist utterances, transcripts {res['n_transcripts']}"
    )
    print(f"{'label':<12} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}")
    for label in LABELS:
        s = res[label]
        print(
            f"{label:<12} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} {s['support']:>8}"
        )
    print(
        f"question-type macro-F1 {res['question_macro_f1']:.3f} (open-wins {res['question_macro_f1_open_wins']:.3f},"
        f" form-only reference {res['question_macro_f1_form_reference']:.3f})"
        f"   session AUC {res['session_auc']:.3f}"
        f"   mean overall high/low {res['mean_overall']['high']}/{res['mean_overall']['low']}"
    )


def print_errors(rows: list, label: str, limit: int) -> None:
    """Print misses and false alarms of one label (for local analysis only; never commit output)."""
    shown = 0
    for u, client, score in rows:
        pred = predicted_labels(score.moves)
        if (label in u.gold) == (label in pred):
            continue
        kind = "MISS" if label in u.gold else "FALSE"
        print(f"[{kind}] gold={sorted(u.gold)} moves={list(score.moves)}")
        print(f"   client: {client[:160]}")
        print(f"   worker: {u.text[:240]}")
        shown += 1
        if shown >= limit:
            break


def _gold_kind(gold: frozenset[str]) -> str:
    """The gold question type of an utterance, with "+refl" when it is also a reflection."""
    if "open" in gold or "closed" in gold:
        kind = "open" if "open" in gold else "closed"
        return kind + ("+refl" if "reflection" in gold else "")
    if "reflection" in gold:
        return "reflection only"
    return "information" if "information" in gold else "no question"


def diagnose(rows: list, transcripts: Sequence[Transcript]) -> dict:
    """Counts only (no utterance text), so it may be printed for the holdout half too.

    - for the utterances the engine types closed (and open): what the annotators coded;
    - for the utterances coded open or closed: what the engine predicted;
    - advice per transcript (predicted, gold, both), the gold labels of false advice and the
      engine's moves on missed advice.
    """
    from collections import Counter

    as_closed: Counter = Counter()
    as_open: Counter = Counter()
    gold_q: Counter = Counter()
    false_adv: Counter = Counter()
    missed_adv: Counter = Counter()
    per_tr: dict[int, list[int]] = {}
    quality = {tr.id: tr.quality for tr in transcripts}
    for u, _, score in rows:
        pred = predicted_labels(score.moves)
        if "closed" in pred:
            as_closed[_gold_kind(u.gold)] += 1
        if "open" in pred:
            as_open[_gold_kind(u.gold)] += 1
        for kind in ("open", "closed"):
            if kind in u.gold:
                got = next((k for k in ("open", "closed", "reflection") if k in pred), "nothing")
                gold_q[f"{kind} -> {got}"] += 1
        c = per_tr.setdefault(u.transcript, [0, 0, 0])
        c[0] += "advice" in pred
        c[1] += "advice" in u.gold
        c[2] += "advice" in pred and "advice" in u.gold
        if "advice" in pred and "advice" not in u.gold:
            false_adv[_gold_kind(u.gold)] += 1
        if "advice" in u.gold and "advice" not in pred:
            moves = sorted(set(score.moves) - {"encourager"})
            missed_adv[",".join(moves) or "nothing"] += 1
    return {
        "engine closed, gold": dict(as_closed.most_common()),
        "engine open, gold": dict(as_open.most_common()),
        "gold question -> engine": dict(sorted(gold_q.items())),
        "advice per transcript (id quality: predicted/gold/both)": {
            f"{tid} {quality.get(tid, '?')}": "/".join(map(str, c))
            for tid, c in sorted(per_tr.items())
            if c[0] or c[1]
        },
        "false advice, gold": dict(false_adv.most_common()),
        "missed advice, engine moves": dict(missed_adv.most_common()),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: score AnnoMI and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="path to annomi_dev.csv")
    ap.add_argument("--split", choices=("tune", "holdout", "all", "both"), default="both")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument(
        "--errors", choices=LABELS, help="print misclassified utterances of a label (tune only)"
    )
    ap.add_argument("--limit", type=int, default=40, help="how many errors to print")
    ap.add_argument(
        "--measures", action="store_true", help="also print the AUC of single session measures"
    )
    ap.add_argument(
        "--diagnose",
        action="store_true",
        help="also print error counts (no utterance text): question confusions, advice per transcript",
    )
    args = ap.parse_args(argv)
    if args.errors and args.split != "tune":
        print(
            "--errors shows utterances: only with --split tune (the holdout half is never read)",
            file=sys.stderr,
        )
        return 2
    if not args.data.is_file():
        print(f"{args.data}: not found (AnnoMI lives in ../shared/data/annomi/)", file=sys.stderr)
        return 2
    from simulator.scoring import make_scorer

    scorer = make_scorer("en")
    transcripts = load(args.data)
    halves = {"tune": [], "holdout": []}
    for tr in transcripts:
        halves[split_of(tr.id)].append(tr)
    wanted = {"both": ["tune", "holdout"], "all": ["all"]}.get(args.split, [args.split])
    results: dict = {}
    for name in wanted:
        trs = transcripts if name == "all" else halves[name]
        res, rows = evaluate(trs, scorer)
        if args.diagnose:
            res["diagnosis"] = diagnose(rows, trs)
        results[name] = res
        if args.errors:
            print_errors(rows, args.errors, args.limit)
    if args.json:
        print(json.dumps(results, indent=2))
    elif not args.errors:
        for name, res in results.items():
            print_table(name, res)
            if args.measures:
                for measure, value in res["measure_auc"].items():
                    print(f"  AUC {value:.3f}  {measure}")
            for title, counts in res.get("diagnosis", {}).items():
                print(f"  {title}:")
                print("    " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
