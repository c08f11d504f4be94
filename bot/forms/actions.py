"""Button actions of the report flow: the ``rp`` codec, and its verbs as an enum.

Actions come back from the channel untrusted: the codec (``bot.callbacks``) checks their shape;
the service checks role, ownership and state before acting on any of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import INT, KEY, MAX_BYTES, WORD, Codec, Press, choice

__all__ = ["MAX_BYTES", "REPORT", "Action", "Verb", "build", "parse"]


class Verb(StrEnum):
    NEW = "new"  # new:<type>            start a type
    TYPES = "types"  # types             list the types I may send
    CONTINUE = "cont"  # cont:<draft>    continue the unfinished draft
    DISCARD = "disc"  # disc:<draft>     discard it
    CHOICE = "c"  # c:<draft>:<field>:<option>
    YES_NO = "yn"  # yn:<draft>:<field>:1|0
    BACK = "bk"  # bk:<draft>
    SKIP = "sk"  # sk:<draft>:<field>
    DONE = "dn"  # dn:<draft>:<field>    no more files for this field
    CLEAR = "clr"  # clr:<draft>:<field> remove the files sent to this field
    EDIT = "ed"  # ed:<draft>:<field>    change one field from the summary
    CONFIRM = "ok"  # ok:<draft>
    CANCEL = "x"  # x:<draft>            leave the flow, keep the draft
    MINE = "my"  # my                    my submissions
    UNIT = "un"  # un                    my unit's submissions (leaders)
    VIEW = "v"  # v:<submission>         one submission in full
    FILE = "f"  # f:<file>               a submission's file
    REVISE = "rev"  # rev:<submission>   a new version starting from a sent one
    PERIOD = "per"  # per:<type>:<year>  start a type for that period


_ROW = (INT,)  # a draft, a submission or a file
_FIELD = (INT, WORD)  # a draft and one of its fields
REPORT = Codec("rp", 1, {
    Verb.NEW: (WORD,), Verb.TYPES: (), Verb.CONTINUE: _ROW, Verb.DISCARD: _ROW,
    Verb.CHOICE: (*_FIELD, WORD), Verb.YES_NO: (*_FIELD, choice("1", "0")),
    Verb.BACK: _ROW, Verb.SKIP: _FIELD, Verb.DONE: _FIELD, Verb.CLEAR: _FIELD,
    Verb.EDIT: _FIELD, Verb.CONFIRM: _ROW, Verb.CANCEL: _ROW, Verb.MINE: (), Verb.UNIT: (),
    Verb.VIEW: _ROW, Verb.FILE: _ROW, Verb.REVISE: _ROW, Verb.PERIOD: (WORD, KEY),
})


@dataclass(frozen=True)
class Action:
    """A checked press of a report button, with its verb as a ``Verb``."""

    verb: Verb
    press: Press

    @classmethod
    def of(cls, press: Press) -> Action:
        return cls(Verb(press.verb), press)

    def number(self, i: int = 0) -> int | None:
        """Argument ``i`` as a row id, or None."""
        return self.press.number(i)

    def arg(self, i: int) -> str | None:
        value = self.press.values[i] if i < len(self.press.values) else None
        return None if value is None else str(value)


def build(verb: Verb, *args: object) -> str:
    return REPORT.build(verb, *args)


def parse(action: str) -> Action | None:
    """The action's verb and arguments, or None when it is not a well-formed report action."""
    press = REPORT.parse(action)
    return None if press is None else Action.of(press)
