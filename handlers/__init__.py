"""Telegram glue: python-telegram-bot handlers that turn updates into core calls.

Dependencies point one way: handlers → bot (core) → storage. Nothing here decides anything a
user may or may not do; the core checks that.
"""
