"""Composing and queueing broadcasts through the core."""

from __future__ import annotations

from pathlib import Path

from bot.core import Core
from bot.port import IncomingFile
from tests.helpers import CoreUser


async def _district(user_factory) -> dict[str, CoreUser]:  # type: ignore[no-untyped-def]
    people = {
        "admin": ("Chuyên Viên", ""),
        "ht_hoasen": ("Hiệu Trưởng Hoa Sen", "HOASEN-HT-7390"),
        "ht_llq": ("Hiệu Trưởng LLQ", "LLQ-HT-3857"),
        "gv_hoasen": ("Giáo Viên Hoa Sen", "HOASEN-GV-4821"),
        "gv_thcs": ("Giáo Viên THCS", "THCSLQD-GV-2471"),
    }
    users = {}
    for key, (name, code) in people.items():
        u = user_factory(key)
        await u.onboard(name, code)
        users[key] = u
    return users


async def _recipients(core: Core) -> set[str]:
    rows = await core.db.fetchall(
        "SELECT i.external_id FROM outbox o JOIN identities i ON i.user_id = o.user_id"
        " WHERE o.kind = 'broadcast'"
    )
    return {r["external_id"] for r in rows}


async def test_broadcast_to_leaders_reaches_exactly_them(core: Core,
                                                         user_factory) -> None:
    people = await _district(user_factory)
    admin = people["admin"]
    await admin.send("/broadcast")
    await admin.send("Họp giao ban <b>thứ Hai</b> & nộp báo cáo")
    assert "Ai sẽ nhận" in admin.text()
    await admin.press("Lãnh đạo")
    assert "2 người" in admin.text()
    assert "&lt;b&gt;thứ Hai&lt;/b&gt; &amp;" in admin.last[0].text
    send_action = next(b.action for b in admin.last[0].choices()
                       if b.action.startswith("bc1:send"))
    await admin.press_data(send_action)
    assert "#1" in admin.text()
    await admin.press_data(send_action)  # a second tap sends nothing more
    assert await _recipients(core) == {"ht_hoasen", "ht_llq"}
    assert await core.db.fetchval("SELECT COUNT(*) FROM broadcasts") == 1
    await admin.send("/broadcasts")
    assert "lãnh đạo của tất cả đơn vị" in admin.text()


async def test_chosen_units_and_unit_types(core: Core, user_factory) -> None:
    people = await _district(user_factory)
    admin = people["admin"]
    await admin.send("/broadcast")
    await admin.send("Thông báo")
    await admin.press("Đơn vị được chọn")
    await admin.send("hoa sen, khong co truong nay")
    assert "khong co truong nay" in admin.text()
    await admin.send("hoa sen")
    assert "3 người" not in admin.text() and "2 người" in admin.text()
    await admin.press("Có")
    assert await _recipients(core) == {"ht_hoasen", "gv_hoasen"}


async def test_staff_cannot_broadcast_even_by_forging(core: Core, user_factory) -> None:
    people = await _district(user_factory)
    teacher = people["gv_hoasen"]
    await teacher.send("/broadcast")
    assert "chỉ dành cho" in teacher.text()
    await teacher.press_data("bc1:aud:all")
    assert "không dành cho thầy/cô" in teacher.text()
    assert await core.db.fetchval("SELECT COUNT(*) FROM broadcasts") == 0


async def test_broadcast_with_a_file(core: Core, user_factory, tmp_path: Path) -> None:
    people = await _district(user_factory)
    admin = people["admin"]
    doc = tmp_path / "ke-hoach.pdf"
    doc.write_bytes(b"%PDF-1.4 test")
    await admin.send("/broadcast")
    await admin.send_file(IncomingFile(str(doc), "document", "ke-hoach.pdf",
                                       "application/pdf", doc.stat().st_size))
    assert "Đã nhận tệp" in admin.text()
    await admin.send("Kế hoạch thi đua năm 2027")
    await admin.press("Giáo viên")
    assert "kèm tệp" in admin.text()
    await admin.press("Có")
    [row] = await core.outbox.due("console", recipient="gv_thcs")
    assert row.reply.document is not None and row.reply.document.read_bytes() == doc.read_bytes()


async def test_cancel_sends_nothing(core: Core, user_factory) -> None:
    people = await _district(user_factory)
    admin = people["admin"]
    await admin.send("/broadcast")
    await admin.send("Thông báo")
    await admin.press("Hủy")
    assert "Đã hủy. Chưa gửi gì." in admin.text()
    await admin.press_data("bc1:aud:all")
    assert "đã được gửi hoặc đã hủy" in admin.text()
    assert await core.db.fetchval("SELECT COUNT(*) FROM outbox") == 0


async def test_audit_shows_admin_actions_to_admins_only(core: Core,
                                                        user_factory) -> None:
    people = await _district(user_factory)
    admin, teacher = people["admin"], people["gv_hoasen"]
    await admin.send("/broadcast")
    await admin.send("Thông báo")
    await admin.press("Tất cả")
    await admin.press("Có")
    await teacher.send("/audit")
    assert "chỉ dành cho" in teacher.text()
    await admin.send("/audit")
    text = admin.text()
    assert "gửi thông báo" in text and "Chuyên Viên" in text
    assert "bị từ chối" in text  # the teacher's attempt is on record too
