"""The evaluation set (tests/knowledge_eval/): well formed, split honestly, and answered at no
less than the figures the README states. ``make bench`` prints the full table.

The floors below are the measured figures less a small margin, so a change that makes the
engine worse on questions it was not tuned on fails here; they are not targets.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.evaluation import (
    BLIND,
    BLIND2,
    DEV,
    FRESH,
    HELD_OUT,
    evaluate,
    load_deadline_gold,
    load_questions,
    load_split,
    score_deadlines,
)
from bot.knowledge.importer import parse_file
from bot.knowledge.model import parsed_plan_to_json
from bot.knowledge.variants import variants
from bot.storage.db import Database

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = (ROOT / "data" / "plans", ROOT / "tests" / "knowledge_eval" / "documents")
TODAY = dt.date(2026, 11, 30)
FLOOR = {DEV: 0.80, HELD_OUT: 0.65, FRESH: 0.72, BLIND: 0.62, BLIND2: 0.51}
# measured 82.0%, 67.0%, 74.2%, 64.2%, 53.7% on these forms, with blind2's four documents in
# the corpus (1/12/2026)


def test_the_set_is_large_split_and_sourced() -> None:
    items = load_questions()
    real = [i for i in items if i.doc not in ("legacy", "issue")]
    assert len(real) >= 300
    assert len([i for i in items if not i.answerable]) >= 40
    assert len([i for i in items if i.near_miss]) >= 30
    held = load_split().held_out_docs
    assert len(held) >= 2 and all(any(i.doc == d for i in items) for d in held)
    splits = Counter(i.split for i in real)
    assert splits[DEV] >= 100 and splits[HELD_OUT] >= 100
    assert all(i.facts for i in items if i.answerable and i.kind != "campaigns")
    assert all(i.english for i in real)
    assert (ROOT / "tests" / "knowledge_eval" / "SOURCES.md").exists()


def test_variants_are_what_phones_type() -> None:
    v = variants("Hạn nộp báo cáo sơ kết của Phòng giáo dục là khi nào?", "When?", "x")
    assert v["no_diacritics"] == "han nop bao cao so ket cua phong giao duc la khi nao?"
    assert v["partial"] != v["base"] and v["partial"] != v["no_diacritics"]
    assert "bc sk" in v["shorthand"] and "pgd" in v["shorthand"]
    assert v["filler"].endswith(("ạ", "vậy", "nhé", "?")) and v["typo"] != v["base"]
    assert v == variants("Hạn nộp báo cáo sơ kết của Phòng giáo dục là khi nào?", "When?", "x")


@pytest.fixture
async def kb(tmp_path: Path) -> AsyncIterator[KnowledgeBase]:
    db = await Database.open(tmp_path / "t.sqlite3")
    base = await KnowledgeBase.load(db)
    for folder in FOLDERS:
        await base.import_directory(folder)
    yield base
    await db.close()


@pytest.mark.parametrize("split", [DEV, HELD_OUT, FRESH, BLIND, BLIND2])
async def test_accuracy_does_not_fall(kb: KnowledgeBase, split: str) -> None:
    items = [i for i in load_questions() if i.split == split]

    def ours(question: str) -> tuple[str, bool]:
        a = kb.answer(question, today=TODAY)
        return a.text, a.confident

    report = evaluate(ours, items, ("base", "no_diacritics", "english"))
    assert report.tally(split).accuracy >= FLOOR[split]


def test_deadlines_of_the_documents() -> None:
    found = gold_total = false = 0
    for doc, gold in load_deadline_gold().items():
        path = next(p for f in FOLDERS for p in f.glob(doc + ".*"))
        score = score_deadlines(parsed_plan_to_json(parse_file(path))["deadlines"],  # type: ignore[arg-type]
                                gold)
        found, gold_total, false = found + score.found, gold_total + score.gold, \
            false + len(score.false)
    assert found / gold_total >= 0.8 and false == 0
