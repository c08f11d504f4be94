"""Button actions of the report flow: ``rp:<verb>:<arg>…``, at most 64 bytes.

Actions come back from the channel untrusted: ``parse`` only splits them; the service checks
role, ownership and state before acting on any of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

PREFIX = "rp"
MAX_BYTES = 64
_ARG = re.compile(r"[a-z0-9_]{1,24}")


class Verb(StrEnum):
    NEW = "new"  # rp:new:<type>            start a type
    TYPES = "types"  # rp:types             list the types I may send
    CONTINUE = "cont"  # rp:cont:<draft>    continue the unfinished draft
    DISCARD = "disc"  # rp:disc:<draft>     discard it
    CHOICE = "c"  # rp:c:<draft>:<field>:<option>
    YES_NO = "yn"  # rp:yn:<draft>:<field>:1|0
    BACK = "bk"  # rp:bk:<draft>
    SKIP = "sk"  # rp:sk:<draft>:<field>
    DONE = "dn"  # rp:dn:<draft>:<field>    no more files for this field
    CLEAR = "clr"  # rp:clr:<draft>:<field> remove the files sent to this field
    EDIT = "ed"  # rp:ed:<draft>:<field>    change one field from the summary
    CONFIRM = "ok"  # rp:ok:<draft>
    CANCEL = "x"  # rp:x:<draft>            leave the flow, keep the draft
    MINE = "my"  # rp:my                    my submissions
    UNIT = "un"  # rp:un                    my unit's submissions (leaders)
    VIEW = "v"  # rp:v:<submission>         one submission in full
    FILE = "f"  # rp:f:<file>               a submission's file
    REVISE = "rev"  # rp:rev:<submission>   a new version starting from a sent one
    PERIOD = "per"  # rp:per:<type>:<year>  start a type for that period


@dataclass(frozen=True)
class Action:
    verb: Verb
    args: tuple[str, ...]

    def number(self, i: int = 0) -> int | None:
        """Argument ``i`` as a row id, or None."""
        if i < len(self.args) and self.args[i].isdigit() and len(self.args[i]) <= 12:
            return int(self.args[i])
        return None

    def arg(self, i: int) -> str | None:
        return self.args[i] if i < len(self.args) else None


def build(verb: Verb, *args: object) -> str:
    action = ":".join([PREFIX, verb.value, *(str(a) for a in args)])
    if len(action.encode()) > MAX_BYTES:
        raise ValueError(f"action longer than {MAX_BYTES} bytes: {action!r}")
    return action


def parse(action: str) -> Action | None:
    """The action's verb and arguments, or None when it is not a well-formed report action."""
    if len(action.encode()) > MAX_BYTES:
        return None
    parts = action.split(":")
    if len(parts) < 2 or parts[0] != PREFIX or len(parts) > 5:
        return None
    try:
        verb = Verb(parts[1])
    except ValueError:
        return None
    if not all(_ARG.fullmatch(p) for p in parts[2:]):
        return None
    return Action(verb, tuple(parts[2:]))
