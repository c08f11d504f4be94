"""What the core can do, by name: commands, button-action prefixes and multi-step flows.

Each feature module has a ``register(registry)``; ``bot.features.register_all`` calls them in
one place and in a deliberate order. The dispatcher looks things up here and checks roles
before calling anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.models import Role, User
from bot.port import Incoming, Reply

if TYPE_CHECKING:
    from bot.conversations import Conversation
    from bot.services import Services


@dataclass
class Ctx:
    """One update being handled: who sent it, when, and the services to answer it."""

    services: Services
    user: User
    incoming: Incoming
    now: dt.datetime
    # the flow the sender was in when the update arrived, read with the user (in a 1-tuple, as
    # None means "in none"); not kept current while the update is handled
    arrived_in: tuple[Conversation | None] | None = field(default=None, repr=False)

    @property
    def today(self) -> dt.date:
        return self.now.date()


Handler = Callable[[Ctx], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Command:
    name: str
    description: str  # an English msgid, marked with N_()
    handler: Handler
    roles: frozenset[Role] | None = None  # None: anyone who has finished onboarding
    in_menu: bool = True

    def allowed(self, user: User) -> bool:
        return self.roles is None or bool(self.roles & user.roles)


@dataclass(frozen=True)
class ActionRoute:
    prefix: str  # "kb:", "rp:", "lang:" …
    handler: Handler
    roles: frozenset[Role] | None = None


@dataclass(frozen=True)
class Flow:
    """A multi-step conversation kept in ``conversations``; gets text and files while active."""

    name: str
    on_text: Handler
    on_file: Handler | None = None
    roles: frozenset[Role] | None = None  # checked again at every step of the flow


@dataclass
class Registry:
    commands: dict[str, Command] = field(default_factory=dict)
    actions: list[ActionRoute] = field(default_factory=list)
    flows: dict[str, Flow] = field(default_factory=dict)

    def command(
        self, name: str, description: str, handler: Handler, *,
        roles: set[Role] | None = None, in_menu: bool = True, aliases: tuple[str, ...] = (),
    ) -> None:
        spec = Command(name, description, handler, frozenset(roles) if roles else None, in_menu)
        self.commands[name] = spec
        for alias in aliases:
            self.commands[alias] = Command(alias, description, handler, spec.roles, False)

    def action(self, prefix: str, handler: Handler, *, roles: set[Role] | None = None) -> None:
        self.actions.append(ActionRoute(prefix, handler, frozenset(roles) if roles else None))

    def flow(self, name: str, on_text: Handler, on_file: Handler | None = None, *,
             roles: set[Role] | frozenset[Role] | None = None) -> None:
        self.flows[name] = Flow(name, on_text, on_file, frozenset(roles) if roles else None)

    def route_action(self, action: str) -> ActionRoute | None:
        matches = [r for r in self.actions if action.startswith(r.prefix)]
        return max(matches, key=lambda r: len(r.prefix)) if matches else None

    def menu_for(self, user: User) -> list[Command]:
        """The commands this user may use, in registration order, for /help and the menu."""
        return [c for c in self.commands.values() if c.in_menu and c.allowed(user)]
