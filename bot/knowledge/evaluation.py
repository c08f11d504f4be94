"""The question set in ``tests/eval_questions.json`` and how an answer is judged.

An answerable question is answered right when the answer is confident and holds every fact
(substrings, compared with diacritics folded). An unanswerable one is right when the answer is
not confident.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.textnorm import fold

DEFAULT_QUESTIONS = Path(__file__).resolve().parents[2] / "tests" / "eval_questions.json"


@dataclass(frozen=True)
class EvalItem:
    question: str
    facts: tuple[str, ...]
    answerable: bool = True


@dataclass
class EvalReport:
    total: int = 0
    right: int = 0
    confident_unanswerable: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (question, why)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[EvalItem]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [EvalItem(r["q"], tuple(r.get("facts", ())), bool(r.get("answerable", True)))
            for r in raw]


def judge(item: EvalItem, text: str, confident: bool) -> str | None:
    """None when right, else why not."""
    if not item.answerable:
        return "confident on an unanswerable question" if confident else None
    if not confident:
        return "not confident"
    folded = fold(text)
    missing = [f for f in item.facts if fold(f) not in folded]
    return f"missing {missing}" if missing else None


def evaluate(answer: Callable[[str], tuple[str, bool]], items: list[EvalItem]) -> EvalReport:
    """``answer(question)`` gives (text, confident)."""
    report = EvalReport()
    for item in items:
        text, confident = answer(item.question)
        why = judge(item, text, confident)
        report.total += 1
        if why is None:
            report.right += 1
            continue
        report.failures.append((item.question, why))
        if not item.answerable:
            report.confident_unanswerable.append(item.question)
    return report
