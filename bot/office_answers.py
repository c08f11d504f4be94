"""The office's own answers (its FAQ) and the questions nobody could answer; ``OfficeAnswerRepo``
is the repository of both.

Self-contained on purpose: it shares nothing with the document search but ``textnorm.fold``.
A question is reduced to its content words (lower case, diacritics folded, question words
dropped); two questions are alike when most of their content words are shared. Similar open
questions are grouped for the admin; an office answer matches a later question alike to any
of the questions it was made from.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from html import escape
from typing import Any

from bot.i18n import _, format_day
from bot.knowledge.answer import Answer
from bot.knowledge.textnorm import fold
from bot.storage.db import Database

# Folded words that carry no topic: question words, pronouns, politeness, particles.
_FILLER_WORDS = """
a ah ak ad ai can cho chi co cua da de den di duoc em gi giup hay hoi hoac khi khong la
lam lan luc ma minh moi muon nao nay nhe nhi nhung nho o oi qua ra roi sao se tai thi
thay toi tu va vay ve vui vao voi xin xem dau ban cac mot nhu dang phai biet
what when where who how which is are the a an do does of to for in on please can i we my
"""
FILLER = frozenset(_FILLER_WORDS.split())
MIN_WORDS = 2
ALIKE = 0.6  # shared content words over those of the longer question
CONTAINED = 0.8  # or: shared over those of the shorter one, when at least three are shared
_WORD = re.compile(r"[a-z0-9]+")
_MENU_PICK = re.compile(r"^\s*(\d{1,3}[.)]?|\d{1,3}[.)]\s.*)\s*$")


def content_words(text: str) -> frozenset[str]:
    words = _WORD.findall(fold(text))
    return frozenset(w for w in words if w not in FILLER and not w.isdigit())


def worth_logging(text: str) -> bool:
    """Whether a text nobody answered is a real question for the office: not a number, not a
    single word, not a menu choice typed after its menu was gone ("4", "2. Gửi")."""
    if _MENU_PICK.match(text):
        return False
    words = [w for w in _WORD.findall(fold(text)) if not w.isdigit()]
    return len(words) >= MIN_WORDS and len(content_words(text)) >= 1


def alike(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    shared = len(a & b)
    return (shared / max(len(a), len(b)) >= ALIKE
            or (shared >= 3 and shared / min(len(a), len(b)) >= CONTAINED))


class QuestionStatus(StrEnum):
    """Where an unanswered question is, as ``unanswered_questions.status`` saves it."""

    OPEN = "open"
    ANSWERED = "answered"  # by the office, to everyone who asked it
    DISMISSED = "dismissed"


@dataclass
class QuestionGroup:
    """Similar open questions; ``key`` is the id of its first question (stable for buttons)."""

    key: int
    question: str  # the latest wording
    ids: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # distinct wordings, oldest first
    askers: dict[int, str] = field(default_factory=dict)  # user → their latest wording
    last_at: str = ""
    words: frozenset[str] = frozenset()


def group_questions(rows: list[Any]) -> list[QuestionGroup]:
    """Rows (id, at, user_id, question), oldest first → groups, most asked first."""
    groups: list[QuestionGroup] = []
    for r in rows:
        words = content_words(r["question"])
        group = next((g for g in groups if alike(words, g.words)), None)
        if group is None:
            group = QuestionGroup(key=r["id"], question=r["question"], words=words)
            groups.append(group)
        group.ids.append(r["id"])
        if r["question"] not in group.texts:
            group.texts.append(r["question"])
        group.question, group.last_at = r["question"], r["at"]
        group.words = group.words | words if len(group.ids) <= 3 else group.words
        if r["user_id"] is not None:
            group.askers[r["user_id"]] = r["question"]
    return sorted(groups, key=lambda g: (-len(g.ids), -g.ids[-1]))


@dataclass(frozen=True)
class OfficeAnswer:
    id: int
    question: str
    patterns: tuple[str, ...]
    answer: str
    active: bool
    updated_at: str

    def matches(self, words: frozenset[str]) -> bool:
        return any(alike(words, content_words(p)) for p in (self.question, *self.patterns))


def as_answer(found: OfficeAnswer) -> Answer:
    """An office answer as the knowledge base's answer, cited with the office and the date."""
    day = dt.datetime.fromisoformat(found.updated_at).date()
    text = "💬 <b>" + _("The office answered, {date}").format(date=format_day(day)) + "</b>\n"
    return Answer(text + escape(found.answer), confident=True, has_more=False, kind="office")


