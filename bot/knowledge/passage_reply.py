"""A passage as the reply to a question: the quote a phone shows (the lines that hold the
question and the kind of fact asked for; every item of a list asked for), its citation and a
button to read the whole section (when nothing answers: ``nearest``)."""

from __future__ import annotations

from bot.i18n import _
from bot.knowledge import fmt
from bot.knowledge.actions import BUTTONS
from bot.knowledge.facts import holds_kind
from bot.knowledge.index import SearchIndex
from bot.knowledge.kinds import LIST
from bot.knowledge.pieces import Pieces
from bot.knowledge.reply import Answer
from bot.knowledge.slots import Analysis, KeyCover
from bot.knowledge.snippets import SHOW_MAX, Snippet, condensed, focused
from bot.port import Button

KIND_SHOWN = 1.0  # of a long quote, the lines that hold the kind of fact asked for are shown


def passage_reply(index: SearchIndex, pieces: Pieces, label: str, analysis: Analysis, doc: int,
                  snippet: Snippet | None, more: bool, replaced_by: str | None = None
                  ) -> Answer:
    """``label``: how the citation names the document; ``more``: whether other passages
    answer too (a "more" button); ``replaced_by``: the label of the document that replaced
    this one, if one did."""
    passage = index.passages[doc]
    piece = pieces.quoted(doc, snippet, analysis.kind == LIST)
    cover = KeyCover(analysis)
    shown = (analysis.kind == LIST and condensed(piece)) or focused(piece, lambda keys, text: (
        sum(cover(keys)) + KIND_SHOWN * holds_kind(text, analysis.kind, analysis.asked)))
    text = "\n".join([
        "<b>" + _("The document says (quoted as written):") + "</b>",
        fmt.quote(shown, SHOW_MAX + 20),
        fmt.citation(label, passage.number, passage.heading, passage.section_id, replaced_by),
    ])
    buttons = []
    if passage.section_id is not None:
        buttons.append([Button(_("Read the whole section"),
                               BUTTONS.build("s", passage.section_id))])
    return Answer(text, True, more, "passage", buttons, passage.section_id, passage.plan_id)
