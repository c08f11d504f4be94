"""Fit the ranking weights (``bot/knowledge/ranking.py``) on the evaluation's training splits.

For every training question (dev and fresh, every variant kind) answered from a passage, the
candidate pieces that pass the answer's gates are collected with their features, each marked
right when quoting it gives the question's facts. The weights are those of a softmax over the
passing pieces (the right ones should come first), fitted by gradient descent with an L2 pull
towards the hand-set weights; the pull is chosen by cross-validation over documents, within
the training splits. The held-out split is only measured, never fitted on: it says whether the
weights generalise. Blind splits are not read at all.

Run: ``python bench/fit_ranking.py`` prints the figures and the weights to paste into
``ranking.WEIGHTS``.
"""

from __future__ import annotations

import asyncio
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_knowledge import TODAY, load_kb  # noqa: E402

from bot.knowledge.answer import Answerer  # noqa: E402
from bot.knowledge.evaluation import DEV, FRESH, HELD_OUT, judge, load_questions  # noqa: E402
from bot.knowledge.hits import Hit  # noqa: E402
from bot.knowledge.passage_reply import passage_reply  # noqa: E402
from bot.knowledge.query import Analysis  # noqa: E402
from bot.knowledge.ranking import WEIGHTS, Features  # noqa: E402
from bot.knowledge.variants import variants  # noqa: E402

TOP = 40  # candidate pieces looked at per question
FOLDS = 5
PULLS = (0.0, 0.01, 0.03, 0.1, 0.3, 1.0)


@dataclass
class Case:
    """One question's passing pieces: their features and which of them answer it."""
    split: str
    doc: str
    features: np.ndarray  # (pieces, features)
    right: np.ndarray  # (pieces,) bool


def collect(answerer: Answerer, splits: tuple[str, ...]) -> list[Case]:
    """Ask every question of ``splits`` and keep the pieces that could have answered it."""
    seen: list[tuple[Analysis, list[Hit]]] = []
    ranked = answerer.ranked

    def recording(analysis: Analysis, scope: frozenset[int] | None = None) -> list[Hit]:
        found = ranked(analysis, scope)
        seen.append((analysis, found))
        return found

    answerer.ranked = recording  # type: ignore[method-assign]
    cases = []
    for item in load_questions():
        if item.split not in splits or not item.answerable:
            continue
        for question in variants(item.question, item.english, item.id).values():
            seen.clear()
            answer = answerer.answer(question, today=TODAY)
            if answer.kind != "passage" or len(seen) != 1:
                continue  # a deadline, a list of campaigns, or a question in two parts
            analysis, hits = seen[0]
            rows, right = [], []
            for hit in hits[:TOP]:
                kept = answerer._keep_confident([hit], analysis)
                if not kept:
                    continue
                shown = passage_reply(answerer.index, answerer.pieces,
                                      answerer._label(hit.doc), analysis,
                                      hit.doc, kept[0].snippet, False)
                rows.append(hit.features)
                right.append(judge(item, shown.text, True) is None)
            if any(right) and not all(right):
                cases.append(Case(item.split, item.doc, np.array(rows), np.array(right)))
    answerer.ranked = ranked  # type: ignore[method-assign]
    return cases


def loss_and_grad(w: np.ndarray, cases: list[Case], w0: np.ndarray, pull: float
                  ) -> tuple[float, np.ndarray]:
    total, grad = 0.0, np.zeros_like(w)
    for case in cases:
        s = case.features @ w
        s -= s.max()
        e = np.exp(s)
        p_all = e / e.sum()
        p_right = np.where(case.right, e, 0.0) / e[case.right].sum()
        total += np.log(e.sum()) - np.log(e[case.right].sum())
        grad += (p_all - p_right) @ case.features
    n = max(len(cases), 1)
    diff = w - w0
    return total / n + pull * float(diff @ diff), grad / n + 2 * pull * diff


def fit(cases: list[Case], w0: np.ndarray, pull: float, steps: int = 400) -> np.ndarray:
    """Gradient descent with a step that halves whenever the loss does not fall."""
    w, rate = w0.copy(), 0.5
    loss, grad = loss_and_grad(w, cases, w0, pull)
    for _ in range(steps):
        trial = w - rate * grad
        trial_loss, trial_grad = loss_and_grad(trial, cases, w0, pull)
        if trial_loss < loss:
            w, loss, grad = trial, trial_loss, trial_grad
            rate *= 1.2
        else:
            rate /= 2
            if rate < 1e-6:
                break
    return w


def top1(w: np.ndarray, cases: list[Case]) -> float:
    """Share of cases whose best piece by ``w`` is a right one."""
    if not cases:
        return 0.0
    return sum(bool(c.right[int(np.argmax(c.features @ w))]) for c in cases) / len(cases)


def cross_validate(cases: list[Case], w0: np.ndarray) -> float:
    """The pull whose fits, each left without a fold of documents, rank that fold best."""
    fold_of = {c.doc: zlib.crc32(c.doc.encode()) % FOLDS for c in cases}
    best, best_score = PULLS[-1], -1.0
    for pull in PULLS:
        right = 0.0
        for k in range(FOLDS):
            train = [c for c in cases if fold_of[c.doc] != k]
            test = [c for c in cases if fold_of[c.doc] == k]
            right += top1(fit(train, w0, pull), test) * len(test)
        score = right / len(cases)
        print(f"  pull {pull:<5}  cross-validated top-1 {score:.1%}")
        if score > best_score:
            best, best_score = pull, score
    return best


async def main() -> None:
    kb, db = await load_kb()
    try:
        train = collect(kb.answerer, (DEV, FRESH))
        held = collect(kb.answerer, (HELD_OUT,))
    finally:
        await db.close()
    w0 = np.array(WEIGHTS, dtype=float)
    print(f"training cases (two or more passing pieces, some right): {len(train)}; "
          f"held-out: {len(held)}")
    pull = cross_validate(train, w0)
    w = fit(train, w0, pull)
    for name, cases in (("training", train), ("held-out", held)):
        print(f"{name:9} top-1  current {top1(w0, cases):.1%}  fitted {top1(w, cases):.1%}")
    print("WEIGHTS = Features(" + ", ".join(
        f"{name}={value:.3f}" for name, value in zip(Features._fields, w, strict=True)) + ")")


if __name__ == "__main__":
    asyncio.run(main())
