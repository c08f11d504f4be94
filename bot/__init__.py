"""Core of the emulation-campaign bot: domain, storage, search and scheduling.

Nothing in this package imports ``telegram`` or ``handlers``; channels call into it.
"""
