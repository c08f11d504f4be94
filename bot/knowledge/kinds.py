"""The kinds of fact a question may ask for (``understand.answer_kind``)."""

from __future__ import annotations

DATE, NUMBER, MONEY, EMAIL, PERSON, OFFICE, DOCNUMBER, LIST, CAMPAIGNS, TEXT = (
    "date", "number", "money", "email", "person", "office", "docnumber", "list", "campaigns",
    "text")
