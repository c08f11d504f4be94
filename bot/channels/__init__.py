"""Channels without a framework of their own: the terminal console and Zalo (``zalo/``), and
what they share (numbered choices in text, menus). Telegram lives in ``handlers/``."""
