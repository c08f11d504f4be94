"""/audit in words: every kind the code records has a label and a sentence, in Vietnamese and
English; ten entries a page; filters by kind, person and unit; no raw JSON, no ISO dates."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bot.admin.audit_sentences import sentence, sentence_makers
from bot.audit import AuditEntry
from bot.core import Core
from bot.features.audit import KIND_NAMES
from bot.i18n import language
from tests.helpers import at
from tests.test_reminders_support import person

ROOT = Path(__file__).resolve().parent.parent
RECORD = re.compile(r"audit\.record\(\s*[^,]+,\s*\"([a-z_]+)\"", re.S)


def recorded_kinds() -> set[str]:
    kinds: set[str] = set()
    for path in [*ROOT.joinpath("bot").rglob("*.py"), *ROOT.joinpath("handlers").rglob("*.py")]:
        kinds |= set(RECORD.findall(path.read_text(encoding="utf-8")))
    return kinds


def test_every_audit_record_names_its_kind_in_the_code() -> None:
    """A kind passed as a variable would escape the check below: every call to
    ``audit.record`` names its kind as a literal, and the pattern finds each one."""
    calls, literal = 0, 0
    for path in [*ROOT.joinpath("bot").rglob("*.py"), *ROOT.joinpath("handlers").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "record"
                    and ast.unparse(node.func.value).split(".")[-1] == "audit"):
                calls += 1
                kind = node.args[1] if len(node.args) > 1 else None
                assert isinstance(kind, ast.Constant) and isinstance(kind.value, str), (
                    f"{path.relative_to(ROOT)}:{node.lineno}")
                assert kind.value in recorded_kinds()
                literal += 1
    assert calls == literal >= 20


def test_every_recorded_kind_is_labelled_and_written_as_a_sentence() -> None:
    kinds = recorded_kinds()
    assert {"review", "export", "deadline_edited", "linked", "denied"} <= kinds
    assert sorted(kinds - set(KIND_NAMES)) == []
    assert sorted(kinds - set(sentence_makers())) == []


def test_sentences_in_both_languages() -> None:
    review = AuditEntry(1, "2026-12-02T03:04:00+00:00", 7, "Chuyên Viên <Phòng>", "review",
                        {"submission": "DK-2026-000001", "status": "returned"})
    with language("vi"):
        assert sentence(review) == ("Chuyên Viên &lt;Phòng&gt; đã trả lại báo cáo DK-2026-000001"
                                    " để sửa.")
        edited = AuditEntry(2, "2026-12-02T03:04:00+00:00", 7, "An", "deadline_edited",
                            {"id": 3, "before": {}, "after": {"day": 1, "month": 6,
                                                             "what": "Báo cáo"}})
        assert sentence(edited) == "An đã sửa hạn #3 (ngày, nội dung)."
        linked = AuditEntry(3, "2026-12-02T03:04:00+00:00", 8, "Hùng", "linked",
                            {"channel": "zalo", "merged_user": 9})
        assert sentence(linked) == "Hùng đã liên kết tài khoản zalo."
        joined = AuditEntry(5, "2026-12-02T03:04:00+00:00", 8, "Hùng", "joined",
                            {"unit": "MN-HOASEN", "role": "leader"})
        assert sentence(joined, {"MN-HOASEN": "Trường Mầm non Hoa Sen"}) == (
            "Hùng tham gia đơn vị Trường Mầm non Hoa Sen với vai trò lãnh đạo đơn vị.")
        unknown = AuditEntry(4, "2026-12-02T03:04:00+00:00", None, None, "something_new", {})
        assert sentence(unknown) == "Bot: something_new."
    with language("en"):
        assert sentence(review) == ("Chuyên Viên &lt;Phòng&gt; returned the report "
                                    "DK-2026-000001 for correction.")


def test_sentences_for_members_join_codes_and_refused_links() -> None:
    names = {"MN-SONCA": "Trường Mầm non Sơn Ca", "user:9": "Nguyễn Thị Lan"}
    removed = AuditEntry(6, "2027-05-01T02:00:00+00:00", 1, "Chuyên Viên", "member_removed",
                         {"user": 9, "unit": "MN-SONCA", "role": "staff"})
    changed = AuditEntry(7, "2027-05-01T02:00:00+00:00", 1, "Chuyên Viên", "member_role",
                         {"user": 12, "unit": "MN-SONCA", "from": "staff", "to": "leader"})
    rotated = AuditEntry(8, "2027-05-01T02:00:00+00:00", 1, "Chuyên Viên", "codes_rotated",
                         {"unit": "MN-SONCA"})
    paused = AuditEntry(9, "2027-05-01T02:00:00+00:00", None, None, "join_paused",
                        {"key": "join_guessing:MN-SONCA:2027050102"})
    paused_all = AuditEntry(10, "2027-05-01T02:00:00+00:00", None, None, "join_paused",
                            {"key": "join_guessing:*:2027050102"})
    refused = AuditEntry(11, "2027-05-01T02:00:00+00:00", 3, "Hùng", "link_refused",
                         {"reason": "admin"})
    with language("vi"):
        assert sentence(removed, names) == ("Chuyên Viên đã xóa Nguyễn Thị Lan (giáo viên, "
                                            "nhân viên) khỏi đơn vị Trường Mầm non Sơn Ca.")
        assert sentence(changed, names) == (
            "Chuyên Viên đã đổi vai trò của Người dùng #12 tại đơn vị Trường Mầm non Sơn Ca từ "
            "giáo viên, nhân viên sang lãnh đạo đơn vị.")
        assert sentence(rotated, names) == ("Chuyên Viên đã cấp mã tham gia mới cho đơn vị "
                                            "Trường Mầm non Sơn Ca.")
        assert sentence(paused, names) == ("Đã tạm dừng việc tham gia đơn vị Trường Mầm non "
                                           "Sơn Ca vì có nhiều lần nhập sai mã tham gia.")
        assert sentence(paused_all, names) == ("Đã tạm dừng việc tham gia mọi đơn vị vì nhiều "
                                               "tài khoản nhập sai mã tham gia.")
        assert sentence(refused).startswith("Hùng bị từ chối liên kết tài khoản")
        mid_flow = AuditEntry(12, "2027-05-01T02:00:00+00:00", 3, "Hùng", "denied",
                              {"flow": "broadcast"})
        assert sentence(mid_flow) == ("Hùng không thể tiếp tục một thao tác mà vai trò hiện "
                                      "tại không còn cho phép.")
    with language("en"):
        assert sentence(removed, names) == ("Chuyên Viên removed Nguyễn Thị Lan (staff) from "
                                            "Trường Mầm non Sơn Ca.")
        assert sentence(paused_all) == ("Joining every unit was paused after many wrong join "
                                        "codes from several accounts.")


async def test_paging_and_filters(core: Core, user_factory) -> None:  # type: ignore[no-untyped-def]
    admin = user_factory("admin")
    await admin.onboard("Chuyên Viên", "")
    hung = await person(core, "hung", "MN-HOASEN")
    lan = await person(core, "lan", "TH-DAMSEN")
    for n in range(12):
        await core.audit.record(hung, "review", {"submission": f"BC-2027-{n:06d}",
                                                     "status": "accepted"}, at("2026-12-02 09:00"))
    await core.audit.record(lan, "export", {"report_type": "all", "period": "all",
                                                "format": "xlsx", "rows": 3},
                                at("2026-12-02 10:15"))
    await admin.send("/audit")
    text = admin.text()
    assert "Nhật ký thao tác (mới nhất trước, trang 1/2)" in text
    assert "2/12/2026 10:15 — Lan đã xuất 3 báo cáo (tất cả loại báo cáo, tất cả các năm, XLSX)." \
        in text
    assert "{" not in text and "2026-12-02" not in text
    assert text.count("\n• ") == 10
    await admin.press("Cũ hơn ▶")
    assert "trang 2/2" in admin.text() and "Hung đã duyệt báo cáo BC-2027-000000." in admin.text()
    await admin.press("Loại thao tác")
    await admin.press("xuất dữ liệu")
    text = admin.text()
    assert "Đang lọc: xuất dữ liệu" in text and text.count("\n• ") == 1
    await admin.press("Xem tất cả")
    await admin.press("Đơn vị")
    await admin.press("Trường Mầm non Hoa Sen")
    text = admin.text()
    assert "Đang lọc: Trường Mầm non Hoa Sen" in text and "Lan" not in text
    await admin.press("Người")
    await admin.press("Lan")  # person and unit together: nothing matches
    assert "Không có mục nào khớp." in admin.text()
    await admin.press_data("au:0:nonsense::")
    assert "Nút này không còn hiệu lực" in admin.text()
