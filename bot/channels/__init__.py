"""Channels without a framework of their own: the terminal console (and Zalo, later)."""
