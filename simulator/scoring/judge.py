"""One reply judged: rules per thought unit, then the engine's own judgements, then stage fit.

``Judgement`` is created by ``RuleScorer.score`` for one reply and thrown away after; it
keeps the per-reply state (which rules already fired, the findings of each unit) out of the
scorer, so that the scorer stays a pure function of (rulebook, reply, context).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from simulator.scoring import lexicon as lx
from simulator.scoring import moves as mv
from simulator.scoring.engine import could_match
from simulator.scoring.model import Finding, ReplyScore, ScoreContext
from simulator.scoring.patterns import MatchEnv, normalise_phrase
from simulator.scoring.stagefit import judge_fit, stage_spec
from simulator.scoring.text import Analysis, Token, Unit, tokenize

if TYPE_CHECKING:
    from simulator.scoring.engine import ClientInfo, RuleScorer
    from simulator.scoring.rulebook import Rule

_REFLECTIVE = frozenset({"reflection_simple", "reflection_complex", "paraphrase", "summary"})
_ADVICE = frozenset({"advice", "advice_with_permission"})
_FEELING = ("l", "feeling")
_OPENER = ("l", "reflection_opener")
_SUMMARY = ("l", "summary_opener")
_LABEL_LISTS = ("label", "diagnosis", "label_word")  # rulebook lists of labels for a person
_CONDITIONAL = frozenset({"if", "kalau", "jika", "bila", "apabila", "seandainya", "andai"})
_LEAD_CONJ = frozenset({"and", "but", "so", "or", "well", "okay", "dan", "tapi", "jadi", "terus"})
_FIRST_PERSON = frozenset({"saya", "aku", "gue", "kami", "i", "we"})
_WORKER_OBJECT = frozenset({"me", "us"})  # "it really worries me": the worker's own feeling
# "Saya ikut senang", "Bangga deh aku sama kamu", "Senang sekali saya mendengarnya": the worker
# feels (RUBRIC MITI: not a reflection of the client); the words allowed between the worker
# and the feeling word, before and after it
_ID_SELF = frozenset({"saya", "aku", "gue", "gua"})
_ID_SELF_BEFORE = frozenset({"juga", "ikut", "turut", "sangat", "amat", "jadi", "merasa",
                             "benar-benar", "sungguh", "cukup", "begitu", "sedang", "pun", "sih",
                             "sudah", "sekarang"})  # fmt: skip
_ID_SELF_AFTER = frozenset({"sekali", "deh", "lho", "loh", "ya", "kok", "sih", "juga", "pun",
                            "amat", "rasanya", "nih"})  # fmt: skip
# kin terms a worker may call themself ("Kakak ngerti kok"); a variant of each maps to one form
_SELF_KIN = {"kak": "kakak", "kakak": "kakak", "mbak": "mbak", "mas": "mas", "bang": "abang",
             "abang": "abang", "teh": "teteh", "teteh": "teteh", "om": "om", "tante": "tante"}  # fmt: skip
# other ways a reply speaks to the client: a kin term beside them is the worker
_ID_OTHER_YOU = frozenset({"kamu", "kau", "engkau", "dek", "adik", "adek", "nak"})


def _filler_you(toks: list[Token], i: int) -> bool:
    """ "you know," / "you see," as a discourse filler, or "thank you": the client is not the
    subject."""
    if toks[i].text != "you":
        return False
    if i > 0 and toks[i - 1].text == "thank":
        return True
    if i + 1 >= len(toks) or toks[i + 1].text not in ("know", "see"):
        return False
    after = toks[i + 2] if i + 2 < len(toks) else None
    return after is None or after.kind != "word" or after.text == "like"


@dataclass
class UnitResult:
    unit: Unit
    facts: mv.UnitFacts
    moves: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    fallback: bool = False  # its reflection is the engine's guess, no rule gave it

    def span(self) -> tuple[int, int]:
        return self.unit.span

    def drop_move(self, move: str, positive_only: bool = False) -> None:
        if move in self.moves:
            self.moves.remove(move)
        self.findings = [
            f for f in self.findings if f.move != move or (positive_only and f.delta < 0)
        ]


class Judgement:
    """The judgement of one reply (see the module docstring)."""

    def __init__(
        self,
        scorer: RuleScorer,
        analysis: Analysis,
        ctx: ScoreContext,
        client: ClientInfo,
        env: MatchEnv,
    ) -> None:
        self.scorer = scorer
        self.lang = scorer.lang
        self.analysis = analysis
        self.ctx = ctx
        self.client = client
        self.env = env
        self.seen_rules: set[str] = set()
        self.stage = ctx.stage or (
            "engagement" if ctx.turn == 0 and not client.has_text else "assessment"
        )
        if ctx.real_problem_reached is not None:
            self.reached = ctx.real_problem_reached
        else:
            self.reached = scorer.confirmed((*ctx.client_earlier, ctx.client_last))
        self.risk = bool(ctx.risk_flags) or client.risk
        self.name_words = frozenset(
            w for w in normalise_phrase(ctx.client_name, self.lang) if len(w) >= 3
        ) | frozenset(w for a in ctx.address for w in normalise_phrase(a, self.lang)[1:])
        # a reflection may take up anything the client has said in the session, not only the
        # last few turns ("You've tried a lot of tablets" long after the list was given; MITI)
        recent = set(client.roots)
        for earlier in ctx.client_earlier:
            recent |= scorer.client_info(earlier).roots
        self.recent_roots = frozenset(recent)
        self.messages = mv.ENGINE_MESSAGES.get(self.lang, mv.ENGINE_MESSAGES["en"])
        self._obligation: bool | None = None  # the client states an obligation (lazy)
        # the first words of the address forms (None: an empty form, which matches anywhere)
        self._addr_first: frozenset[str] | None = (
            frozenset(seq[0] for seq in env.addresses) if all(env.addresses) else None
        )
        self.self_kin: frozenset[str] = frozenset()
        if self.lang == "id":
            self._mark_self_kin()

    def _mark_self_kin(self) -> None:
        """ "Kakak ngerti kok" to a client who calls the worker "Kak": a kin term the worker
        uses for themself is not the client addressed (RUBRIC §3.4 #18, §3.5d). Such a term is
        marked ``kin`` (``$addr`` and the second-person test skip it) when the persona's forms
        of address do not include it, or the client's last words call the worker so and the
        reply speaks to the client otherwise ("kamu", "Dek") or the term is "Kak(ak)", which a
        worker seldom uses for a client."""
        toks = self.analysis.tokens
        here = {_SELF_KIN[t.text] for t in toks if t.kind == "word" and t.text in _SELF_KIN}
        if not here:
            return
        named: set[str] = set()
        for a in (*self.ctx.address, self.ctx.client_name):
            named.update(_SELF_KIN.get(w, w) for w in normalise_phrase(a, "id"))
        worker: set[str] = set()
        if self.ctx.address:
            worker = here - named
        else:
            client = [t.text for t in tokenize(self.ctx.client_last[:2000], "id")]
            called = {  # not "kakak saya" (a sibling)
                _SELF_KIN[w]
                for k, w in enumerate(client)
                if w in _SELF_KIN
                and (k + 1 >= len(client) or client[k + 1] not in lx.ID_POSSESSORS)
            }
            other = any(t.text in _ID_OTHER_YOU for t in toks)
            worker = {k for k in here & called if other or k == "kakak"}
        if not worker:
            return
        self.self_kin = frozenset(worker)
        for k, t in enumerate(toks):
            if t.kind == "word" and _SELF_KIN.get(t.text) in worker:
                if k + 1 < len(toks) and toks[k + 1].text in named:
                    continue  # "Mas Dimas": an honorific before the client's name
                t.kin = True

    # ---- the whole reply --------------------------------------------------------------------

    def run(self) -> ReplyScore:
        results = [self._unit(unit) for unit in self.analysis.units]
        self._permission_given(results)
        self._contrast(results)
        violation = any(
            f.delta < 0 and f.severity in ("major", "critical") for r in results for f in r.findings
        )
        if violation:
            persuading = any(_PERSUASION & set(r.moves) for r in results)
            for r in results:
                if r.fallback and persuading:
                    # "You're drinking a lot. You need to stop.": a guessed reflection that sets
                    # up persuasion in the same reply is its premise, not a reflection (MITI)
                    for m in [m for m in r.moves if m in _REFLECTIVE]:
                        r.drop_move(m)
                elif r.fallback:
                    r.findings = _move_only(r.findings)  # a guess never offsets a violation
        extra = self._reply_level(results, violation)
        findings = [f for r in results for f in r.findings] + extra
        moves: list[str] = [m for r in results for m in r.moves]
        roles: list[str] = []
        for f in findings:
            if f.role and f.role not in roles:
                roles.append(f.role)
        fit, reason = judge_fit(
            moves,
            self.stage,
            stage_spec(self.scorer.rulebook.stages, self.stage),
            lang=self.lang,
            reached=self.reached,
            risk_cue=self.client.risk,
            addresses_risk=self._addresses_risk(moves),
        )
        from simulator.scoring.engine import principle_totals

        return ReplyScore(
            moves=tuple(moves),
            principles=principle_totals(findings),
            stage=self.stage,
            stage_fit=fit,
            stage_fit_reason=reason,
            roles=tuple(roles),
            findings=tuple(findings),
            units=tuple(r.span() for r in results),
        )

    # ---- one unit ---------------------------------------------------------------------------

    def _unit(self, unit: Unit) -> UnitResult:
        scorer = self.scorer
        candidates, keys = scorer.candidates(unit)  # also gives each token its keys
        facts = self._facts(unit)
        res = UnitResult(unit, facts)
        toks = unit.tokens
        gate = self.ctx.stage
        for ri, which in candidates.items():
            rule = scorer.rules[ri]
            if gate and rule.stages is not None and gate not in rule.stages:
                continue
            if rule.unit != "any" and rule.unit != unit.kind:
                continue
            if rule.context and not self._context_ok(rule, facts):
                continue
            span = scorer.rule_span(rule, toks, self.env, keys, which)
            if span is None:
                continue
            if rule.unless and any(
                could_match(p, keys) and p.search(toks, self.env) is not None for p in rule.unless
            ):
                continue
            chars = (toks[span[0]].start, toks[span[1] - 1].end)
            move = self._resolve(rule.move, unit, facts)
            if move and move not in res.moves:
                res.moves.append(move)
            res.findings.extend(self._rule_findings(rule, chars, move))
        self._engine_unit(res)
        return res

    def _rule_findings(self, rule: Rule, span: tuple[int, int], move: str | None) -> list[Finding]:
        repeat = rule.id in self.seen_rules
        self.seen_rules.add(rule.id)
        if rule.principles and not repeat:
            return [
                Finding(
                    rule.id,
                    span,
                    rule.message,
                    round(d * rule.weight, 3),
                    p,
                    move,
                    rule.role,
                    rule.severity,
                )
                for p, d in rule.principles
            ]
        return [Finding(rule.id, span, rule.message, 0.0, None, move, rule.role, rule.severity)]

    def _resolve(self, move: str | None, unit: Unit, facts: mv.UnitFacts) -> str | None:
        if move == "question":
            return mv.question_move(unit, self.lang, self.env)
        if move == "reflection":
            found = mv.reflection_move(unit, facts, self.client.has_text)
            return "reflection_complex" if found == "reflection_complex" else "reflection_simple"
        return move

    def _context_ok(self, rule: Rule, facts: mv.UnitFacts) -> bool:
        for key, want in rule.context.items():
            if key == "client_overlap":
                ok = facts.overlap >= want
            elif key == "client_feeling":
                ok = facts.feeling == want
            elif key == "uses_address":
                ok = facts.uses_address == want
            elif key == "risk":
                ok = self.risk == want
            elif key == "real_problem_reached":
                ok = self.reached == want
            elif key == "first_turn":
                ok = (self.ctx.turn == 0) == want
            else:
                ok = True
            if not ok:
                return False
        return True

    def _facts(self, unit: Unit) -> mv.UnitFacts:
        scorer = self.scorer
        toks = unit.tokens
        n = len(toks)
        lexicon = scorer.lexicon
        client_roots = self.client.roots
        address_terms = lx.ADDRESS_TERMS.get(self.lang, frozenset())
        directives = lx.DIRECTIVES.get(self.lang, frozenset())
        content_of = scorer.content_of
        recent_roots = self.recent_roots
        # an address can begin only at a token offering the first word of one of its forms
        addr_first = self._addr_first
        content = overlap = overlap_recent = 0
        feeling = new_feeling = uses_address = uses_name = False
        opener = summary_opener = second_person = directive = first_person = False
        words_seen = 0
        for i, tok in enumerate(toks):
            if tok.kind != "word":
                continue
            text = tok.text
            # scorer.is_content and scorer.content_roots, cached per word
            tok_roots = content_of(text)
            if tok_roots is not None and not tok.negator:
                content += 1
                if client_roots and not tok_roots.isdisjoint(client_roots):
                    overlap += 1
                if not tok_roots.isdisjoint(recent_roots):
                    overlap_recent += 1
            tok_keys = tok.keys or frozenset()
            if not tok.neg and _FEELING in tok_keys and lexicon.match_at("feeling", toks, i):
                if (i + 1 < n and toks[i + 1].text in _WORKER_OBJECT) or (
                    self.lang == "id" and self._worker_feels(toks, i)
                ):
                    first_person = True  # "it really worries me": the worker's feeling
                else:
                    feeling = True
                    if text not in self.client.feelings and scorer.content_roots(tok).isdisjoint(
                        client_roots
                    ):
                        new_feeling = True
            if text in directives and not tok.neg and not tok.reported:
                directive = True
            early = words_seen < 5
            if early:
                if words_seen == 0 and (text in _FIRST_PERSON or (tok.kin and self.self_kin)):
                    first_person = True  # "Kakak ngerti kok": the worker's kin term for themself
                filler = _filler_you(toks, i)
                if not tok.kin and text in address_terms and not filler:
                    second_person = True
                if (
                    words_seen < 4
                    and _OPENER in tok_keys
                    and lexicon.match_at("reflection_opener", toks, i)
                ):
                    opener = True
                if (
                    words_seen < 2
                    and _SUMMARY in tok_keys
                    and lexicon.match_at("summary_opener", toks, i)
                ):
                    summary_opener = True
            if (
                not tok.kin
                and (addr_first is None or not addr_first.isdisjoint(tok.forms))
                and self._address_at(toks, i)
            ):
                uses_address = True
                if text in self.name_words:
                    uses_name = True
                if early and not filler:
                    second_person = True
            words_seen += 1
        return mv.UnitFacts(
            content=content,
            overlap=overlap,
            overlap_recent=overlap_recent,
            feeling=feeling,
            new_feeling=new_feeling,
            uses_address=uses_address,
            uses_name=uses_name,
            opener=opener,
            summary_opener=summary_opener,
            second_person=second_person,
            directive=directive,
            first_person=first_person,
        )

    def _worker_feels(self, toks: list[Token], i: int) -> bool:
        """Whether the feeling word at ``i`` is the worker's own: a first-person pronoun (or
        the worker's kin term for themself) just before it ("saya ikut senang", "Kakak juga
        sedih") or just after it ("bangga deh aku", "senang sekali saya")."""
        j, skipped = i - 1, 0
        while j >= 0 and skipped < 2 and toks[j].text in _ID_SELF_BEFORE:
            j, skipped = j - 1, skipped + 1
        if j >= 0:
            before = toks[j]
            if before.text in _ID_SELF or (
                before.kin and _SELF_KIN.get(before.text) in self.self_kin
            ):
                return True
            if not before.kin and (
                before.text in lx.ADDRESS_TERMS["id"] or self._address_at(toks, j)
            ):
                return False  # "Ibu cemas saya tidak bisa membantu": the client feels
        n = len(toks)
        j, skipped = i + 1, 0
        while j < n and skipped < 2 and toks[j].text in _ID_SELF_AFTER:
            j, skipped = j + 1, skipped + 1
        return j < n and toks[j].text in _ID_SELF

    def _address_at(self, toks: list[Token], i: int) -> bool:
        for seq in self.env.addresses:
            n = len(seq)
            if i + n <= len(toks) and all(seq[k] in toks[i + k].forms for k in range(n)):
                return True
        return False

    def _engine_finding(
        self,
        key: str,
        span: tuple[int, int],
        move: str | None,
        deltas: dict[str, float],
        severity: str = "minor",
    ) -> list[Finding]:
        rule_id = f"engine.{key}"
        message = self.messages.get(key, "")
        if not deltas:
            return [Finding(rule_id, span, message, 0.0, None, move, None, severity)]
        return [
            Finding(rule_id, span, message, d, p, move, None, severity) for p, d in deltas.items()
        ]

    def _engine_unit(self, res: UnitResult) -> None:
        unit, facts, lang, env = res.unit, res.facts, self.lang, self.env
        toks = unit.tokens
        span = unit.span
        if (
            unit.kind == "question"
            and mv.any_match(lang, "advice_question", toks, env)
            and (not mv.any_match(lang, "in_session", toks, env))
        ):
            collaborative = {"plan_proposal", "autonomy_support"} & set(res.moves)
            if not collaborative:
                for q in ("open_question", "closed_question"):
                    res.drop_move(q)  # a question mark does not make advice exploratory
            if not (_ADVICE & set(res.moves)) and not collaborative:
                move = "advice_with_permission" if self._permission() else "advice"
                res.moves.append(move)
                res.findings += self._engine_finding(
                    "advice" if move == "advice" else move,
                    span,
                    move,
                    mv.ENGINE_DELTAS[move],
                    "major" if move == "advice" else "minor",
                )
        if self._echoed_obligation(res):
            return
        if self._rising_reflection(res):
            return
        bare_encourager = self._encourager_scope(res)
        if (
            unit.kind == "question"
            and not (set(res.moves) & (_QUESTIONS | _ADVICE))
            and not bare_encourager
        ):
            move = mv.question_move(unit, lang, env)
            res.moves.append(move)
            res.findings += self._engine_finding(move, span, move, mv.ENGINE_DELTAS[move])
        if not res.moves:
            move = mv.reflection_move(unit, facts, self.client.has_text)
            if move == "reflection_simple" and mv.any_match(lang, "double_sided", toks, env):
                move = "reflection_complex"  # "part of you...", "di satu sisi ..."
            if move and self._fallback_evidence(res, facts.opener):
                res.fallback = True
                res.moves.append(move)
                res.findings += self._engine_finding(move, span, move, mv.ENGINE_DELTAS[move])
        reflective = [m for m in res.moves if m in _REFLECTIVE and m != "summary"]
        if reflective and mv.is_summary(facts) and self.client.has_text:
            # the rules saw a reflection; against the client's recent words it is a summary
            for m in reflective:
                res.moves.remove(m)
            res.moves.append("summary")
            res.findings += self._engine_finding("summary", span, "summary", {})
        if "advice_with_permission" in res.moves and "advice" in res.moves:
            res.drop_move("advice")  # the less severe code when both are claimed (MITI)
        if "open_question" in res.moves or (
            unit.kind == "question" and _CONSENT_CHECK & set(res.moves)
        ):
            # "Is that okay with you?" after a plan checks consent: not a fact-finding question
            res.drop_move("closed_question")
        self._confidentiality(res)

    def _echoed_obligation(self, res: UnitResult) -> bool:
        """ "You have to get up at five for work." after "I have to get up at five for work.":
        the client's own obligation given back in their words is a reflection, not advice."""
        if (
            "advice" not in res.moves
            or res.unit.kind != "statement"
            or res.facts.overlap < 2
            or res.facts.content - res.facts.overlap > 2  # a close echo, not a new instruction
            or not self._client_obligation()
        ):
            return False
        res.drop_move("advice")
        if res.moves:
            return False
        res.fallback = True
        move = "reflection_simple"
        res.moves.append(move)
        res.findings += self._engine_finding(move, res.unit.span, move, mv.ENGINE_DELTAS[move])
        return True

    def _client_obligation(self) -> bool:
        """Whether the client's last words state an obligation of their own ("I have to...",
        "saya harus ...")."""
        if self._obligation is None:
            words = normalise_phrase(self.ctx.client_last[:2000], self.lang)
            pairs = set(zip(words, words[1:], strict=False))
            self._obligation = not pairs.isdisjoint(_OBLIGATION.get(self.lang, ()))
        return self._obligation

    def _fallback_evidence(self, res: UnitResult, opener: bool) -> bool:
        """Whether a unit no rule gave a reflection has the evidence to be one: it takes up
        the client's recent words by root, or has the form of one (a tentative opener, "so
        you...") or names a feeling with the client as its subject; it is no "if ..."
        hypothesis, nothing on it was judged negative, and it is not the worker evaluating
        the client ("Ibu terlalu...", "you made him angry")."""
        facts = res.facts
        evidence = (
            facts.overlap_recent >= 1
            or opener
            or (facts.summary_opener and facts.second_person)  # "So you're...": its form (MITI)
            or (facts.feeling and (facts.second_person or not self.client.has_text))
            or mv.is_empathic(res.unit, facts)  # "Very hard."
        )
        if not evidence or any(f.delta < 0 for f in res.findings):
            return False
        words = res.unit.words
        first = words[1] if len(words) > 1 and words[0] in _LEAD_CONJ else words[0] if words else ""
        if first in _CONDITIONAL:
            return False  # "(and) if you could get hurt, I have to act": a hypothesis
        if not opener and mv.any_match(self.lang, "worker_subject", res.unit.tokens, self.env):
            return False  # "So, I guess I'm wondering if...": the worker speaks of themself
        return not self._evaluative(res.unit)

    def _evaluative(self, unit: Unit) -> bool:
        toks = unit.tokens
        span = mv.any_match(self.lang, "evaluative", toks, self.env)
        if span is not None and not any(t.neg or t.reported for t in toks[span[0] : span[1]]):
            return True
        lexicon = self.scorer.lexicon
        names = [n for n in _LABEL_LISTS if n in lexicon.singles or n in lexicon.multi]
        for i, tok in enumerate(toks):
            if tok.kind != "word" or tok.neg or tok.reported or tok.self_view:
                continue
            keys = tok.keys
            for name in names:
                if keys is not None and ("l", name) not in keys:
                    continue  # the index says no entry of the list starts here
                if lexicon.match_at(name, toks, i):
                    return True
        return False

    def _encourager_scope(self, res: UnitResult) -> bool:
        """An encourager is a whole unit or nothing: "Okay, this is serious." says more than
        its leading "Okay," (not an encourager); "Hmm, terus?" asks nothing closed (no
        closed question for its question mark). True for a bare encourager like that."""
        if "encourager" not in res.moves:
            return False
        unit = res.unit
        spans = [f.span for f in res.findings if f.move == "encourager"]
        backchannel = lx.BACKCHANNEL.get(self.lang, frozenset())
        address = lx.ADDRESS_TERMS.get(self.lang, frozenset())
        more = 0
        for i, t in enumerate(unit.tokens):
            if (
                t.kind == "word"
                and t.text not in backchannel
                and t.text not in address
                and not any(s <= t.start and t.end <= e for s, e in spans)
                and not self._address_at(unit.tokens, i)
            ):
                more += 1
                if more >= 2:
                    break
        words = [t for t in unit.tokens if t.kind == "word"]
        leading = bool(words) and all(s <= words[0].start for s, _ in spans)
        if more >= 2 and leading:  # "aku dengerin" after an invitation still encourages
            res.drop_move("encourager")
        elif more == 0 and unit.kind == "question" and not unit.qword and not unit.tag:
            res.drop_move("closed_question")
            return True
        return False

    def _rising_reflection(self, res: UnitResult) -> bool:
        """ "So that's a huge stress right now?" / "Jadi Ibu merasa sendirian?": a question
        only by its question mark, opening tentatively ("so", "sounds like", "jadi",
        "kedengarannya") and taking
        up the client's words or a feeling, is coded as the reflection it is (MITI). Without
        it ("Ibu merasa sendirian?", "You're still living with him?") it stays a closed
        question (RUBRIC §3.4 #12).
        """
        unit, facts = res.unit, res.facts
        if unit.kind != "question" or unit.qword or unit.tag:
            return False
        tentative = mv.any_match(self.lang, "tentative", unit.tokens, self.env) is not None
        if not tentative:
            return False
        if mv.any_match(self.lang, "embedded_question", unit.tokens, self.env) is not None:
            return False  # "So if we think back, how many times would you...?"
        if set(res.moves) - {"closed_question", "encourager"}:
            return False
        move = mv.reflection_move(unit, facts, self.client.has_text, rising=True)
        if move is None or move == "paraphrase" and facts.overlap < 2:
            return False
        if not self._fallback_evidence(res, opener=True):
            return False
        res.fallback = True
        res.drop_move("closed_question")
        res.moves.append(move)
        res.findings += self._engine_finding(move, unit.span, move, mv.ENGINE_DELTAS[move])
        self._confidentiality(res)
        return True

    def _permission_given(self, results: list[UnitResult]) -> None:
        """Advice after the worker asked permission ("Would it be all right if I shared an
        idea? ... you could ask Bu Darmi") or after the client asked for advice is advice
        with permission (MITI Persuade with Permission), not unasked advice."""
        # only a unit with advice changes: none after the last one needs looking at
        last = max((i for i, r in enumerate(results) if "advice" in r.moves), default=-1)
        asked_at = 0 if self.client.asks_advice else None
        for i, res in enumerate(results[: last + 1]):
            if asked_at is None and mv.any_match(
                self.lang, "permission", res.unit.tokens, self.env
            ):
                asked_at = i
            if asked_at is None or "advice" not in res.moves:
                continue
            res.drop_move("advice")
            if "advice_with_permission" not in res.moves:
                res.moves.append("advice_with_permission")
                res.findings += self._engine_finding(
                    "advice_with_permission",
                    res.unit.span,
                    "advice_with_permission",
                    mv.ENGINE_DELTAS["advice_with_permission"],
                )

    def _permission(self) -> bool:
        toks = self.analysis.tokens
        return mv.any_match(self.lang, "permission", toks, self.env) is not None

    def _confidentiality(self, res: UnitResult) -> None:
        moves = res.moves
        if "confidentiality_assurance" not in moves and "confidentiality_breach" not in moves:
            return
        lang, env = self.lang, self.env
        absolute = mv.any_match(lang, "absolute", res.unit.tokens, env) is not None
        whole = self.analysis.tokens
        limits = mv.any_match(lang, "limits", whole, env) is not None
        safety = mv.any_match(lang, "safety", whole, env) is not None
        span = res.unit.span
        if "confidentiality_assurance" in moves and absolute and not limits:
            if self.risk:
                res.drop_move("confidentiality_assurance", positive_only=True)
                if "confidentiality_breach" not in res.moves:
                    res.moves.append("confidentiality_breach")
                res.findings += self._engine_finding(
                    "absolute_risk",
                    span,
                    "confidentiality_breach",
                    {"confidentiality": -2.0},
                    "critical",
                )
            else:
                res.findings += self._engine_finding(
                    "absolute", span, None, {"confidentiality": -0.5}, "major"
                )
        elif (
            "confidentiality_breach" in moves
            and limits
            and safety
            and not absolute
            and mv.any_match(lang, "immediate", res.unit.tokens, env) is None
        ):
            res.drop_move("confidentiality_breach")
            if "confidentiality_assurance" not in res.moves:
                res.moves.append("confidentiality_assurance")
            res.findings += self._engine_finding(
                "honest_limits", span, "confidentiality_assurance", {"confidentiality": 0.5}
            )

    # ---- across units -----------------------------------------------------------------------

    def _contrast(self, results: list[UnitResult]) -> None:
        """ "Saya tidak menghakimi, tapi ...": the clause after a contrastive weighs more and
        a positive disclaimer before it counts for little (RUBRIC §3.4 #1)."""
        for i in range(1, len(results)):
            after = results[i]
            if not after.unit.after_contrast or not any(f.delta < 0 for f in after.findings):
                continue
            before = results[i - 1]
            before.findings = [
                replace(f, delta=round(f.delta * 0.25, 3)) if f.delta > 0 else f
                for f in before.findings
            ]
            after.findings = [
                replace(f, delta=round(f.delta * 1.25, 3)) if f.delta < 0 else f
                for f in after.findings
            ]

    def _reply_level(self, results: list[UnitResult], violation: bool) -> list[Finding]:
        out: list[Finding] = []
        closed = [r for r in results if "closed_question" in r.moves]
        if len(closed) >= 2 and not self.client.risk:
            span = (closed[1].span()[0], closed[-1].span()[1])
            penalty = -min(1.5, 0.5 * (len(closed) - 1))
            out += self._engine_finding(
                "stacked", span, None, {"openness": penalty, "individualisation": -0.25}
            )
        if self.client.has_text:
            for r in results:
                if violation and r.fallback:
                    continue
                if r.facts.overlap >= 2 and (_REFLECTIVE | {"open_question"}) & set(r.moves):
                    out += self._engine_finding(
                        "client_words", r.span(), None, {"individualisation": 0.5}
                    )
                    break
        if self.ctx.client_name:
            for r in results:
                if r.facts.uses_name:
                    out += self._engine_finding("name", r.span(), None, {"individualisation": 0.25})
                    break
        if self.client.risk and results:
            moves = [m for r in results for m in r.moves]
            if not self._addresses_risk(moves):
                out += self._engine_finding(
                    "risk_ignored", results[0].span(), None, {"openness": -1.0}, "critical"
                )
        return out

    def _addresses_risk(self, moves: list[str]) -> bool:
        if not self.client.risk:
            return False
        if "referral" in moves:
            return True
        risk_roots = self.client.risk_roots
        scorer = self.scorer
        for tok in self.analysis.tokens:
            if (
                tok.kind == "word"
                and risk_roots
                and not scorer.content_roots(tok).isdisjoint(risk_roots)
            ):
                return True
        return mv.any_match(self.lang, "safety", self.analysis.tokens, self.env) is not None


_QUESTIONS = frozenset({"open_question", "closed_question", "why_question"})
_CONSENT_CHECK = frozenset({"plan_proposal"})
# the client's own obligation: "I have to / need to / must / should ..." (word pairs)
_OBLIGATION: dict[str, frozenset[tuple[str, str]]] = {
    "en": frozenset(
        (p, m)
        for p in ("i", "we")
        for m in ("have", "need", "must", "should", "ought", "got", "gotta")
    ),
    "id": frozenset(
        (p, m) for p in ("saya", "aku", "gue", "kami") for m in ("harus", "mesti", "wajib", "perlu")
    ),
}
_PERSUASION = frozenset({"advice", "moralising", "judgement", "blame", "minimising", "reassurance"})


def _move_only(findings: list[Finding]) -> list[Finding]:
    """The findings with their positive deltas dropped: one move-only finding per move."""
    out: list[Finding] = []
    moves_seen: set[str | None] = set()
    for f in findings:
        if f.delta < 0:
            out.append(f)
        elif f.move not in moves_seen:
            moves_seen.add(f.move)
            out.append(replace(f, delta=0.0, principle=None))
    return out
