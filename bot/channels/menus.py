"""Numbered menus on text channels (the console and Zalo), made so a number cannot fire the
wrong action.

* The choices of one answer are numbered on across its messages (``text.numbering``), so two
  options shown together never share a number; all of them stay live together.
* A plain answer (one without choices) ends the menu: it is kept, marked expired, so that a
  number typed later gets "that menu has expired; here it is again" and the menu once more —
  never an action, never a question for the knowledge base (nor a line in /unanswered).
* A number typed while the user is in the middle of something that takes typed input (a
  report's question, onboarding, a broadcast being written) goes to that, as before.
* A notice the bot sends on its own (a reminder) while the user is filling in a report does
  not take over the report's numbers: it is shown without its own, and the report's current
  question follows with its numbers.

Menus are kept per chat in ``text_menus`` (JSON), so "2" still means the same after a restart.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from typing import Any

from bot.channels.text import match_choice, menu_number, numbered
from bot.core import Core
from bot.i18n import _, current_language, language
from bot.models import User
from bot.port import Button, Incoming, InKind, Reply
from bot.registry import Flow
from bot.storage.db import Database

MENU_LIFETIME = dt.timedelta(hours=24)


@dataclass
class Menu:
    replies: list[Reply]  # the messages that carried the choices, to show them again
    live: bool
    updated_at: dt.datetime | None = None

    @property
    def options(self) -> list[Button]:
        return [b for reply in self.replies for b in numbered(reply)]

    def to_json(self) -> str:
        return json.dumps({
            "live": self.live,
            "replies": [{"text": r.text, "buttons": [[[b.label, b.action, b.command]
                                                      for b in row] for row in r.buttons]}
                        for r in self.replies],
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str, updated_at: dt.datetime | None) -> Menu | None:
        data: Any = json.loads(raw)
        if isinstance(data, list):  # kept before menus could expire: [[label, action], …]
            buttons = [[Button(str(label), str(action))] for label, action in data]
            return cls([Reply("", buttons=buttons)], True, updated_at)
        if not isinstance(data, dict):
            return None
        replies = [
            Reply(str(r.get("text", "")), buttons=[
                [Button(str(b[0]), str(b[1]), b[2] if len(b) > 2 else None) for b in row]
                for row in r.get("buttons", [])])
            for r in data.get("replies", []) if isinstance(r, dict)
        ]
        return cls(replies, bool(data.get("live")), updated_at)


@dataclass
class Choice:
    """What a typed answer means: an ``action`` picked, ``replies`` to show instead (a stale
    number), or neither (text for the core)."""

    action: str | None = None
    replies: list[Reply] = field(default_factory=list)


class TextMenus:
    """The repository of text menus: the numbered choices each text-channel user was last
    shown, kept across restarts."""

    def __init__(self, db: Database, channel: str) -> None:
        self.db = db
        self.channel = channel

    async def load(self, external_id: str) -> Menu | None:
        row = await self.db.fetchone(
            "SELECT actions, updated_at FROM text_menus WHERE channel = ? AND external_id = ?",
            (self.channel, external_id),
        )
        if row is None or not row["actions"]:
            return None
        try:
            updated = dt.datetime.fromisoformat(row["updated_at"])
        except (TypeError, ValueError):
            updated = None
        return Menu.from_json(row["actions"], updated)

    async def _save(self, external_id: str, menu: Menu, now: dt.datetime) -> None:
        await self.db.execute(
            "INSERT INTO text_menus (channel, external_id, actions, updated_at) VALUES (?,?,?,?)"
            " ON CONFLICT(channel, external_id) DO UPDATE SET actions = excluded.actions,"
            " updated_at = excluded.updated_at",
            (self.channel, external_id, menu.to_json(), now.isoformat()),
        )

    async def remember(self, external_id: str, buttons: list[Button], now: dt.datetime) -> None:
        await self._save(external_id, Menu([Reply("", buttons=[[b] for b in buttons])], True),
                         now)

    async def resolve(self, external_id: str, text: str,
                      now: dt.datetime | None = None) -> str | None:
        """The action a typed answer picks from the live menu, if it picks one."""
        menu = await self.load(external_id)
        if menu is None or not _is_live(menu, now):
            return None
        options = menu.options
        index = match_choice(text, [b.label for b in options])
        return None if index is None else options[index].action

    async def after(
        self, external_id: str, replies: list[Reply], now: dt.datetime, *, notice: bool = False
    ) -> None:
        """Keep every choice of ``replies`` (numbered on across them) as the live menu. A plain
        answer ends the menu shown before (it stays, expired, to be shown again); a notice
        without choices leaves it alone."""
        with_choices = [r for r in replies if numbered(r)]
        if with_choices:
            await self._save(external_id, Menu(with_choices, True), now)
        elif replies and not notice:
            await self.expire(external_id)

    async def expire(self, external_id: str) -> None:
        menu = await self.load(external_id)
        if menu is None or not menu.live:
            return
        menu.live = False
        await self.db.execute(
            "UPDATE text_menus SET actions = ? WHERE channel = ? AND external_id = ?",
            (menu.to_json(), self.channel, external_id),
        )

    async def forget(self, external_id: str) -> None:
        await self.db.execute(
            "DELETE FROM text_menus WHERE channel = ? AND external_id = ?",
            (self.channel, external_id),
        )

    async def interpret(self, external_id: str, text: str, now: dt.datetime, *,
                        busy: bool) -> Choice:
        """What ``text`` means to this chat. ``busy``: the user is somewhere that takes typed
        input, so a number that picks nothing is an answer to that, not a stale choice."""
        menu = await self.load(external_id)
        if menu is not None and _is_live(menu, now):
            options = menu.options
            index = match_choice(text, [b.label for b in options])
            if index is not None:
                return Choice(action=options[index].action)
        number = menu_number(text)
        if number is None or busy:
            return Choice()
        if menu is None or not menu.replies:
            return Choice(replies=[Reply(_("There is no menu open just now, so {n} does not "
                                           "choose anything. Send /help to see what I can "
                                           "do.").format(n=number))])
        if _is_live(menu, now):
            head = _("{n} is not one of the choices. Here they are again:").format(n=number)
        else:
            head = _("That menu has expired; here it is again:")
        return Choice(replies=[Reply(head), *_fresh(menu.replies)])


def _is_live(menu: Menu, now: dt.datetime | None) -> bool:
    if not menu.live:
        return False
    if now is None or menu.updated_at is None:
        return True
    return now - menu.updated_at <= MENU_LIFETIME


def _fresh(replies: list[Reply]) -> list[Reply]:
    return [Reply(r.text, buttons=[list(row) for row in r.buttons]) for r in replies]


class InputState:
    """Whether a user is in the middle of a flow (which takes typed input), and the question
    they are at, read from the core."""

    def __init__(self, core: Core) -> None:
        self.core = core

    async def user(self, channel: str, external_id: str) -> User | None:
        return await self.core.users.by_identity(channel, external_id)

    async def _flow(self, user: User) -> Flow | None:
        conv = await self.core.conversations.get(user.id)
        return self.core.registry.flows.get(conv.flow) if conv is not None else None

    async def busy(self, user: User | None) -> bool:
        if user is None or not user.onboarded:
            return True  # onboarding takes names and codes
        return await self._flow(user) is not None

    async def question(self, user: User | None) -> list[Reply]:
        """The question the user is at (a report's), to show again after a notice."""
        flow = await self._flow(user) if user is not None else None
        if user is None or flow is None or flow.here is None:
            return []
        return await flow.here(user)


@dataclass(frozen=True)
class Typed:
    """A typed line on a text channel, read against the menu shown last."""

    incoming: Incoming  # a picked choice has become its button's action
    stale: list[Reply]  # a stale number: the menu again, and nothing for the core
    language: str  # the sender's, to show ``stale`` in


async def read_typed(state: InputState, menus: TextMenus, inc: Incoming, now: dt.datetime,
                     default_language: str | None = None) -> Typed:
    """The console's and Zalo's one reading of typed text: a number (or an option's words)
    picks a choice of the numbered menu shown last, unless the user is in a flow that takes
    typed input."""
    user = await state.user(inc.channel, inc.external_id)
    with language(user.language if user else default_language):
        choice = await menus.interpret(inc.external_id, inc.text, now,
                                       busy=await state.busy(user))
        lang = current_language()
    if choice.action is not None:
        inc = replace(inc, kind=InKind.ACTION, action=choice.action, text="")
    return Typed(inc, choice.replies, lang)


async def notice_batch(state: InputState, channel: str, external_id: str,
                       reply: Reply) -> tuple[list[Reply], bool]:
    """What to show for a notice (a reminder, a broadcast) and whether it is still a notice for
    ``TextMenus.after``. In the middle of a report the notice loses its numbers and the
    report's question follows, so the numbers on screen stay the report's."""
    user = await state.user(channel, external_id)
    question = await state.question(user)
    if not question or not numbered(reply):
        return [reply], True
    plain = Reply(reply.text, document=reply.document, document_name=reply.document_name,
                  photo=reply.photo)
    again = question[0]
    note = _("You were filling in a report; here is where you were:")
    resumed = Reply(f"{note}\n\n{again.text}", buttons=again.buttons)
    return [plain, resumed, *question[1:]], False
