"""The channels' common ground and the ones without a framework of their own.

``runtime`` is the one ``Channel`` protocol (name, recipient, download, deliver, run) and
``run_channels``, which registers each channel's downloader, starts its outbox sender and runs
it; ``replies`` is the one policy for the replies to an update, and for one that cannot be
delivered; ``live`` follows the messages a channel keeps refreshing; ``menus`` and ``text``
read numbered choices typed as text. The terminal console (``console``) and Zalo (``zalo/``)
live here; Telegram, which has python-telegram-bot, lives in ``handlers/``
(``handlers.channel``).
"""
