"""Numbered menus on the console: numbered on across one answer, stale numbers refused, mass
actions confirmed, and a reminder in the middle of a report."""

from __future__ import annotations

import io

from bot.channels.console import Console
from bot.channels.menus import TextMenus
from bot.clock import ManualClock
from bot.core import Core
from bot.port import Button, Reply
from tests.helpers import at


def _console(core: Core, name: str) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(core, name, stdin=io.StringIO(), stdout=out), out


async def _said(console: Console, out: io.StringIO, line: str) -> str:
    """What the console printed for ``line``."""
    start = len(out.getvalue())
    await console.handle_line(line)
    return out.getvalue()[start:]


async def _outbox_rows(core: Core) -> int:
    return int(await core.db.fetchval("SELECT COUNT(*) FROM outbox"))


async def test_stats_menus_are_numbered_on_and_reminding_asks_first(
    core: Core, clock: ManualClock,
) -> None:
    clock.set(at("2027-05-20 09:00"))  # the interim (31/5) and year-end (10/11) reports are due
    hung, _out = _console(core, "hung")
    for line in ("/start", "Trần Văn Hùng", "HOASEN-HT-7390"):  # a leader of a missing unit
        await hung.handle_line(line)
    admin, out = _console(core, "admin")
    await admin.handle_line("/start")
    await _said(admin, out, "Chuyên Viên Phòng")
    stats = await _said(admin, out, "/stats")
    assert "  1. 🔔 Nhắc 20 đơn vị chưa nộp" in stats
    assert "  2. 🔔 Nhắc 20 đơn vị chưa nộp" in stats  # the second menu goes on from 1
    assert "(Trả lời bằng số 2 để chọn.)" in stats
    assert stats.index("31/5/2027") < stats.index("  1. ") < stats.index("10/11/2027")

    asked = await _said(admin, out, "2")  # the second deadline's button: a question first
    assert "Nhắc 20 đơn vị chưa nộp?" in asked and "tổng kết" in asked
    assert "  1. Có" in asked and "  2. Không" in asked
    assert await _outbox_rows(core) == 0

    assert "Chưa gửi lời nhắc nào" in await _said(admin, out, "2")  # Không
    assert await _outbox_rows(core) == 0

    await _said(admin, out, "/stats")
    await _said(admin, out, "1")
    done = await _said(admin, out, "1")  # Có
    assert "Có 20 đơn vị chưa nộp; đã xếp lịch nhắc 1 lãnh đạo đơn vị" in done
    rows = await core.db.fetchall("SELECT kind FROM outbox")
    assert [r["kind"] for r in rows] == ["reminder"]


async def test_a_stale_number_is_refused_never_asked(
    core: Core, clock: ManualClock,
) -> None:
    clock.set(at("2027-05-20 09:00"))
    admin, out = _console(core, "admin")
    await admin.handle_line("/start")
    await _said(admin, out, "Chuyên Viên Phòng")
    await _said(admin, out, "/stats")
    await _said(admin, out, "/me")  # a plain answer: the /stats menus are no longer live
    stale = await _said(admin, out, "1")
    assert stale.startswith("Danh sách lựa chọn đó đã hết hiệu lực; xin gửi lại đây:")
    assert "  1. 🔔 Nhắc 20 đơn vị chưa nộp" in stale and "  2. 🔔" in stale
    assert "Nhắc 20 đơn vị chưa nộp?" not in stale  # nothing was picked
    wrong = await _said(admin, out, "5")  # live again, but 5 is not on it
    assert wrong.startswith("Không có lựa chọn số 5. Các lựa chọn như sau:")
    assert await core.db.fetchval("SELECT COUNT(*) FROM unanswered_questions") == 0
    assert await core.db.fetchval("SELECT COUNT(*) FROM last_questions") == 0
    assert await _outbox_rows(core) == 0
    assert "Nhắc 20 đơn vị chưa nộp?" in await _said(admin, out, "1")


async def test_a_number_with_no_menu_at_all(core: Core) -> None:
    lan, out = _console(core, "lan")
    await lan.handle_line("/start")
    await _said(lan, out, "1")  # onboarding's language menu: a live choice
    await _said(lan, out, "Nguyễn Thị Lan")
    await _said(lan, out, "HOASEN-GV-4821")
    await TextMenus(core.db, "console").forget("lan")
    said = await _said(lan, out, "3")
    assert "Lúc này không có danh sách lựa chọn nào đang mở, nên số 3 không chọn gì cả" in said
    assert await core.db.fetchval("SELECT COUNT(*) FROM unanswered_questions") == 0


async def test_a_number_typed_for_a_reports_question_is_its_answer(
    core: Core, clock: ManualClock,
) -> None:
    clock.set(at("2027-05-20 09:00"))
    hung, out = _console(core, "hung")
    await hung.handle_line("/start")
    await _said(hung, out, "Trần Văn Hùng")
    await _said(hung, out, "HOASEN-HT-7390")
    await _said(hung, out, "/report")
    assert "câu 1/9" in await _said(hung, out, "bao cao so ket 6 thang dau nam")
    assert "câu 2/9" in await _said(hung, out, "45")  # a number, but the question's answer


async def test_a_reminder_mid_report_keeps_the_reports_numbers(
    core: Core, clock: ManualClock,
) -> None:
    clock.set(at("2027-05-20 09:00"))
    mai, out = _console(core, "mai")
    await mai.handle_line("/start")
    await _said(mai, out, "Lê Thị Mai")
    await _said(mai, out, "HOASEN-GV-4821")
    await _said(mai, out, "/report")
    menu = await _said(mai, out, "/report")
    assert "Đề xuất gương điển hình" in menu
    number = next(line.split(".")[0].strip() for line in menu.splitlines()
                  if "Đề xuất gương điển hình" in line and line.strip()[0].isdigit())
    question = await _said(mai, out, number)
    assert "Gương điển hình tiên tiến" in question and "Người tốt việc tốt" in question

    reminder = Reply("Nhắc hạn: báo cáo sơ kết nộp trước 31/5.",
                     buttons=[[Button("📝 Nộp báo cáo ngay", "rm1:go:1"),
                               Button("Nhắc lại sau", "rm1:later:1")]])
    start = len(out.getvalue())
    await mai.deliver("mai", reminder)
    shown = out.getvalue()[start:]
    assert shown.startswith("📬 Nhắc hạn: báo cáo sơ kết nộp trước 31/5.")
    assert "Nộp báo cáo ngay" not in shown  # the reminder's own choices are not numbered
    assert "Thầy/cô đang điền dở báo cáo; đây là câu hỏi đang chờ trả lời:" in shown
    again = shown.split("đây là câu hỏi đang chờ trả lời:")[1]
    assert "Gương điển hình tiên tiến" in again and "1. " in again

    answered = await _said(mai, out, "2")  # the report's "2", not the reminder's
    assert "Họ và tên người" in answered
