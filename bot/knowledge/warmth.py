"""What the ranking reads of every piece whatever the question, read before the first question
that reaches it: the pieces of each passage (cut, folded, split into words), what the passage
is about, whether each piece holds a number and its single-word keys. Each is remembered by the
function that computes it, so a warmed answerer gives the same answers, sooner.

A worker process (``pool_worker``) warms everything before it answers anyone; the bot's own
process, when it answers itself (``[knowledge] processes = 0``), a few passages at a time
between other work (``warm_slowly``).
"""

from __future__ import annotations

import asyncio

from bot.knowledge.compounds import single_words
from bot.knowledge.facts import holds_kind
from bot.knowledge.kinds import NUMBER
from bot.knowledge.pieces import CACHE, Pieces
from bot.knowledge.textnorm import fold, folded_words_of

SLICE = 20  # passages warmed between two turns of the event loop (a few milliseconds)


def warm_passage(pieces: Pieces, doc: int) -> None:
    found, _head = pieces.of(doc)
    pieces.subject(doc)
    for piece in found:
        fold(piece.text)
        folded_words_of(piece.text)
        holds_kind(piece.text, NUMBER)
        single_words(piece.keys)


def passages(pieces: Pieces) -> range:
    """The passages warmed: as many as ``pieces`` keeps."""
    return range(min(len(pieces.index), CACHE))


def warm(pieces: Pieces) -> None:
    for doc in passages(pieces):
        warm_passage(pieces, doc)


async def warm_slowly(pieces: Pieces) -> None:
    """``warm``, ``SLICE`` passages at a time, letting the event loop run in between."""
    for doc in passages(pieces):
        warm_passage(pieces, doc)
        if doc % SLICE == SLICE - 1:
            await asyncio.sleep(0)
