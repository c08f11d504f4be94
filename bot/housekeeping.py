"""Files nobody needs any more are deleted: report files kept only by drafts discarded (or left
untouched) longer than the retention period, and plan files whose import never finished.

The report file store is content-addressed (``ab/abcdef….pdf``) and a file may be shared by
several drafts and submissions, so this is mark and sweep: a file is deleted only when no
submission, no live draft and no plan refers to it, and it is older than the retention period
(a file being received right now is not yet referred to).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.conversations import ConversationRepo
from bot.forms.engine import OPEN_STATES
from bot.forms.repo import ReportRepo
from bot.forms.submissions import SubmissionRepo
from bot.knowledge.repo import KnowledgeRepo

log = logging.getLogger(__name__)

DRAFT_RETENTION = dt.timedelta(days=30)
SWEEP_EVERY = 24 * 3600.0
_STORED = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{64}(\.[a-z0-9]{1,8})?$")
PLAN_IMPORT_FLOW = "plan_import"  # bot.features.knowledge.IMPORT_FLOW: a plan awaiting import


@dataclass(frozen=True)
class FileOwners:
    """The repositories whose rows name stored files."""

    submissions: SubmissionRepo
    drafts: ReportRepo
    plans: KnowledgeRepo
    conversations: ConversationRepo


async def referenced(owners: FileOwners, now: dt.datetime, retention: dt.timedelta) -> set[str]:
    """Paths (relative to the file store) that submissions and drafts still need."""
    keep = await owners.submissions.stored_paths()
    for answers in await owners.drafts.answers_kept(OPEN_STATES, now - retention):
        keep |= _paths(answers)
    return keep


def _paths(answers_json: str) -> set[str]:
    try:
        answers = json.loads(answers_json)
    except ValueError:
        return set()
    found = set()
    for value in answers.values() if isinstance(answers, dict) else ():
        for record in value if isinstance(value, list) else ():
            stored = record.get("stored") if isinstance(record, dict) else None
            if isinstance(stored, dict) and isinstance(stored.get("path"), str):
                found.add(stored["path"])
    return found


async def sweep(owners: FileOwners, files_dir: Path, now: dt.datetime,
                retention: dt.timedelta = DRAFT_RETENTION) -> int:
    """Delete what nobody needs; return how many files were deleted."""
    keep = await referenced(owners, now, retention)
    plans = {p.source_path for p in await owners.plans.plans() if p.source_path is not None}
    for data in await owners.conversations.data_in(PLAN_IMPORT_FLOW):
        try:
            plans.add(str(Path(json.loads(data).get("path", "")).resolve()))
        except (ValueError, AttributeError):
            continue
    oldest = now.timestamp() - retention.total_seconds()
    return await asyncio.to_thread(_sweep_files, files_dir, keep, plans, oldest)


def _sweep_files(root: Path, keep: set[str], plans: set[str], oldest: float) -> int:
    if not root.is_dir():
        return 0
    deleted = 0
    for path in root.rglob("*"):
        if not path.is_file() or path.stat().st_mtime > oldest:
            continue
        rel = path.relative_to(root).as_posix()
        if _STORED.match(rel):
            wanted = rel in keep
        elif rel.startswith("plans/"):
            wanted = str(path.resolve()) in plans
        else:
            continue  # not ours to judge
        if not wanted:
            path.unlink(missing_ok=True)
            deleted += 1
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if empty
    return deleted


async def run_sweeper(owners: FileOwners, files_dir: Path, now: Callable[[], dt.datetime],
                      stop: asyncio.Event, every: float = SWEEP_EVERY) -> None:
    """Sweep at start, then every ``every`` seconds, until ``stop``."""
    while not stop.is_set():
        try:
            deleted = await sweep(owners, files_dir, now())
            if deleted:
                log.info("deleted %d file(s) nobody needs any more", deleted)
        except Exception as exc:
            log.warning("file sweep failed: %s", type(exc).__name__)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)
