"""Shared helpers for the report-flow tests (no tests here): a database with two units and
their people, a recording notifier, an in-memory downloader, and a way to answer any field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.conversations import ConversationRepo
from bot.downloads import Downloads
from bot.filetypes import SIGNATURES
from bot.forms import FileStore, ReportService, ReportTypeRegistry
from bot.forms.actions import parse
from bot.forms.fields import FieldKind, FieldSpec, accepted
from bot.forms.loader import load_registry
from bot.forms.periods import seed_deadlines
from bot.forms.schema import ReportType
from bot.models import Role, Unit, UnitType, User
from bot.port import IncomingFile, Reply
from bot.storage.connect import open_database
from bot.storage.db import Database

TZ = dt.timezone(dt.timedelta(hours=7))


def at(year: int = 2027, month: int = 5, day: int = 20, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=TZ)


@dataclass
class RecordingNotifier:
    sent: list[tuple[str, tuple[int, ...] | None, Reply, str]] = field(default_factory=list)

    async def notify_users(self, user_ids: Iterable[int], build: Callable[[], Reply], *,
                           kind: str, dedupe_key: str) -> None:
        self.sent.append((dedupe_key, tuple(user_ids), build(), kind))

    async def notify_admins(self, build: Callable[[], Reply], *, kind: str,
                            dedupe_key: str) -> None:
        self.sent.append((dedupe_key, None, build(), kind))

    def keys(self) -> set[str]:
        return {k for k, *_ in self.sent}


class MemoryDownloader:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.calls = 0

    async def __call__(self, file_id: str) -> bytes:
        self.calls += 1
        if file_id not in self.files:
            raise ConnectionError("not found")
        return self.files[file_id]


UNIT_A = Unit("th-a", "Trường TH A", UnitType.TH)
UNIT_B = Unit("thcs-b", "Trường THCS B", UnitType.THCS)


@dataclass
class Env:
    db: Database
    types: ReportTypeRegistry
    store: FileStore
    downloads: MemoryDownloader
    notifier: RecordingNotifier
    service: ReportService
    staff: User
    leader: User
    staff_b: User
    leader_b: User
    admin: User

    def restart(self) -> ReportService:
        self.service = ReportService(self.db, ConversationRepo(self.db), self.types, self.store,
                                     self.notifier)
        return self.service


async def make_env(tmp_path: Path, types: ReportTypeRegistry | None = None, *,
                   target: str | Path | None = None) -> Env:
    """The forms on a fresh database: ``target`` (a file or a PostgreSQL URL), else a file."""
    db = await open_database(target or tmp_path / "t.sqlite3")
    for i, unit in enumerate((UNIT_A, UNIT_B)):
        await db.execute("INSERT INTO units (id, name, type, staff_join_code, leader_join_code)"
                         " VALUES (?, ?, ?, ?, ?)", (unit.id, unit.name, unit.type.value,
                                                     f"S{i}", f"L{i}"))
    people = [("Nguyễn Thị Lan", UNIT_A, Role.STAFF), ("Trần Văn Hùng", UNIT_A, Role.LEADER),
              ("Lê Minh", UNIT_B, Role.STAFF), ("Phạm Thu", UNIT_B, Role.LEADER)]
    users = []
    for uid, (name, unit, role) in enumerate(people, 1):
        await db.execute("INSERT INTO users (id, full_name, language, created_at)"
                         " VALUES (?, ?, 'vi', '2027-01-01')", (uid, name))
        await db.execute("INSERT INTO memberships (user_id, unit_id, role, joined_at)"
                         " VALUES (?, ?, ?, '2027-01-01')", (uid, unit.id, role.value))
        users.append(User(uid, name, "vi", unit, role, onboarded=True))
    await db.execute("INSERT INTO users (id, full_name, language, created_at)"
                     " VALUES (9, 'Admin', 'vi', '2027-01-01')")
    admin = User(9, "Admin", "vi", None, None, is_admin=True, onboarded=True)
    await db.reset_identities()  # the users above were given their ids
    downloads = MemoryDownloader()
    channels = Downloads()
    channels.add("telegram", downloads)
    store = FileStore(tmp_path / "files", channels)
    notifier = RecordingNotifier()
    types = types or load_registry()
    await seed_deadlines(db, types.deadlines, at(2027, 1, 1))  # as the reminders do at start
    service = ReportService(db, ConversationRepo(db), types, store, notifier)
    return Env(db, types, store, downloads, notifier, service, *users, admin)


def actions(replies: list[Reply]) -> list[str]:
    return [b.action for r in replies for b in r.choices()]


def find(replies: list[Reply], prefix: str, suffix: str = "") -> str:
    """The one button action starting with ``prefix`` (and ending with ``suffix``)."""
    found = [a for a in actions(replies) if a.startswith(prefix) and a.endswith(suffix)]
    assert found, f"no action {prefix}…{suffix} in {actions(replies)}"
    return found[0]


def draft_id(replies: list[Reply]) -> int:
    for a in actions(replies):
        act = parse(a)
        if act and act.verb.value in ("x", "ok", "bk"):
            return act.press.integer(0)
    raise AssertionError(f"no draft action in {actions(replies)}")


def text_of(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


def sample_text(spec: FieldSpec, now: dt.datetime | None = None) -> str:
    """A valid typed answer for a non-file field (a date: ten days before ``now``)."""
    day = (now or at()).date() - dt.timedelta(days=10)
    return {
        FieldKind.SHORT_TEXT: "Thư viện xanh",
        FieldKind.LONG_TEXT: "Kết quả tốt <b>nổi bật</b> & đáng khen",
        FieldKind.INTEGER: str(spec.min_value),
        FieldKind.NUMBER: f"{spec.min_value},5",
        FieldKind.CHOICE: "1",
        FieldKind.YES_NO: "có",
        FieldKind.DATE: f"{day.day}/{day.month}/{day.year}",
    }[spec.kind]


def sample_file(env: Env, spec: FieldSpec, n: int = 1) -> IncomingFile:
    ext = accepted(spec)[0]
    file_id = f"{spec.key}-{n}"
    magic = SIGNATURES.get(ext, (b"",))[0]  # the content must match the name
    env.downloads.files[file_id] = magic + f"content of {file_id}".encode()
    kind = "photo" if ext == "jpg" else "document"
    name = None if kind == "photo" else f"{spec.key}-{n}.{ext}"
    return IncomingFile(file_id, kind, name, None, 1000, f"u-{file_id}")


async def fill_all(env: Env, user: User, rt: ReportType, now: dt.datetime) -> list[Reply]:
    """Start ``rt`` and answer every field (optional ones too); return the summary replies."""
    replies = await env.service.start(user, now, rt.id)
    periods = [a for a in actions(replies) if a.startswith("rp1:per:")]
    if periods:  # this year's deadline has passed: the first is this year's (late)
        replies = await env.service.on_action(user, now, periods[0])
    for spec in rt.fields:
        assert await env.service.in_flow(user)
        if spec.is_file:
            replies = await env.service.on_file(user, now, sample_file(env, spec), "telegram")
            if spec.max_files > 1:
                replies = await env.service.on_command(user, now, "done") or []
        else:
            replies = await env.service.on_text(user, now, sample_text(spec, now))
    assert "rp1:ok:" in " ".join(actions(replies)), text_of(replies)
    return replies


async def submit_all(env: Env, user: User, rt: ReportType, now: dt.datetime) -> list[Reply]:
    replies = await fill_all(env, user, rt, now)
    return await env.service.on_action(user, now, find(replies, "rp1:ok:"))
