"""What the answerer returns: an answer, or an honest "not found"."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.i18n import _
from bot.port import Button


@dataclass
class Answer:
    text: str  # HTML for the channel
    confident: bool
    has_more: bool
    kind: str  # 'deadline', 'passage' or 'none'
    buttons: list[list[Button]] = field(default_factory=list)
    section_id: int | None = None
    plan_id: int | None = None


def not_found(pointer: str | None = None, quote: str | None = None) -> Answer:
    """``pointer``: the nearest section, named (HTML); ``quote``: its lines (HTML)."""
    if pointer and quote:
        return Answer(_("I am not sure the documents answer this, so your question has been "
                        "passed on to the office (the staff in charge of emulation and "
                        "commendation). The nearest I found, in {section}, says:").format(
            section=pointer) + "\n" + quote, False, False, "none")
    text = _("The documents I have do not say this, so I will not guess. Your question has "
             "been passed on to the office (the staff in charge of emulation and "
             "commendation); you can also send /campaigns to browse the campaigns and their "
             "documents.")
    if pointer:
        text += "\n" + _("The nearest I found is {section}.").format(section=pointer)
    return Answer(text, False, False, "none")


def no_more() -> Answer:
    return Answer(_("There are no more results for this question."), False, False, "none")
