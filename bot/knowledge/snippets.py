"""The pieces of a passage an answer can quote: a line, a sentence of a long line, a lead-in
with its list ("Hồ sơ gồm:" and its items), or two short lines together.

An answer quotes the piece that holds the question best and the kind of fact it asks for,
not a whole section; the section stays one tap away.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.knowledge.index import passage_keys
from bot.knowledge.textnorm import tokens

SHOW_MAX = 600  # about a phone screen
_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\"“(\-–+])")
_ITEM = re.compile(r"^\s*(?:[-–+•]|[a-zđ]\)|\d{1,2}[.)]\s|[IVX]{1,4}\.\s)")
LONG_LINE = 320
PAIR_MAX = 260
WHOLE_MAX = 900  # a short section is also a piece of its own, whole


@dataclass(frozen=True)
class Snippet:
    text: str
    keys: frozenset[str]

    @property
    def items(self) -> int:
        """How many list items it holds."""
        return sum(1 for line in self.text.split("\n") if _ITEM.match(line))


def snippets(text: str) -> list[Snippet]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    pieces: list[str] = []
    for i, line in enumerate(lines):
        pieces.append(line)
        if len(line) > LONG_LINE:
            pieces += [s for s in _SENTENCE.split(line) if len(s) >= 20]
        if line.endswith(":") and i + 1 < len(lines):
            pieces.append(_block(lines, i))
        elif i + 1 < len(lines) and _pairs(line, lines[i + 1]):
            pieces.append(line + "\n" + lines[i + 1])
    if len(lines) > 1 and len(text) <= WHOLE_MAX:
        pieces.append("\n".join(lines))
    seen: set[str] = set()
    out = []
    for piece in pieces:
        if piece not in seen:
            seen.add(piece)
            out.append(Snippet(piece, frozenset(passage_keys(tokens(piece)))))
    return out


def _pairs(line: str, after: str) -> bool:
    """Two short lines read together, unless the second leads in a list of its own: "chậm từ
    05 ngày" and "Trừ 10 điểm trong các trường hợp sau:" are not one fact."""
    return len(line) + len(after) <= 2 * PAIR_MAX and not after.endswith(":")


def _block(lines: list[str], start: int) -> str:
    """A lead-in line and the list items under it, up to about a screen or the next lead-in
    ("- Trừ 10 điểm trong các trường hợp sau:" begins a list of its own)."""
    taken = [lines[start]]
    size = len(lines[start])
    for line in lines[start + 1:]:
        if size + len(line) > SHOW_MAX * 2 or (len(taken) > 1 and not _ITEM.match(line)) or (
                len(taken) > 1 and line.endswith(":")):
            break
        taken.append(line)
        size += len(line)
    return "\n".join(taken)


