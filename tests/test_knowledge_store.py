"""Importing into the database: idempotent, versions replaced in one go, overrides kept."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, PlanReadError
from bot.storage.db import Database

PLANS = Path(__file__).resolve().parents[1] / "data" / "plans"
TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


async def counts(db: Database) -> tuple[int, ...]:
    return tuple([await db.fetchval(f"SELECT COUNT(*) FROM {t}")
                  for t in ("plans", "campaigns", "sections", "deadlines")])


async def test_import_directory_is_idempotent(db: Database) -> None:
    kb = await KnowledgeBase.load(db)
    first = await kb.import_directory(PLANS, now=NOW)
    assert len(first) == 6 and all(r.changed and r.plan_id for r in first)  # 5 plans, the law
    before = await counts(db)
    assert before[0] == 6 and before[3] == 10
    again = await kb.import_directory(PLANS, now=NOW)
    assert [r.changed for r in again] == [False] * 6
    assert [r.plan_id for r in again] == [r.plan_id for r in first]
    assert await counts(db) == before
    row = await db.fetchone("SELECT imported_at, issuer FROM plans WHERE source_name = ?",
                            ("004_954adb763d24d050.txt",))
    assert row is not None and tuple(row) == ("2026-11-22T09:00:00+00:00",
                                              "Phòng Giáo dục và Đào tạo quận Thanh Xuân")
    reloaded = await KnowledgeBase.load(db)  # the index is rebuilt from the database alone
    assert reloaded.answer("ho so de nghi khen thuong gom nhung gi", today=TODAY).confident


async def test_a_changed_version_replaces_the_plans_rows(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "003.txt"
    shutil.copy(next(PLANS.glob("003_*.txt")), path)
    kb = await KnowledgeBase.load(db)
    first = await kb.import_file(path)
    old_deadlines = await db.fetchall("SELECT id FROM deadlines WHERE plan_id = ?",
                                      (first.plan_id,))
    text = path.read_text(encoding="utf-8").replace("Ngày 31 tháng 5 năm 2024",
                                                    "Ngày 30 tháng 5 năm 2024")
    path.write_text(text, encoding="utf-8")
    second = await kb.import_file(path)
    assert second.changed and second.plan_id == first.plan_id
    dues = [r[0] for r in await db.fetchall(
        "SELECT due_date FROM deadlines WHERE plan_id = ? ORDER BY due_date", (first.plan_id,))]
    assert dues == ["2024-03-22", "2024-05-30", "2024-11-10"]
    assert await db.fetchval("SELECT COUNT(*) FROM plans") == 1
    assert not {r[0] for r in old_deadlines} & {r[0] for r in await db.fetchall(
        "SELECT id FROM deadlines")}
    answer = kb.answer("hạn nộp báo cáo sơ kết 6 tháng đầu năm là khi nào?", today=TODAY)
    assert "30/5/2024" in answer.text  # the index was rebuilt


async def test_a_failed_replacement_changes_nothing(db: Database, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "003.txt"
    shutil.copy(next(PLANS.glob("003_*.txt")), path)
    kb = await KnowledgeBase.load(db)
    await kb.import_file(path)
    before = await counts(db)
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")

    async def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(kb.repo, "_insert_deadlines", broken)
    with pytest.raises(RuntimeError):
        await kb.import_file(path)
    assert await counts(db) == before  # rolled back: the old version is intact


async def test_overrides_survive_reimport(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "000.txt"
    shutil.copy(next(PLANS.glob("000_*.txt")), path)
    (tmp_path / "000.overrides.toml").write_text('''
[plan]
number = "12/KH-GDĐT"
issued_date = "2022-11-01"

[[campaigns]]
match = "Toan dan doan ket"
remove = true

[[deadlines]]
match = "2023-12-31"
precision = "month"
due_date = 2023-12-31
what = "Sơ kết phong trào (tháng 12/2023)"

[[deadlines]]
due_date = 2024-06-30
precision = "by"
what = "Báo cáo tiến độ giữa kỳ"
report_type = "interim"
''', encoding="utf-8")
    kb = await KnowledgeBase.load(db)
    result = await kb.import_file(path)
    assert result.plan.overrides_applied and result.plan.number == "12/KH-GDĐT"

    async def check() -> None:
        plan = await db.fetchone("SELECT number, issued_date FROM plans")
        assert plan is not None and tuple(plan) == ("12/KH-GDĐT", "2022-11-01")
        names = [r[0] for r in await db.fetchall("SELECT name FROM campaigns")]
        assert len(names) == 1 and names[0].startswith("Cả Thành phố chung sức")
        rows = [tuple(r) for r in await db.fetchall(
            "SELECT due_date, precision, what FROM deadlines ORDER BY due_date")]
        assert rows == [("2023-12-31", "month", "Sơ kết phong trào (tháng 12/2023)"),
                        ("2024-06-30", "by", "Báo cáo tiến độ giữa kỳ"),
                        ("2025-12-31", "year", "Tổng kết phong trào thi đua")]

    await check()
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # new version
    assert (await kb.import_file(path)).changed
    await check()
    assert not (await kb.import_file(path)).changed


async def test_dry_run_and_preview_store_nothing(db: Database) -> None:
    kb = await KnowledgeBase.load(db)
    path = next(PLANS.glob("002_*.txt"))
    result = await kb.import_file(path, dry_run=True)
    assert result.plan_id is None and not result.changed
    assert result.plan.dossier and await counts(db) == (0, 0, 0, 0)
    assert kb.parse_preview(path).title == result.plan.title
    assert not kb.answer("ho so de nghi khen thuong gom nhung gi", today=TODAY).confident


async def test_unreadable_files_are_refused_or_skipped(db: Database, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    shutil.copy(next(PLANS.glob("001_*.txt")), tmp_path / "001.txt")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    kb = await KnowledgeBase.load(db)
    with pytest.raises(PlanReadError):
        await kb.import_file(tmp_path / "empty.txt")
    with pytest.raises(PlanReadError):
        kb.parse_preview(tmp_path / "broken.docx")
    results = await kb.import_directory(tmp_path)
    assert [r.plan.source_name for r in results] == ["001.txt"]
