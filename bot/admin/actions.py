"""The buttons of the office's review screens, built by several screens (the review list, /stats,
the daily digest) and handled by ``bot.features.review``."""

from __future__ import annotations

from bot.callbacks import INT, KEY, WORD, Codec

REVIEW = Codec("sub", 1, {
    "list": (WORD, KEY),  # the latest submissions of a report type for a period
    "open": (INT,),  # one submission
    "files": (INT,),  # its attached files
    "ok": (INT,),  # accept it
    "ret": (INT,),  # return it for correction (asks for a comment)
})
