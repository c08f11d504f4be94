"""Questions answered in worker processes (``bot.knowledge.pool``): the same answers as in the
bot's own process, new documents and office answers in the very next answer, a dead or hung
worker replaced with nothing lost, and no process left behind."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.i18n import language
from bot.knowledge import KnowledgeBase
from bot.knowledge.pool import AnswerPool
from bot.office_answers import OfficeAnswerRepo
from bot.storage.db import Database
from bot.users import UserRepo
from tests.helpers import ROOT

PLANS = ROOT / "data" / "plans"
TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
QUESTIONS = [
    "hạn nộp báo cáo sơ kết là khi nào?",
    "Ai ký kế hoạch thi đua của Sở?",
    "các danh hiệu thi đua gồm những gì?",
    "tiêu chuẩn chiến sĩ thi đua cơ sở",
    "con mèo của tôi tên gì?",
]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
async def office(db: Database) -> OfficeAnswerRepo:
    repo = OfficeAnswerRepo(db)
    await repo.reload()
    return repo


@pytest.fixture
async def kb(db: Database, office: OfficeAnswerRepo) -> KnowledgeBase:
    base = await KnowledgeBase.load(db, office=office)
    await base.import_directory(PLANS, now=NOW)
    return base


@pytest.fixture
async def pool(kb: KnowledgeBase) -> AsyncIterator[AnswerPool]:
    answers = AnswerPool(kb, 1)
    await answers.start()
    await asyncio.wait_for(answers.wait_ready(), 60)
    yield answers
    await answers.close()


def worker_pid(pool: AnswerPool) -> int:
    pid = pool.stats()[0].pid
    assert pid is not None
    return pid


async def test_a_worker_answers_as_the_bot_itself_would(kb: KnowledgeBase,
                                                         pool: AnswerPool) -> None:
    for lang in ("vi", "en"):
        with language(lang):
            for q in QUESTIONS:
                for page in (0, 1):
                    assert await pool.answer(q, today=TODAY, offset=page) == kb.answer(
                        q, today=TODAY, offset=page)
    assert pool.stats()[0].answered == 2 * 2 * len(QUESTIONS)
    assert pool.in_process == 0
    assert worker_pid(pool) != os.getpid()
    assert 0 < pool.stats()[0].peak_rss_kb < 200 * 1024  # the budget of each process


async def test_a_new_plan_is_in_the_next_answer(kb: KnowledgeBase, pool: AnswerPool,
                                                tmp_path: Path) -> None:
    plan = tmp_path / "p.txt"
    plan.write_text("KẾ HOẠCH\nHội thao giáo viên năm 2027\n\nI. HỒ SƠ\n\n- Tờ trình và "
                    "biên bản họp hội đồng chấm giải bóng bàn giáo viên;\n", encoding="utf-8")
    question = "hồ sơ giải bóng bàn giáo viên gồm gì"
    before = await pool.answer(question, today=TODAY)
    assert not before.confident
    await kb.import_file(plan, now=NOW)
    expected = kb.answer(question, today=TODAY)
    assert expected.confident
    assert await pool.answer(question, today=TODAY) == expected  # never from the old index
    await asyncio.wait_for(pool.wait_ready(), 60)
    answered = pool.stats()[0].answered
    assert await pool.answer(question, today=TODAY) == expected
    assert pool.stats()[0].answered == answered + 1  # by the worker, rebuilt


async def test_a_new_office_answer_is_in_the_next_answer(
        db: Database, pool: AnswerPool, office: OfficeAnswerRepo) -> None:
    admin, _created = await UserRepo(db, ("console:admin",)).resolve(
        "console", "admin", "Admin", "vi", NOW)
    question = "trường có được nghỉ ngày 20/11 không?"
    assert (await pool.answer(question, today=TODAY)).kind != "office"
    await office.save(question, [], "Có, nghỉ một ngày.", admin.id, NOW)
    found = await pool.answer(question, today=TODAY)
    assert found.kind == "office" and "nghỉ một ngày" in found.text


async def test_a_killed_worker_is_replaced_and_its_question_answered(
        kb: KnowledgeBase, pool: AnswerPool) -> None:
    pid = worker_pid(pool)
    os.kill(pid, signal.SIGKILL)
    while alive(pid) and pool.workers[0].alive:
        await asyncio.sleep(0.01)  # the kernel's time to end it, not the bot's clock
    for q in QUESTIONS:
        assert await pool.answer(q, today=TODAY) == kb.answer(q, today=TODAY)
    await asyncio.wait_for(pool.wait_ready(), 60)
    assert worker_pid(pool) != pid
    before = pool.stats()[0].answered
    assert await pool.answer(QUESTIONS[0], today=TODAY) == kb.answer(QUESTIONS[0], today=TODAY)
    assert pool.stats()[0].answered == before + 1


async def test_a_worker_killed_while_answering_loses_nothing(kb: KnowledgeBase) -> None:
    pool = AnswerPool(kb, 1, queue=100)  # all wait for the worker: none answered here first
    await pool.start()
    try:
        await asyncio.wait_for(pool.wait_ready(), 60)
        pid = worker_pid(pool)
        asked = [asyncio.ensure_future(pool.answer(q, today=TODAY)) for q in QUESTIONS * 4]
        await asyncio.sleep(0)  # the first is on its way to the worker, the others wait
        assert pool.workers[0].state == "busy" and pool.in_process == 0
        os.kill(pid, signal.SIGKILL)
        answers = await asyncio.wait_for(asyncio.gather(*asked), 60)
        assert answers == [kb.answer(q, today=TODAY) for q in QUESTIONS * 4]
        assert pool.in_process >= 1 and pool.stats()[0].pid != pid
    finally:
        await pool.close()


async def test_a_hung_worker_is_killed_and_the_question_answered_here(
        kb: KnowledgeBase) -> None:
    pool = AnswerPool(kb, 1, timeout=1.0)
    await pool.start()
    try:
        await asyncio.wait_for(pool.wait_ready(), 60)
        pid = worker_pid(pool)
        os.kill(pid, signal.SIGSTOP)
        found = await asyncio.wait_for(pool.answer(QUESTIONS[0], today=TODAY), 10)
        assert found == kb.answer(QUESTIONS[0], today=TODAY)
        assert pool.in_process == 1
        await asyncio.wait_for(pool.wait_ready(), 60)
        assert worker_pid(pool) != pid and not alive(pid)
    finally:
        await pool.close()


async def test_a_worker_that_cannot_start_is_given_up(kb: KnowledgeBase) -> None:
    pool = AnswerPool(kb, 1, command=(sys.executable, "-c", "raise SystemExit(3)"))
    await pool.start()
    try:
        await asyncio.wait_for(pool.wait_ready(), 60)
        assert pool.workers[0].state == "given up"
        assert await pool.answer(QUESTIONS[0], today=TODAY) == kb.answer(QUESTIONS[0],
                                                                         today=TODAY)
        assert pool.in_process == 1
    finally:
        await pool.close()


async def test_no_worker_without_processes_or_before_start(kb: KnowledgeBase) -> None:
    for pool in (AnswerPool(kb, 0), AnswerPool(kb, 1)):
        if pool.processes == 0:
            await pool.start()
        assert await pool.answer(QUESTIONS[0], today=TODAY) == kb.answer(QUESTIONS[0],
                                                                         today=TODAY)
        assert pool.in_process == 1 and pool.stats() == []
        await pool.close()


async def test_close_leaves_no_process(pool: AnswerPool) -> None:
    pid = worker_pid(pool)
    await pool.close()
    assert not alive(pid)
    assert await pool.answer(QUESTIONS[0], today=TODAY) is not None  # answered here


def test_a_worker_ends_when_its_parent_dies(tmp_path: Path) -> None:
    """SIGKILL to the bot: its worker reads the end of its pipe and exits (no orphan)."""
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(f"""
        import asyncio, os, signal, sys
        from pathlib import Path
        from bot.knowledge import KnowledgeBase
        from bot.knowledge.pool import AnswerPool
        from bot.storage.connect import open_database

        async def main():
            db = await open_database(Path({str(tmp_path / "bot.sqlite3")!r}))
            kb = await KnowledgeBase.load(db)
            pool = AnswerPool(kb, 1)
            await pool.start()
            await pool.wait_ready()
            print(pool.stats()[0].pid, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

        asyncio.run(main())
    """))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == -signal.SIGKILL, done.stderr
    child = int(done.stdout.split()[0])
    stat = Path(f"/proc/{child}/stat")
    for _ in range(200):  # the kernel's and the child's time to notice, not the bot's clock
        if not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return  # gone, or exited and waiting for its new parent to collect it
        subprocess.run(["sleep", "0.05"], check=True)
    pytest.fail("the worker outlived its parent")


async def test_over_telegram_a_worker_answers_and_an_import_reaches_it(tmp_path: Path) -> None:
    """The bot as it runs: a question answered by the worker, a plan imported by an admin
    sending it, then a question about that plan; stopping the bot ends the worker."""
    import dataclasses

    from bot.config import KnowledgeSettings
    from tests.fakes import FakeTelegramServer
    from tests.telegram_env import Chat, running_bot, telegram_config

    async with FakeTelegramServer() as server:
        config = dataclasses.replace(telegram_config(tmp_path, server),
                                     knowledge=KnowledgeSettings(processes=1))
        async with running_bot(server, config) as bot:
            answers = bot.core.answers
            lan = Chat(server, 7101, "Lan")
            await lan.join("Nguyễn Thị Lan", "HOASEN-GV-4821")
            await asyncio.wait_for(answers.wait_ready(), 60)
            pid = worker_pid(answers)
            await lan.send("hạn nộp báo cáo sơ kết là khi nào?")
            assert "Nguồn:" in await lan.sees("31/5")
            assert answers.stats()[0].answered == 1 and answers.in_process == 0
            admin = Chat(server, 9000, "Admin")
            await admin.join_as_admin()
            await admin.send_document("hoi-thao.txt", (
                "KẾ HOẠCH\nHội thao giáo viên năm 2027\n\nI. HỒ SƠ\n\n- Tờ trình và biên bản "
                "họp hội đồng chấm giải bóng bàn giáo viên;\n").encode(), "text/plain")
            await admin.sees("Xem trước kế hoạch")
            await admin.press("✅ Nhập")
            await admin.sees("Đã nhập")
            await lan.send("hồ sơ giải bóng bàn giáo viên gồm gì")
            assert "bóng bàn" in await lan.sees("Tờ trình")
            await asyncio.wait_for(answers.wait_ready(), 60)
            await lan.send("hồ sơ giải bóng bàn gồm những gì")
            assert "bóng bàn" in await lan.sees("Tờ trình")
            assert answers.stats()[0].answered >= 2  # the worker has the new plan
        assert not alive(pid)


async def test_a_worker_is_given_no_secret(kb: KnowledgeBase,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123:tok-8d1f7")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:pw-8d1f7@127.0.0.1/x")
    pool = AnswerPool(kb, 1)
    await pool.start()
    try:
        await asyncio.wait_for(pool.wait_ready(), 60)
        environ = Path(f"/proc/{worker_pid(pool)}/environ").read_bytes()
        assert b"8d1f7" not in environ and b"PATH=" in environ
    finally:
        await pool.close()
