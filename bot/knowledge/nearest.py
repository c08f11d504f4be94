"""When nothing answers: the nearest section, named with a button to read it, and quoted when
it nearly answers and stands well clear of every other section. The reply is never
confident, so the question still goes to the office's list of unanswered questions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from bot.i18n import _
from bot.knowledge import fmt
from bot.knowledge.actions import BUTTONS
from bot.knowledge.hits import Hit
from bot.knowledge.index import Passage, SearchIndex
from bot.knowledge.pieces import Pieces
from bot.knowledge.reply import Answer, not_found
from bot.knowledge.slots import Analysis, KeyCover
from bot.knowledge.snippets import Snippet, focused
from bot.port import Button


class Near(NamedTuple):
    slots: float  # of the question's words (idf-weighted) it holds
    pairs: float  # of its word pairs
    margin: float  # its rank against the next section's


NEAR = Near(0.6, 0.25, 1.5)
NEAREST_MAX = 300  # the lines quoted beside "not found"


def near_enough(hit: Hit) -> bool:
    """Holds nearly enough of the question to be quoted, were it clear of the rest."""
    return hit.slots >= NEAR.slots and hit.pairs >= NEAR.pairs


def stands_clear(ranked: Sequence[Hit], passages: Sequence[Passage],
                 passes: Callable[[Hit], bool]) -> bool:
    """The best hit ranks ``NEAR.margin`` times above any other section's and ``passes`` the
    answer's checks with ``near_enough`` words."""
    top = ranked[0]
    other = next((h for h in ranked[1:]
                  if not one_section(passages[top.doc], passages[h.doc])), None)
    return (other is None or top.rank >= NEAR.margin * other.rank) and passes(top)


def one_section(a: Passage, b: Passage) -> bool:
    """Two passages of one section: an article and its clause ("10", "10.1") are one."""
    return a.plan_id == b.plan_id and (
        a.number == b.number or a.number.startswith(b.number + ".")
        or b.number.startswith(a.number + "."))


def nearest(index: SearchIndex, pieces: Pieces, label: str, analysis: Analysis, doc: int,
            snippet: Snippet | None, clear: bool) -> Answer:
    """Nothing answers: "not found", the nearest section named with a button to read it and,
    when it stands ``clear`` of the rest, its lines that hold the question best. Never
    confident: the question still goes to the office."""
    passage = index.passages[doc]
    if passage.section_id is None:
        return not_found()
    quote = None
    if clear:
        cover = KeyCover(analysis)
        lines = focused(pieces.quoted(doc, snippet), lambda keys, _text: sum(cover(keys)),
                        NEAREST_MAX)
        quote = fmt.quote(lines, NEAREST_MAX + 20)
    found = not_found(fmt.section_reference(label, passage.number, passage.heading), quote)
    found.buttons = [[Button(_("Read the whole section"),
                             BUTTONS.build("s", passage.section_id))]]
    return found
