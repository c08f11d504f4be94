"""The buttons of the campaign knowledge: campaigns, their parts, sections and deadlines."""

from __future__ import annotations

from bot.callbacks import INT, Codec, choice, optional

PARTS = ("g", "cr", "aw", "dl", "src")  # goals, criteria, awards, deadlines, source document

BUTTONS = Codec("kb", 1, {
    "cs": (),  # every campaign
    "dl": (),  # every upcoming deadline
    "c": (INT, optional(choice(*PARTS))),  # a campaign, or one part of it
    "s": (INT,),  # a section of a plan, in full
})