def shown(text: str, limit: int = SHOW_MAX) -> str:
    """The snippet as shown: whole when it fits, else cut at a line or word boundary."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    newline = cut.rfind("\n")
    if newline > limit // 2:
        return cut[:newline] + "\n…"
    return cut.rsplit(" ", 1)[0].rstrip(",;:-–") + "…"


def focused(text: str, score: Callable[[frozenset[str], str], float], limit: int = SHOW_MAX
            ) -> str:
    """A quote too long for a screen, cut to the run of whole lines that holds the question
    best (``score`` of the lines' keys and text), the earliest of equals; "…" marks what is
    left out above. A line too long for a screen on its own is taken as its sentences and
    clauses, so a fact at the end of a long paragraph is not cut off. Short enough, or with no
    run scoring better than the first, it is cut as ``shown`` cuts it."""
    if len(text) <= limit:
        return shown(text, limit)
    units = _units(text, limit)
    if len(units) < 2:
        return shown(text, limit)
    keys = [frozenset(passage_keys(tokens(unit))) for _sep, unit in units]
    best, best_start = score(*_fitting(keys, units, 0, limit)), 0
    for start in range(1, len(units)):
        value = score(*_fitting(keys, units, start, limit))
        if value > best + 1e-9:
            best, best_start = value, start
    if best_start == 0:
        return shown(text, limit)
    return "…" + _joined(units, best_start, limit)


_CLAUSE = re.compile(r"(?<=[.;])\s+")


def _units(text: str, limit: int) -> list[tuple[str, str]]:
    """The lines of a text, each with the separator before it; a line longer than ``limit``
    split into its sentences and clauses (separated by a space)."""
    out: list[tuple[str, str]] = []
    for line in text.split("\n"):
        parts = _CLAUSE.split(line) if len(line) > limit else [line]
        for j, part in enumerate(parts):
            out.append((" " if j else "\n", part))
    return out


def _joined(units: list[tuple[str, str]], start: int, limit: int) -> str:
    """The units from ``start`` as written, cut to ``limit`` as ``shown`` cuts."""
    sep, first = units[start]
    body = first + "".join(s + u for s, u in units[start + 1:])
    return sep + shown(body, limit)


def _fitting(keys: list[frozenset[str]], units: list[tuple[str, str]], start: int, limit: int
             ) -> tuple[frozenset[str], str]:
    """The keys and text of the units from ``start`` that fit ``limit``."""
    held: frozenset[str] = keys[start]
    text = [units[start][1]]
    size = len(text[0])
    for (sep, unit), own in zip(units[start + 1:], keys[start + 1:], strict=True):
        size += len(unit) + 1
        if size > limit:
            break
        held |= own
        text += [sep, unit]
    return held, "".join(text)


def widen(piece: str, passage: str, limit: int = SHOW_MAX) -> str:
    """The piece with the lines that follow it in its passage, while they fit a screen: the
    fact asked for is often on the next line ("… như sau:" and its items)."""
    if len(passage) <= limit:
        return passage
    lines = [line.strip() for line in passage.split("\n") if line.strip()]
    first = piece.split("\n")[0]
    if first not in lines:
        return piece
    start = lines.index(first)
    taken = piece.count("\n") + 1
    out = lines[start:start + taken]
    size = sum(len(line) for line in out)
    for line in lines[start + taken:]:
        if size + len(line) > limit:
            break
        out.append(line)
        size += len(line)
    while len(out) > taken and out[-1].endswith(":"):  # a lead-in without its list says nothing
        out.pop()
    return "\n".join(out)


def with_lead_in(piece: str, passage: str) -> str:
    """A piece that starts with a list item, under the lead-in line of its list ("Trừ 10 điểm
    trong các trường hợp sau:"), "…" marking the items between; the piece alone when it is
    not an item, or its list has no lead-in in the passage."""
    first = piece.split("\n")[0].strip()
    lines = [line.strip() for line in passage.split("\n") if line.strip()]
    if not _ITEM.match(first) or first not in lines:
        return piece
    at = lines.index(first)
    for i in range(at - 1, -1, -1):
        if lines[i].endswith(":"):
            return "\n".join([lines[i], *(["…"] if i < at - 1 else []), piece])
        if not _ITEM.match(lines[i]):
            break
    return piece


def is_item(line: str) -> bool:
    """A line that is an item of a list ("a) …", "- …", "2. …")."""
    return bool(_ITEM.match(line))


ITEM_MIN = 60  # an item shortened to less than this says too little


def condensed(text: str, limit: int = SHOW_MAX) -> str | None:
    """A list too long for a screen with each item cut to its share of it, so that every item
    is seen ("a) Việc khen thưởng phục vụ nhiệm vụ chính trị…"); None when it is not such a
    list, or its items are too many to show that way."""
    lines = [line for line in text.split("\n") if line.strip()]
    items = [i for i, line in enumerate(lines) if _ITEM.match(line)]
    if len(text) <= limit or len(items) < 3:
        return None
    rest = sum(len(line) + 1 for i, line in enumerate(lines) if i not in items)
    share = (limit - rest) // len(items) - 1
    if share < ITEM_MIN:
        return None
    return "\n".join(shown(line, share) if i in items else line for i, line in enumerate(lines))
