"""Every private-chat update goes to the core; its replies come back here to be sent.

A button's spinner is stopped best-effort: a failed ``answerCallbackQuery`` (a 500, or "query is
too old" for a press made while the bot was down) never stops the press from being handled.
Buttons pressed under a message in a group are not handled: private data is answered only in
private chats. A reply that cannot be sent within a short budget (429, 5xx, a hang) is queued in
the outbox, so it arrives late rather than never (the policy of every channel,
``bot.channels.replies``); the user is not asked to send again what was already saved.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import CallbackQueryHandler, MessageHandler, TypeHandler, filters

from bot.channels.replies import send_in_order
from bot.core import Core
from bot.i18n import _, language, normalize_language
from bot.port import Incoming, Reply
from bot.sender import PermanentFailure, RecipientBlocked, TransientFailure
from handlers.context import BotApplication, BotContext
from handlers.convert import CHANNEL, to_incoming
from handlers.live import DEFAULT_INTERVAL, keep_fresh
from handlers.render import send_reply

log = logging.getLogger(__name__)

REPLY_BUDGET = 8.0  # seconds to get a reply through before it goes to the outbox (config)


async def on_update(update: Update, context: BotContext) -> None:
    """Hand the update to the core, then send what it answers."""
    query = update.callback_query
    chat = update.effective_chat
    incoming = to_incoming(update)
    if query is not None and not _private(query):
        lang = normalize_language(None)
        if incoming is not None:
            lang = await user_language(context.core, incoming)
        with language(lang):
            await _answer_quietly(query, _("Please write to me in a private chat."))
        return
    if incoming is None or chat is None:
        if query is not None:
            await _answer_quietly(query)
        return
    if query is not None:
        await _answer_quietly(query)
    queued = context.core.outbox.added
    try:
        response = await context.dispatcher.handle(incoming)
        if response.inbox_cleared:
            _cleared(context).add(update.update_id)
    except Exception as exc:
        log.error("the core failed on update %s: %s", update.update_id, type(exc).__name__,
                  exc_info=exc)
        await _apologise(context, chat.id, incoming)
        return
    edit_target = query.message if query is not None and isinstance(query.message,
                                                                     Message) else None
    budget = context.application.bot_data.get("reply_budget", REPLY_BUDGET)
    deadline = asyncio.get_running_loop().time() + budget

    async def send_one(_index: int, reply: Reply) -> None:
        try:
            shown = await _send_within(context, chat.id, reply, edit_target, deadline)
        except (RetryAfter, NetworkError) as exc:
            raise TransientFailure(type(exc).__name__) from exc
        except Forbidden as exc:
            raise RecipientBlocked(str(exc)) from exc
        except BadRequest as exc:
            raise PermanentFailure(str(exc)) from exc
        if reply.live and shown is not None and context.application.running:  # not stopping
            interval = context.application.bot_data.get("live_interval", DEFAULT_INTERVAL)
            context.application.create_task(
                keep_fresh(context.core, shown, reply.live, interval), update=update
            )

    core = context.core
    await send_in_order(core.outbox, core.users, CHANNEL, incoming.external_id,
                        response.replies, send_one, update_key=str(update.update_id))
    if response.user is not None:
        try:
            await context.menus.refresh(context.bot, chat.id, response.user)
        except TelegramError as exc:
            log.warning("could not set the menu of chat %s: %s", chat.id, type(exc).__name__)
    if core.outbox.added != queued:  # something was queued: wake the sender
        core.outbox.changed()


def _cleared(context: BotContext) -> set[int]:
    """Updates whose inbox row the core removed with its own writes."""
    found: set[int] = context.application.bot_data.setdefault("inbox_cleared", set())
    return found


def _private(query: CallbackQuery) -> bool:
    message = query.message
    return message is None or message.chat.type == ChatType.PRIVATE


async def _answer_quietly(query: CallbackQuery, text: str | None = None) -> None:
    try:
        await query.answer(text)
    except TelegramError as exc:
        log.info("could not answer callback query: %s", type(exc).__name__)


async def _send_within(
    context: BotContext, chat_id: int, reply: Reply, edit_target: Message | None,
    deadline: float,
) -> Message | None:
    """Send one reply, retrying 429s (as Telegram asks), network errors and hangs until
    ``deadline``, which also cuts an attempt short; a refused message (400, 403) is not
    retried."""
    loop = asyncio.get_running_loop()
    pause = 0.5
    while True:
        try:
            try:
                async with asyncio.timeout(max(0.05, deadline - loop.time())):
                    return await send_reply(context.bot, chat_id, reply,
                                            edit_message=edit_target)
            except TimeoutError:
                raise TimedOut("no answer within the reply budget") from None
        except (BadRequest, Forbidden):
            raise
        except RetryAfter as exc:
            delay = exc.retry_after
            wait = float(delay if isinstance(delay, int | float) else delay.total_seconds())
            if loop.time() + wait > deadline:
                raise
        except NetworkError:
            wait, pause = pause, pause * 2
            if loop.time() + wait > deadline:
                raise
        await asyncio.sleep(wait)


async def user_language(core: Core, incoming: Incoming) -> str:
    """The sender's language, or their app's when the database cannot say."""
    try:
        user = await core.users.by_identity(incoming.channel, incoming.external_id)
    except Exception:
        user = None
    return user.language if user is not None else normalize_language(incoming.language_code)


async def _apologise(context: BotContext, chat_id: int, incoming: Incoming) -> None:
    with language(await user_language(context.core, incoming)):
        text = _("Sorry, something went wrong on my side, and what you just sent may not have "
                 "been saved. Please send it again in a moment, or send /help.")
    try:
        await context.bot.send_message(chat_id, text)
        for reply in await context.dispatcher.current_step(incoming):  # the question again
            await send_reply(context.bot, chat_id, reply)
    except Exception as exc:
        log.warning("could not tell chat %s about the error: %s", chat_id, type(exc).__name__)


async def mark_handled(update: Update, context: BotContext) -> None:
    """Last of all: the update leaves the durable inbox. (If that fails, the next start
    offers it again, and the dispatcher knows it was handled.)"""
    cleared = _cleared(context)
    if update.update_id in cleared:  # already gone, with the core's end-of-update writes
        cleared.discard(update.update_id)
        return
    try:
        await context.core.inbox.done(CHANNEL, str(update.update_id))
    except Exception as exc:
        log.warning("update %s stays in the inbox: %s", update.update_id, type(exc).__name__)


async def on_edit(update: Update, context: BotContext) -> None:
    """An edited message changes nothing the bot received; say so, so that nobody believes
    they corrected a report answer by editing it."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or user.is_bot:
        return
    lang = normalize_language(user.language_code)
    try:
        known = await context.core.users.by_identity(CHANNEL, str(user.id))
        lang = known.language if known is not None else lang
    except Exception as exc:
        log.warning("edit in chat %s: %s", chat.id, type(exc).__name__)
    with language(lang):
        text = _("I don't read edited messages, so nothing changed. If something needs "
                 "correcting, send it again as a new message (in a report, /back goes to the "
                 "previous question).")
    try:
        await context.bot.send_message(chat.id, text)
    except TelegramError as exc:
        log.warning("could not answer an edit in chat %s: %s", chat.id, type(exc).__name__)


def register(app: BotApplication) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private & ~filters.UpdateType.EDITED, on_update))
    app.add_handler(MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, on_edit))
    app.add_handler(CallbackQueryHandler(on_update))
    app.add_handler(TypeHandler(Update, mark_handled), group=1)
