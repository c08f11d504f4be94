"""What the core can do, by name: commands, buttons (by their codec) and multi-step flows.

Each feature has a ``register(registry, core)``; ``bot.features.register_all`` calls them in one
place and in a deliberate order. The dispatcher looks things up here and checks roles before
calling anything. Every multi-step conversation is a ``Flow``: the user's place in it is kept in
``conversations`` (``bot.conversations``), and the dispatcher gives it their text and files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.callbacks import Codec, Press
from bot.i18n import _
from bot.models import Role, User
from bot.port import Incoming, Reply

if TYPE_CHECKING:
    from bot.conversations import Conversation
    from bot.core import Core


@dataclass
class Ctx:
    """One update being handled: who sent it, when, and the core to answer it."""

    core: Core
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
ActionHandler = Callable[[Ctx, Press], Awaitable[list[Reply]]]  # a press, already checked
Fallback = Callable[[Ctx], Awaitable[list[Reply] | None]]  # None: not mine
Where = Callable[[User], Awaitable[list[Reply]]]
LiveView = Callable[[str], Awaitable[tuple[Reply, bool]]]


@dataclass(frozen=True)
class Command:
    name: str
    description: str  # an English msgid, marked with N_()
    handler: Handler
    roles: frozenset[Role] | None = None  # None: anyone who has finished onboarding
    in_menu: bool = True
    before_onboarding: bool = False  # also for someone still registering (/link CODE)

    def allowed(self, user: User) -> bool:
        return self.roles is None or bool(self.roles & user.roles)


@dataclass(frozen=True)
class ActionRoute:
    codec: Codec  # its prefix and version name the buttons it handles
    handler: ActionHandler
    roles: frozenset[Role] | None = None


@dataclass(frozen=True)
class Flow:
    """A multi-step conversation kept in ``conversations``; gets text and files while active."""

    name: str
    on_text: Handler
    on_file: Handler | None = None
    roles: frozenset[Role] | None = None  # checked again at every step of the flow
    on_cancel: Handler | None = None  # /cancel: what the flow says (and keeps) on leaving
    here: Where | None = None  # the question the user is at, asked again after an error


@dataclass
class Registry:
    commands: dict[str, Command] = field(default_factory=dict)
    actions: list[ActionRoute] = field(default_factory=list)
    flows: dict[str, Flow] = field(default_factory=dict)
    # text and files outside any flow: a question about the plans, an admin's plan file
    on_text: Fallback | None = None
    on_file: Fallback | None = None
    # prefix → view(key) -> (reply, finished): messages a channel keeps refreshing (progress)
    live_views: dict[str, LiveView] = field(default_factory=dict)

    def command(
        self, name: str, description: str, handler: Handler, *,
        roles: set[Role] | None = None, in_menu: bool = True, aliases: tuple[str, ...] = (),
        before_onboarding: bool = False,
    ) -> None:
        spec = Command(name, description, handler, frozenset(roles) if roles else None, in_menu,
                       before_onboarding)
        self.commands[name] = spec
        for alias in aliases:
            self.commands[alias] = Command(alias, description, handler, spec.roles, False,
                                           before_onboarding)

    def action(self, codec: Codec, handler: ActionHandler, *,
               roles: set[Role] | None = None) -> None:
        if any(r.codec.prefix == codec.prefix for r in self.actions):
            raise ValueError(f"two codecs with the prefix {codec.prefix!r}")
        self.actions.append(ActionRoute(codec, handler, frozenset(roles) if roles else None))

    def flow(self, name: str, on_text: Handler, on_file: Handler | None = None, *,
             roles: set[Role] | frozenset[Role] | None = None, on_cancel: Handler | None = None,
             here: Where | None = None) -> None:
        self.flows[name] = Flow(name, on_text, on_file, frozenset(roles) if roles else None,
                                on_cancel, here)

    def otherwise(self, on_text: Fallback, on_file: Fallback) -> None:
        """What text and files outside any flow go to (one feature's: the knowledge base)."""
        self.on_text, self.on_file = on_text, on_file

    async def outside_flow(self, ctx: Ctx) -> list[Reply]:
        """Text or a file that no flow takes: a question, a plan file, or a hint."""
        inc = ctx.incoming
        if inc.file is not None:
            replies = await self.on_file(ctx) if self.on_file else None
            return replies if replies is not None else [Reply(_(
                "I wasn't expecting a file just now. To attach files to a report, start it "
                "with /report."))]
        replies = await self.on_text(ctx) if self.on_text else None
        return replies if replies is not None else [Reply(_("Send /help to see what I can do."))]

    def live(self, prefix: str, view: LiveView) -> None:
        self.live_views[prefix] = view

    def live_view(self, key: str) -> LiveView | None:
        return next((v for p, v in self.live_views.items() if key.startswith(p)), None)

    def route_action(self, action: str) -> ActionRoute | None:
        """The route whose codec wrote ``action`` (its prefix and version), if any."""
        head = action.partition(":")[0]
        return next((r for r in self.actions if r.codec.head == head), None)

    def menu_for(self, user: User) -> list[Command]:
        """The commands this user may use, in registration order, for /help and the menu."""
        return [c for c in self.commands.values() if c.in_menu and c.allowed(user)]
