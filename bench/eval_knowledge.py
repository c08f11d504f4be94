"""Accuracy of the knowledge answerer on the evaluation set, per split and variant kind.

Run: ``python bench/eval_knowledge.py`` (figures only), ``--failures`` to list dev failures
(held-out and blind failures are never printed: they are not for tuning), ``--failures
--fresh`` the fresh set's, ``--kind typo`` to ask one variant kind only.

``--set DIR`` measures a set kept outside the project instead (``tests/knowledge_eval/
FORMAT.md``): the questions in DIR's JSON files, asked against the shipped documents and those
in ``DIR/documents``, or those alone with ``--only``; the deadlines of DIR's documents are
scored against its ``*.deadlines.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge import KnowledgeBase, parsed_plan_to_json  # noqa: E402
from bot.knowledge.eval_check import check_set, document_text  # noqa: E402
from bot.knowledge.evaluation import (  # noqa: E402
    BLINDS,
    DEV,
    EVAL_DIR,
    FRESH,
    HELD_OUT,
    TEAM,
    EvalItem,
    EvalReport,
    evaluate,
    load_deadline_gold,
    load_questions,
    load_set,
    load_split,
    score_deadlines,
)
from bot.knowledge.importer import parse_file  # noqa: E402
from bot.knowledge.variants import KINDS  # noqa: E402
from bot.storage.db import Database  # noqa: E402

DOCS = ROOT / "data" / "plans"
EXTRA = ROOT / "tests" / "knowledge_eval" / "documents"  # real documents beside the plans
TODAY = dt.date(2026, 11, 30)


async def load_kb(folders: tuple[Path, ...] = (DOCS, EXTRA)) -> tuple[KnowledgeBase, Database]:
    tmp = Path(tempfile.mkdtemp())
    db = await Database.open(tmp / "eval.sqlite3")
    kb = await KnowledgeBase.load(db)
    for folder in folders:
        await kb.import_directory(folder)
    return kb, db


def run(kb: KnowledgeBase, kinds: tuple[str, ...] = KINDS,
        items: list[EvalItem] | None = None) -> EvalReport:
    def ours(question: str) -> tuple[str, bool]:
        a = kb.answer(question, today=TODAY)
        return a.text, a.confident

    return evaluate(ours, load_questions() if items is None else items, kinds)


def print_report(report: EvalReport, splits: tuple[str, ...] = (DEV, HELD_OUT, FRESH, *BLINDS)
                 ) -> None:
    kinds = [k for k in KINDS if any(report.tally(s, k).total for s in splits)]
    print(f"{'':16}" + "".join(f"{k:>15}" for k in ["all", *kinds]))
    for split in splits:
        cells = [report.tally(split)] + [report.tally(split, k) for k in kinds]
        print(f"{split:16}" + "".join(
            f"{100 * t.accuracy:8.1f}% {t.total:5d}" if t.total else f"{'—':>15}"
            for t in cells))
    wrong = report.confident_unanswerable
    if splits == (TEAM,):
        print(f"confident answers to unanswerable questions: {len(wrong)}")
        return
    print(f"confident answers to unanswerable questions: {len(wrong)}"
          f" (dev {sum(1 for s, *_ in wrong if s == DEV)},"
          f" held-out {sum(1 for s, *_ in wrong if s == HELD_OUT)},"
          f" fresh {sum(1 for s, *_ in wrong if s == FRESH)},"
          + ",".join(f" {b} {sum(1 for s, *_ in wrong if s == b)}" for b in BLINDS) + ")")


def deadline_gold() -> dict[str, tuple[str, list[dict[str, object]]]]:
    """The shipped set's deadline gold, each document's with the split it is scored in."""
    held = load_split().held_out_docs
    gold = {doc: (HELD_OUT if doc in held else DEV, expected)
            for doc, expected in load_deadline_gold().items()}
    for blind in BLINDS:  # blind's questions came without a deadline gold
        gold |= {doc: (blind, expected)
                 for doc, expected in load_deadline_gold(EVAL_DIR / blind).items()}
    return gold


def deadline_report(folders: tuple[Path, ...] = (DOCS, EXTRA), *, show: bool = False,
                    gold: dict[str, tuple[str, list[dict[str, object]]]] | None = None
                    ) -> None:
    gold = deadline_gold() if gold is None else gold
    totals: dict[str, list[int]] = {}  # split: gold, found, false
    for doc, (split, expected) in gold.items():
        path = next((p for f in folders for p in f.glob(doc + ".*")), None)
        if path is None:
            continue
        extracted = parsed_plan_to_json(parse_file(path))["deadlines"]
        score = score_deadlines(extracted, expected)  # type: ignore[arg-type]
        t = totals.setdefault(split, [0, 0, 0])
        t[0] += score.gold
        t[1] += score.found
        t[2] += len(score.false)
        if show and split == DEV and (score.missed or score.false):
            print(f"  {doc}: missed {score.missed} false {score.false}")
    for split, (g, f, false) in totals.items():
        if g or false:
            print(f"deadlines {split}: found {f}/{g} ({100 * f / max(g, 1):.1f}%),"
                  f" false {false}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--kind", action="append")
    parser.add_argument("--fresh", action="store_true", help="list the fresh set's failures")
    parser.add_argument("--set", type=Path, help="a question set kept outside the project")
    parser.add_argument("--only", action="store_true", help="with --set: its documents alone")
    args = parser.parse_args()
    kinds = tuple(args.kind) if args.kind else KINDS
    if args.set is not None:
        await measure_set(args.set, only=args.only, kinds=kinds, show=args.failures)
        return
    kb, db = await load_kb()
    try:  # an open connection's thread would keep a failed run alive
        report = run(kb, kinds)
    finally:
        await db.close()
    print_report(report)
    deadline_report(show=args.failures)
    if args.failures:
        for item_id, kind, question, why in (
                report.fresh_failures if args.fresh else report.failures):
            print(f"  {item_id} [{kind}] {question!r}: {why}")


async def measure_set(folder: Path, *, only: bool, kinds: tuple[str, ...], show: bool
                      ) -> None:
    """A team's own set: its questions, its documents beside (or instead of) the shipped
    ones; ``show`` lists its failures, since it is the team's to read."""
    documents = folder / "documents"
    folders = (documents,) if only else (DOCS, EXTRA, documents)
    problems = check_set(folder.rglob("*.json"), lambda doc: document_text(doc, folders))
    if problems:
        print(f"the set in {folder} is not well formed (tests/knowledge_eval/FORMAT.md):")
        print("\n".join(f"  {p}" for p in problems))
        raise SystemExit(1)
    kb, db = await load_kb(tuple(f for f in folders if f.is_dir()))
    try:
        report = run(kb, kinds, load_set(folder))
    finally:
        await db.close()
    print_report(report, (TEAM,))
    gold = {doc: (TEAM, expected) for path in sorted({p.parent for p in folder.rglob(
        "*.deadlines.json")}) for doc, expected in load_deadline_gold(path).items()}
    deadline_report((documents,), gold=gold)
    if show:
        for item_id, kind, question, why in report.failures:
            print(f"  {item_id} [{kind}] {question!r}: {why}")


if __name__ == "__main__":
    asyncio.run(main())
