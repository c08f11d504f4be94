"""The core's single entry point: one ``Incoming`` in, the replies out.

Order of business for every update: drop a duplicate delivery, resolve the user, set their
language, send anyone not yet onboarded back to onboarding, then route — a command, a button,
the active flow, a file, or (for plain text) a question about the plans.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape

from bot.callbacks import LANGUAGE, stale
from bot.core import Core
from bot.i18n import _, set_language
from bot.inbox import Inbox
from bot.models import Role, User
from bot.port import Incoming, InKind, Reply
from bot.registry import Ctx
from bot.storage.db import Params

log = logging.getLogger(__name__)

MAX_TEXT = 4000


@dataclass
class Response:
    replies: list[Reply]
    user: User | None  # after handling (role and language may have changed)
    inbox_cleared: bool = False  # the update left the durable inbox with the other writes


class Dispatcher:
    def __init__(self, core: Core) -> None:
        self.s = core
        self.registry = core.registry

    async def handle(self, inc: Incoming) -> Response:
        """Two round trips to the database besides what the feature does: the sender (user,
        identity, language, flow and whether the update was seen) in one query, and the
        writes that end the update (their visit, their conversation's new state, the dedupe,
        the inbox) in one transaction.
        The user is read again only if something changed people meanwhile."""
        now = self.s.clock.now()
        users = self.s.users
        changes = users.changes
        found = await users.resolve_update(inc.channel, inc.external_id, inc.display_name,
                                           inc.language_code, now, inc.update_key)
        if found.seen:
            await self.s.db.batch(self._inbox_done(inc))
            return Response([], None, inbox_cleared=inc.inbox_key is not None)
        user = found.user
        set_language(user.language)
        ctx = Ctx(self.s, user, inc, now, arrived_in=(found.conversation,))
        with self.s.db.deferring() as deferred:  # the conversation state: with the ending
            replies = await self._route(ctx)
        ending = list(found.writes) + deferred.take()
        if inc.update_key:  # recorded only once handled: cut short by a crash, it comes again
            ending.append(Inbox.processed_write(inc.channel, inc.update_key, now))
        ending += self._inbox_done(inc)
        await self.s.db.batch(ending)
        fresh: User | None = user
        if users.changes != changes:
            fresh = await users.get(user.id)
        if fresh is not None:
            set_language(fresh.language)
        return Response(replies, fresh, inbox_cleared=inc.inbox_key is not None)

    @staticmethod
    def _inbox_done(inc: Incoming) -> list[tuple[str, Params]]:
        if inc.inbox_key is None:
            return []
        return [Inbox.done_write(inc.channel, inc.inbox_key)]

    async def current_step(self, inc: Incoming) -> list[Reply]:
        """What the sender is being asked right now (a report's question), to show it again
        after an error; nothing when they are in no flow."""
        user = await self.s.users.by_identity(inc.channel, inc.external_id)
        if user is None:
            return []
        set_language(user.language)
        conv = await self.s.conversations.get(user.id)
        flow = self.registry.flows.get(conv.flow) if conv else None
        return await flow.here(user) if flow is not None and flow.here is not None else []

    async def _route(self, ctx: Ctx) -> list[Reply]:
        inc = ctx.incoming
        if inc.kind is InKind.TEXT and len(inc.text) > MAX_TEXT:
            return [Reply(_("That message is too long ({n} characters). Please keep it under "
                            "{limit} characters.").format(n=len(inc.text), limit=MAX_TEXT))]
        if not ctx.user.onboarded and not self._before_onboarding(inc):
            return await self.registry.flows["onboarding"].on_text(ctx)
        if inc.kind is InKind.COMMAND:
            return await self._command(ctx)
        if inc.kind is InKind.ACTION:
            return await self._action(ctx)
        if inc.kind is InKind.UNSUPPORTED:
            return await self._unsupported(ctx)
        if inc.kind is InKind.FILE:
            return await self._file(ctx)
        return await self._text(ctx)

    def _before_onboarding(self, inc: Incoming) -> bool:
        """What someone still registering may use: the language buttons, /link CODE."""
        if inc.kind is InKind.ACTION:
            return LANGUAGE.parse(inc.action) is not None
        spec = self.registry.commands.get(inc.command) if inc.kind is InKind.COMMAND else None
        return spec is not None and spec.before_onboarding

    async def _command(self, ctx: Ctx) -> list[Reply]:
        name = ctx.incoming.command
        spec = self.registry.commands.get(name)
        if spec is None:
            return [Reply(_("I don't know the command /{name}. Send /help to see what I can "
                            "do.").format(name=_safe_command(name)))]
        if not spec.allowed(ctx.user):
            await self.s.audit.record(ctx.user.id, "denied", {"command": name}, ctx.now)
            return [Reply(_("Sorry, /{name} is only for {who}.").format(
                name=name, who=_roles_text(spec.roles)))]
        return await spec.handler(ctx)

    async def _action(self, ctx: Ctx) -> list[Reply]:
        route = self.registry.route_action(ctx.incoming.action)
        if route is None:
            return [stale()]
        if route.roles is not None and not (route.roles & ctx.user.roles):
            await self.s.audit.record(
                ctx.user.id, "denied", {"action": ctx.incoming.action[:64]}, ctx.now
            )
            return [Reply(_("Sorry, that is not available to you."))]
        press = route.codec.parse(ctx.incoming.action)
        if press is None:
            return [stale()]
        return await route.handler(ctx, press)

    async def _active_flow(self, ctx: Ctx) -> str | None:
        if ctx.arrived_in is not None:
            conv = ctx.arrived_in[0]
        else:
            conv = await self.s.conversations.get(ctx.user.id)
        if conv and conv.flow in self.registry.flows:
            return conv.flow
        return None

    async def _flow_refused(self, ctx: Ctx, name: str) -> list[Reply] | None:
        """The role is checked again at every step: someone who lost it mid-flow (an admin
        removed from the config) cannot finish. Their flow ends."""
        roles = self.registry.flows[name].roles
        if roles is None or roles & ctx.user.roles:
            return None
        await self.s.conversations.clear(ctx.user.id)
        await self.s.audit.record(ctx.user.id, "denied", {"flow": name}, ctx.now)
        return [Reply(_("Sorry, that is not available to you."))]

    async def _text(self, ctx: Ctx) -> list[Reply]:
        if not ctx.incoming.text.strip():
            return [Reply(_("Please send some text."))]
        flow = await self._active_flow(ctx)
        if flow:
            refused = await self._flow_refused(ctx, flow)
            if refused is not None:
                return refused
            return await self.registry.flows[flow].on_text(ctx)
        return await self.registry.outside_flow(ctx)

    async def _file(self, ctx: Ctx) -> list[Reply]:
        flow = await self._active_flow(ctx)
        if flow:
            refused = await self._flow_refused(ctx, flow)
            if refused is not None:
                return refused
        if flow and self.registry.flows[flow].on_file is not None:
            return await self.registry.flows[flow].on_file(ctx)  # type: ignore[misc]
        return await self.registry.outside_flow(ctx)

    async def _unsupported(self, ctx: Ctx) -> list[Reply]:
        return [Reply(_("I can only read text messages here (and documents or photos where a "
                        "report asks for them). Please type your message, or send /help."))]


def _safe_command(name: str) -> str:
    return escape(name[:40])


def _roles_text(roles: frozenset[Role] | None) -> str:
    names = {
        Role.STAFF: _("staff"), Role.LEADER: _("unit leaders"), Role.ADMIN: _("office admins")
    }
    return ", ".join(names[r] for r in sorted(roles or (), key=str))
