"""/campaigns, a campaign's detail and parts, /deadlines, and button actions (untrusted)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.i18n import language
from bot.knowledge import KnowledgeBase
from bot.knowledge.actions import BUTTONS
from bot.port import Reply
from bot.storage.db import Database

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
async def kb(db: Database) -> KnowledgeBase:
    base = await KnowledgeBase.load(db)
    await base.import_directory(ROOT / "data" / "plans")
    return base


async def press(kb: KnowledgeBase, data: str) -> list[Reply]:
    """A knowledge button pressed: its data checked by the codec first, as the dispatcher
    does."""
    checked = BUTTONS.parse(data)
    assert checked is not None, data
    return await kb.handle_action(checked, TODAY)


def actions(reply: Reply) -> list[str]:
    return [b.action for b in reply.choices()]


async def test_campaigns_today_all_ended_and_said_so(kb: KnowledgeBase) -> None:
    with language("en"):
        reply = await kb.campaigns_reply(TODAY)
    assert "no campaign is running today" in reply.text
    assert "Ended recently:" in reply.text
    lines = [line for line in reply.text.split("\n") if line.startswith("•")]
    assert len(lines) == 5 and all("ended" in line for line in lines)
    assert "Cả Thành phố chung sức" in lines[0] and "ended 31/12/2025" in lines[0]
    assert "năm học 2023–2024" in lines[-1] and "ended 31/8/2024" in lines[-1]
    assert all(a.startswith("kb1:c:") for a in actions(reply)) and len(actions(reply)) == 5


async def test_campaigns_while_running(kb: KnowledgeBase) -> None:
    with language("en"):
        reply = await kb.campaigns_reply(dt.date(2024, 3, 1))
    assert reply.text.index("Running now:") < reply.text.index("•")
    assert "Ended recently" not in reply.text
    first = reply.text.split("\n")[2]
    assert "Đoàn kết, sáng tạo" in first and "until 31/8/2024" in first  # ends soonest
    with language("en"):
        later = await kb.campaigns_reply(dt.date(2025, 3, 1))
    running = later.text.split("Ended recently:")[0]
    assert "nông thôn mới" in running and "Thanh Xuân" not in running


async def test_no_plans_yet(db: Database) -> None:
    kb = await KnowledgeBase.load(db)
    with language("en"):
        assert "No plan has been loaded yet" in (await kb.campaigns_reply(TODAY)).text
        assert "set no deadlines yet" in (await kb.deadlines_reply(TODAY)).text
        assert not kb.answer("hạn nộp báo cáo sơ kết", today=TODAY).confident


async def test_every_button_opens(kb: KnowledgeBase) -> None:
    listing = await kb.campaigns_reply(TODAY)
    seen = set()
    for action in actions(listing):
        [detail] = await press(kb, action)
        assert detail.text.startswith("<b>")
        for sub in actions(detail):
            if sub in seen:
                continue
            seen.add(sub)
            replies = await press(kb, sub)
            assert replies and replies[0].text, sub
            for section in [a for a in actions(replies[0]) if a.startswith("kb1:s:")]:
                [text] = await press(kb, section)
                assert "Source:" in text.text or "Nguồn:" in text.text


async def test_campaign_detail_parts(kb: KnowledgeBase, db: Database) -> None:
    cid = await db.fetchval(
        "SELECT c.id FROM campaigns c JOIN plans p ON p.id = c.plan_id "
        "WHERE c.role = 'main' AND p.source_name LIKE '002_%'")
    with language("en"):
        [detail] = await press(kb, f"kb1:c:{cid}")
        assert "năm học 2023–2024 — ended 31/8/2024" in detail.text
        assert "Issued by: Sở Giáo dục và Đào tạo Bình Phước" in detail.text
        assert "Awards: Giấy khen; Bằng khen" in detail.text
        assert "Deadlines: 5 in the plan, all passed." in detail.text
        assert actions(detail) == [f"kb1:c:{cid}:g", f"kb1:c:{cid}:cr", f"kb1:c:{cid}:aw",
                                   f"kb1:c:{cid}:dl", f"kb1:c:{cid}:src", "kb1:cs"]
        [goals] = await press(kb, f"kb1:c:{cid}:g")
        assert "1. Mục đích" in goals.text or "I.1." in goals.text
        [awards] = await press(kb, f"kb1:c:{cid}:aw")
        assert "Biên bản họp theo quy định" in awards.text and "Giấy khen" in awards.text
        [dates] = await press(kb, f"kb1:c:{cid}:dl")
        assert "before 25/1/2024" in dates.text and "during 2/2024" in dates.text
        assert "from 9/2023" in dates.text and "quyetdx.sgd@binhphuoc.gov.vn" in dates.text
        [source] = await press(kb, f"kb1:c:{cid}:src")
    assert source.document is not None and source.document.name.startswith("002_")
    assert source.document_name == source.document.name


async def test_deadlines_late_2026(kb: KnowledgeBase) -> None:
    with language("vi"):
        reply = await kb.deadlines_reply(TODAY)
    text = reply.text
    assert "Chủ Nhật, 22/11/2026" in text
    assert text.index("31/5/2027") < text.index("10/11/2027")
    assert "Thứ Hai" in text and "190" in text  # 31/5/2027 is a Monday, 190 days away
    assert "353" in text
    assert actions(reply) == ["kb1:cs"]


async def test_deadlines_early_2024(kb: KnowledgeBase) -> None:
    with language("en"):
        text = (await kb.deadlines_reply(dt.date(2024, 1, 10))).text
    assert text.index("before 25/1/2024") < text.index("during 2/2024")
    assert "(Thursday) — 15 days left" in text
    assert "Sở Giáo dục và Đào tạo (qua Văn phòng); email: quyetdx.sgd@binhphuoc.gov.vn" in text


async def test_yearly_rows_are_not_doubled(kb: KnowledgeBase, db: Database) -> None:
    await db.execute(
        "INSERT INTO deadlines (kind, month, day, precision, what, report_type, key) "
        "VALUES ('yearly', 5, 31, 'day', 'Báo cáo sơ kết 6 tháng đầu năm', 'interim', "
        "'interim_report')")
    with language("en"):
        text = (await kb.deadlines_reply(TODAY)).text
    assert text.count("31/5/2027") == 1 and "Báo cáo sơ kết 6 tháng đầu năm" in text
    assert "every year" not in text.split("10/11/2027")[0].split("31/5/2027")[0]


@pytest.mark.parametrize("action", [
    "kb1:c:abc", "kb1:", "kb1:c:1:zz", "kb1:s:-1", "kb1:c:" + "9" * 30,
    "kb1:s:1; DROP TABLE plans", "", "kb1:c:1:dl:extra", "kb1:c:2\n", "KB:CS",
    "kb1:c:1:g<script>", "kb:c:1", "kb:cs", "kb2:cs",
])
def test_forged_actions_are_refused_by_the_codec(action: str) -> None:
    assert BUTTONS.parse(action) is None  # the dispatcher answers stale() (tests/test_fuzz.py)


@pytest.mark.parametrize("action", ["kb1:c:999999", "kb1:s:0", "kb1:s:999999999"])
async def test_buttons_about_nothing_get_a_polite_reply(kb: KnowledgeBase, action: str) -> None:
    with language("en"):
        [reply] = await press(kb, action)
    assert "cannot find that any more" in reply.text and "/campaigns" in reply.text
    assert await kb.db.fetchval("SELECT COUNT(*) FROM plans") == 6  # 5 plans and the law


async def test_an_action_that_fails_inside_is_still_polite(kb: KnowledgeBase,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    async def boom(*args: object) -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(kb.repo, "campaign", boom)
    [reply] = await press(kb, "kb1:c:1")
    assert "/campaigns" in reply.text


async def test_default_yearly_deadlines_are_answered(kb: KnowledgeBase, db: Database) -> None:
    await db.execute(
        "INSERT INTO deadlines (kind, month, day, precision, what, what_en, report_type, key) "
        "VALUES ('yearly', 5, 31, 'day', 'Báo cáo sơ kết 6 tháng đầu năm', "
        "'Six-month interim report', 'interim', 'interim_report')")
    await kb.reload()
    with language("en"):
        answer = kb.answer("khi nào nộp báo cáo sơ kết 6 tháng đầu năm?", today=TODAY)
        listing = (await kb.deadlines_reply(TODAY)).text
    assert answer.kind == "deadline" and "31/5/2027" in answer.text
    assert "Six-month interim report" in listing


async def test_a_campaign_without_a_period_ages_with_its_plan(db: Database, tmp_path: Path
                                                              ) -> None:
    (tmp_path / "hd.txt").write_text(
        "UBND TỈNH MẪU\nSố: 12/HD-UBND\nMẫu, ngày 05 tháng 3 năm 2021\nHƯỚNG DẪN\n"
        "Tổ chức phong trào thi đua “Sạch trường, đẹp lớp”\n"
        "I. MỤC ĐÍCH\n1. Phát động phong trào thi đua “Sạch trường, đẹp lớp” trong các trường.\n",
        encoding="utf-8")
    kb = await KnowledgeBase.load(db)
    await kb.import_directory(tmp_path)
    with language("en"):
        soon = (await kb.campaigns_reply(dt.date(2021, 9, 1))).text
        years_on = (await kb.campaigns_reply(dt.date(2026, 11, 30))).text
    assert "Sạch trường" in soon.split("Ended recently:")[0] and "Running now:" in soon
    assert "no campaign is running today" in years_on and "Sạch trường" in years_on
