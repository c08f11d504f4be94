"""Reading ahead what the ranking reads of every piece (``bot.knowledge.warmth``): a warmed
answerer answers exactly as a cold one, and a pool with no worker process warms the bot's own
answerer a few passages at a time, again after an import, while the event loop keeps
serving."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from bot.i18n import language
from bot.knowledge import KnowledgeBase
from bot.knowledge.pool import AnswerPool
from bot.knowledge.service import build_answerer
from bot.knowledge.warmth import passages, warm
from bot.storage.db import Database
from tests.helpers import ROOT

TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
QUESTIONS = [
    "hạn nộp báo cáo sơ kết là khi nào?",
    "tỷ lệ tối đa chiến sĩ thi đua cơ sở là bao nhiêu phần trăm",
    "các danh hiệu thi đua gồm những gì?",
    "who signed the plan?",
    "con mèo của tôi tên gì?",
]


async def test_a_warmed_answerer_answers_as_a_cold_one(db: Database) -> None:
    kb = await KnowledgeBase.load(db)
    await kb.import_directory(ROOT / "data" / "plans", now=NOW)
    rows = kb.sources
    cold = build_answerer(rows.plans, rows.campaigns, rows.sections, rows.deadlines)
    with language("vi"):
        expected = [cold.answer(q, today=TODAY, offset=page) for q in QUESTIONS for page in (0, 1)]
    warmed = build_answerer(rows.plans, rows.campaigns, rows.sections, rows.deadlines)
    warm(warmed.pieces)
    assert len(warmed.pieces) == len(passages(warmed.pieces)) > 0
    with language("vi"):
        assert [warmed.answer(q, today=TODAY, offset=page) for q in QUESTIONS
                for page in (0, 1)] == expected


async def test_with_no_worker_the_pool_warms_this_process_between_other_work(
        db: Database, tmp_path: Path) -> None:
    kb = await KnowledgeBase.load(db)
    await kb.import_directory(ROOT / "data" / "plans", now=NOW)
    pool = AnswerPool(kb, 0)
    turns = 0

    async def other_work() -> None:
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    other = asyncio.create_task(other_work())
    try:
        await pool.start()
        await asyncio.wait_for(pool.wait_ready(), 60)
        assert len(kb.answerer.pieces) == len(passages(kb.answerer.pieces))
        assert turns > len(passages(kb.answerer.pieces)) // 40  # the loop was not held up
        plan = tmp_path / "p.txt"
        plan.write_text("KẾ HOẠCH\nHội thao giáo viên năm 2027\n\nI. HỒ SƠ\n\n- Tờ trình và "
                        "biên bản họp hội đồng chấm giải bóng bàn giáo viên;\n", encoding="utf-8")
        await kb.import_file(plan, now=NOW)
        question = "hồ sơ giải bóng bàn giáo viên gồm gì"
        with language("vi"):
            assert (await pool.answer(question, today=TODAY)).confident  # the new answerer
        await asyncio.wait_for(pool.wait_ready(), 60)
        assert len(kb.answerer.pieces) == len(passages(kb.answerer.pieces))  # warmed anew
    finally:
        other.cancel()
        await pool.close()
