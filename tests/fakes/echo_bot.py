"""A minimal PTB echo bot: validates the fake Telegram server and is the benchmark floor.

* ``/start`` greets the user by name in their language (vi or en);
* any text that is not a command is echoed back unchanged;
* a document is downloaded (getFile + file download) and uploaded back with its size;
* a photo is sent back by file_id.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

GREETINGS = {"vi": "Xin chào, {name}!", "en": "Hello, {name}!"}


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    assert user is not None and update.effective_message is not None
    greeting = GREETINGS.get(user.language_code or "", GREETINGS["en"])
    await update.effective_message.reply_text(greeting.format(name=user.first_name))


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    await message.reply_text(message.text)


async def echo_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    file = await message.document.get_file()
    data = bytes(await file.download_as_bytearray())
    name = message.document.file_name or "file.bin"
    await message.reply_document(document=data, filename=name,
                                 caption=f"{name}: {len(data)} bytes")


async def echo_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.photo
    await message.reply_photo(photo=message.photo[-1].file_id, caption=message.caption)


def build_echo_app(
    token: str, base_url: str, base_file_url: str, *,
    rate_limiter: BaseRateLimiter | None = None, concurrent_updates: bool | int = False,
) -> Application:
    """The echo bot as a PTB Application pointed at ``base_url``/``base_file_url``."""
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .concurrent_updates(concurrent_updates)
    )
    if rate_limiter is not None:
        builder = builder.rate_limiter(rate_limiter)
    app = builder.build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(MessageHandler(filters.Document.ALL, echo_document))
    app.add_handler(MessageHandler(filters.PHOTO, echo_photo))
    return app
