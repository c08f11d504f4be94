"""The file sweep deletes only what no submission, live draft or pending plan import needs."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from bot.conversations import Conversation
from bot.core import Core
from bot.housekeeping import PLAN_IMPORT_FLOW, FileOwners, sweep
from tests.helpers import at

KEPT = "aa/" + "a" * 64 + ".pdf"
DRAFTED = "bb/" + "b" * 64 + ".jpg"
ORPHAN = "cc/" + "c" * 64 + ".pdf"


def _old_file(root: Path, rel: str, now: dt.datetime) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    old = (now - dt.timedelta(days=90)).timestamp()
    os.utime(path, (old, old))
    return path


async def test_sweep_keeps_what_is_referred_to_and_deletes_the_rest(
        core: Core, tmp_path: Path) -> None:
    now = at("2027-05-20 09:00")
    sub_id = await core.db.fetchval(
        "INSERT INTO submissions (receipt, report_type, period, scope_key, version, unit_id,"
        " submitter_name, answers, submitted_at, on_time) VALUES ('BC-1', 'interim', '2027',"
        " 'unit:TH-DAMSEN', 1, 'TH-DAMSEN', 'Hoa', '{}', ?, 1) RETURNING id",
        (now.isoformat(),))
    await core.db.execute(
        "INSERT INTO submission_files (submission_id, field_key, seq, channel, file_id, kind,"
        " name, size, sha256, path) VALUES (?, 'f', 0, 'console', 'x', 'document', 'a.pdf',"
        " 1, 'a', ?)", (sub_id, KEPT))
    user, _ = await core.users.resolve("console", "u1", "Hoa", "vi", now)
    await core.db.execute(
        "INSERT INTO drafts (user_id, unit_id, report_type, state, field_key, answers,"
        " created_at, updated_at, period) VALUES (?, 'TH-DAMSEN', 'interim', 'paused', 'f', ?,"
        " ?, ?, '2027')",
        (user.id, json.dumps({"f": [{"stored": {"path": DRAFTED}}]}),
         (now - dt.timedelta(days=60)).isoformat(), (now - dt.timedelta(days=60)).isoformat()))
    plan = _old_file(tmp_path, "plans/ke-hoach.docx", now)
    await core.conversations.set(
        user.id, Conversation(PLAN_IMPORT_FLOW, "confirm", {"path": str(plan)}), now)
    kept, drafted, orphan = (_old_file(tmp_path, p, now) for p in (KEPT, DRAFTED, ORPHAN))
    stray = _old_file(tmp_path, "plans/bo-do.docx", now)
    owners = FileOwners(core.submissions, core.reports.repo, core.knowledge.repo,
                        core.conversations)

    assert await sweep(owners, tmp_path, now) == 2

    assert kept.exists() and drafted.exists() and plan.exists()
    assert not orphan.exists() and not stray.exists()