def _answer(r: Any) -> OfficeAnswer:
    return OfficeAnswer(r["id"], r["question"], tuple(json.loads(r["patterns"])), r["answer"],
                        bool(r["active"]), r["updated_at"])


class OfficeAnswerRepo:
    """All SQL for office answers and for handling unanswered questions."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.active: list[OfficeAnswer] = []  # kept in memory: matched on every question

    async def reload(self) -> None:
        self.active = [a for a in await self.all() if a.active]

    def answer_for(self, question: str) -> Answer | None:
        found = self.match(question)
        return as_answer(found) if found is not None else None

    def match(self, question: str) -> OfficeAnswer | None:
        words = content_words(question)
        return next((a for a in self.active if a.matches(words)), None) if words else None

    async def all(self) -> list[OfficeAnswer]:
        rows = await self.db.fetchall("SELECT * FROM office_answers ORDER BY active DESC, id DESC")
        return [_answer(r) for r in rows]

    async def get(self, answer_id: int) -> OfficeAnswer | None:
        row = await self.db.fetchone("SELECT * FROM office_answers WHERE id = ?", (answer_id,))
        return _answer(row) if row else None

    async def save(self, question: str, patterns: list[str], answer: str, by: int,
                   now: dt.datetime) -> int:
        answer_id = int(await self.db.fetchval(
            "INSERT INTO office_answers (question, patterns, answer, created_by, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (question, json.dumps(patterns, ensure_ascii=False), answer, by, now.isoformat(),
             now.isoformat())))
        await self.reload()
        return answer_id

    async def edit(self, answer_id: int, answer: str, now: dt.datetime) -> bool:
        changed = await self.db.execute(
            "UPDATE office_answers SET answer = ?, updated_at = ? WHERE id = ? AND active = 1",
            (answer, now.isoformat(), answer_id))
        await self.reload()
        return bool(changed)

    async def retire(self, answer_id: int, now: dt.datetime) -> bool:
        changed = await self.db.execute(
            "UPDATE office_answers SET active = 0, updated_at = ? WHERE id = ? AND active = 1",
            (now.isoformat(), answer_id))
        await self.reload()
        return bool(changed)

    async def log_unanswered(self, user_id: int, question: str, language: str,
                             now: dt.datetime) -> bool:
        if not worth_logging(question):
            return False
        await self.db.write_soon(  # with the writes that end the update
            "INSERT INTO unanswered_questions (at, user_id, question, language)"
            " VALUES (?, ?, ?, ?)", (now.isoformat(), user_id, question, language))
        return True

    async def open_groups(self) -> list[QuestionGroup]:
        rows = await self.db.fetchall(
            "SELECT id, at, user_id, question FROM unanswered_questions WHERE status = 'open'"
            " ORDER BY id LIMIT 2000")
        return group_questions(rows)

    async def close(self, ids: list[int], status: QuestionStatus, by: int, now: dt.datetime,
                    answer_id: int | None = None) -> int:
        """Mark open questions answered or dismissed; how many were still open."""
        marks = ",".join("?" * len(ids))
        return await self.db.execute(
            f"UPDATE unanswered_questions SET status = ?, handled_at = ?, handled_by = ?,"
            f" answer_id = ? WHERE status = 'open' AND id IN ({marks})",
            (status, now.isoformat(), by, answer_id, *ids))
