"""The evaluation set (tests/eval_questions.json): ≥ 90 % right, never confident when no plan
answers. ``python bench/bench_knowledge.py`` prints the same figures with timings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.knowledge import KnowledgeBase
from bot.knowledge.evaluation import evaluate, load_questions
from bot.knowledge.textnorm import fold
from bot.storage.db import Database

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 22)


def test_evaluation_set_is_well_formed() -> None:
    items = load_questions()
    assert len(items) >= 50
    assert len([i for i in items if not i.answerable]) >= 8
    plain = [i for i in items if fold(i.question) == i.question.lower()]
    assert len(plain) >= len(items) / 3  # typed without diacritics (or in English)
    english = [i for i in items if i.question.split()[0] in ("What", "When", "Who", "How")]
    assert len(english) >= 5
    questions = {i.question for i in items}
    assert {"hạn nộp báo cáo sơ kết là khi nào?",
            "ho so de nghi khen thuong gom nhung gi"} <= questions
    assert all(i.facts for i in items if i.answerable)


async def test_evaluation(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "t.sqlite3")
    kb = await KnowledgeBase.load(db)
    await kb.import_directory(ROOT / "data" / "plans")

    def ours(question: str) -> tuple[str, bool]:
        a = kb.answer(question, today=TODAY)
        return a.text, a.confident

    report = evaluate(ours, load_questions())
    await db.close()
    assert report.confident_unanswerable == []
    assert report.accuracy >= 0.9, report.failures
