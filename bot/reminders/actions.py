"""The buttons of reminders (a person's) and of deadline management (the office's)."""

from __future__ import annotations

from bot.callbacks import DATE, INT, KEY, WORD, Codec, choice, optional

REMINDER = Codec("rm", 1, {
    "go": (INT, DATE),  # send the report this reminder is about: deadline, occurrence
    "later": (INT, DATE, INT),  # remind me again, at this offset (days before)
})

DEADLINES = Codec("rma", 1, {
    "list": (),
    "show": (INT,),
    "add": (choice("yearly", "date"),),
    "edit": (INT, choice("date", "what", "audience", "report")),
    "del": (INT,),  # asks first
    "delok": (INT,),
    "aud": (WORD, optional(KEY)),  # who, and which unit types (comma-separated)
    "rt": (KEY,),  # the report type, or "-" for none
    "save": (),
    "cancel": (),
})
