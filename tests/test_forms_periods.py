"""Periods and due dates read from the one deadlines table, as /managedeadlines leaves it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.forms.periods import Periods
from bot.i18n import language
from bot.reminders.repo import DeadlineRepo
from tests.test_forms_kit import at, make_env


async def test_due_dates_come_from_the_table_and_follow_admin_edits(
        tmp_path: Path, db_target: str | Path) -> None:
    env = await make_env(tmp_path, target=db_target)
    periods = Periods(env.db)
    interim = env.types.get("interim")
    assert interim is not None
    assert await periods.due(interim, 2027) == dt.date(2027, 5, 31)
    repo = DeadlineRepo(env.db)
    row = next(d for d in await repo.active() if d.key == "interim_report")
    await repo.update(row.id, {"day": 20, "month": 6}, at(2027, 5, 1))
    assert await periods.due(interim, 2027) == dt.date(2027, 6, 20)
    await env.db.execute(  # a deadline read from a plan does not set when a form is due
        "INSERT INTO plans (id, source_name, content_sha256, title, text) VALUES (1, 'kh.txt',"
        " 'x', 'KH', '')")
    await env.db.execute(
        "INSERT INTO deadlines (plan_id, kind, due_date, precision, what, report_type,"
        " created_at) VALUES (1, 'date', '2027-07-30', 'day', 'Báo cáo', 'interim',"
        " '2027-01-01')")
    assert await periods.due(interim, 2027) == dt.date(2027, 6, 20)
    await repo.deactivate(row.id, at(2027, 5, 2))
    assert await periods.due(interim, 2027) is None
    title = env.types.get("title_individual")
    assert title is not None and await periods.due(title, 2027) is None
    await env.db.close()


async def test_which_periods_a_report_may_be_for(tmp_path: Path, db_target: str | Path) -> None:
    env = await make_env(tmp_path, target=db_target)
    periods = Periods(env.db)
    interim = env.types.get("interim")
    assert interim is not None
    assert [p.key for p in await periods.choices(interim, at(2027, 5, 31, 23))] == ["2027"]
    late = await periods.choices(interim, at(2027, 6, 1, 0))
    assert [p.key for p in late] == ["2027", "2028"]
    assert not late[0].on_time(at(2027, 6, 1, 0)) and late[1].on_time(at(2027, 6, 1, 0))
    assert [p.key for p in await periods.choices(interim, at(2028, 1, 5))] == ["2028"]
    with language("vi"):
        assert late[0].describe(at(2027, 6, 1)) == (
            "Sơ kết 6 tháng đầu năm 2027, đã quá hạn 31/5/2027")
        assert late[1].describe(at(2027, 6, 1)) == (
            "Sơ kết 6 tháng đầu năm 2028, hạn 31/5/2028")
    utc_late = dt.datetime(2027, 5, 31, 17, 30, tzinfo=dt.UTC)  # 00:30 on 1/6 in Vietnam
    assert not late[0].on_time(utc_late)
    await env.db.close()
