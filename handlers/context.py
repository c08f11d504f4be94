"""A typed CallbackContext that exposes the core as a property."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.core import Core
from bot.dispatcher import Dispatcher


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    @property
    def core(self) -> Core:
        return self.application.bot_data["core"]

    @property
    def dispatcher(self) -> Dispatcher:
        return self.application.bot_data["dispatcher"]

    @property
    def menus(self) -> Any:
        return self.application.bot_data["menus"]


BotApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any],
                             dict[Any, Any], Any]
