"""Whether the fact asked for stands near what the question asks about.

A piece may hold the question's words and a number, and still not answer "bao nhiêu …": its
number may count something else, in another clause ("… 15% … cấp Quận; … cấp Thành phố").
For a number or a date, one clause of the piece (a list item with its lead-in) must hold both
the kind of fact asked for and one of the question's two weightiest words that the piece holds.
"""

from __future__ import annotations

import re

from bot.knowledge.facts import collective_only, holds_kind
from bot.knowledge.index import passage_keys
from bot.knowledge.kinds import DATE, NUMBER
from bot.knowledge.slots import Analysis
from bot.knowledge.textnorm import tokens

_CLAUSE = re.compile(r"[^;.\n]+")
TOP = 2


def fits_question(text: str, analysis: Analysis, held: frozenset[str], heading: str) -> bool:
    """The piece speaks of what is asked: the number or date near the question's words, and
    its section is not about a title's collective form ("Điều 28. Danh hiệu “Tập thể lao
    động tiên tiến”") when the question names the title alone."""
    asked = " ".join([analysis.asked or "", *(s.word for s in analysis.slots),
                      *(s.keys[0].lstrip("~") for s in analysis.slots if s.keys)])
    return kind_near_words(text, analysis, held) and not collective_only(heading, asked)


def kind_near_words(text: str, analysis: Analysis, held: frozenset[str]) -> bool:
    if analysis.kind not in (NUMBER, DATE):
        return True
    slots = sorted((s for s in analysis.slots if any(k in held for k in s.keys)),
                   key=lambda s: -s.weight)[:TOP]
    if not slots:
        return True
    clauses = _clauses(text)
    if len(clauses) < 2:
        return True
    for clause in clauses:
        if not holds_kind(clause, analysis.kind, analysis.asked):
            continue
        keys = frozenset(passage_keys(tokens(clause)))
        if any(k in keys for s in slots for k in s.keys):
            return True
    return False


def _clauses(text: str) -> list[str]:
    """The piece's clauses; a list item's with the lead-in it follows ("Trừ 20 điểm trong các
    trường hợp sau:" and "+ … bị kỷ luật …" are one)."""
    out: list[str] = []
    lead = ""
    for line in text.split("\n"):
        found = _CLAUSE.findall(line)
        if line.rstrip().endswith(":"):
            lead = line
            out += found
            continue
        out += [lead + " " + c for c in found] if lead else found
    return out
