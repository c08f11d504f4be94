"""The Telegram command menu, per role: ``setMyCommands`` with a default scope for everyone and
a chat scope for each leader or admin (their menu has more)."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.i18n import LANGUAGES, _, language
from bot.models import Role, Unit, UnitType, User
from bot.registry import Registry

_EVERYONE = User(id=0, full_name=None, language="vi", unit=Unit("-", "-", UnitType.TH),
                 role=Role.STAFF, onboarded=True)


class CommandMenus:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._set: dict[int, tuple[str, ...]] = {}
        self._menus: dict[tuple[frozenset[Role], str, int], tuple[list[BotCommand],
                                                                  tuple[str, ...]]] = {}

    def commands(self, user: User) -> list[BotCommand]:
        with language(user.language):
            return [BotCommand(c.name, _(c.description)[:256])
                    for c in self.registry.menu_for(user)]

    async def set_defaults(self, bot: Bot) -> None:
        for lang in LANGUAGES:
            staff = User(**{**_EVERYONE.__dict__, "language": lang})
            await bot.set_my_commands(
                self.commands(staff), scope=BotCommandScopeDefault(),
                language_code=None if lang == "vi" else lang,
            )

    async def refresh(self, bot: Bot, chat_id: int, user: User) -> None:
        """Give this chat its own menu when its role or language calls for one."""
        commands, signature = self._menu(user)
        if self._set.get(chat_id) == signature:
            return
        self._set[chat_id] = signature
        await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))

    def _menu(self, user: User) -> tuple[list[BotCommand], tuple[str, ...]]:
        """A role's menu in a language, made once (it is looked at on every update)."""
        key = (user.roles, user.language, len(self.registry.commands))
        found = self._menus.get(key)
        if found is None:
            commands = self.commands(user)
            found = self._menus[key] = (
                commands, tuple(f"{c.command}:{c.description}" for c in commands))
        return found
