"""The emulation-campaign bot: the core (features, forms, knowledge, reminders, storage), the
channels without a framework of their own (the console and Zalo, in ``bot.channels``) and the
composition root (``bot.app`` builds the core, ``bot.cli`` starts the channels).

Only ``bot.cli`` reaches ``handlers`` (the Telegram channel), and only lazily, to start it;
nothing else here imports ``telegram`` or ``handlers`` (tests/test_architecture.py).
"""
