"""Who a deadline reminds, and whether a unit or person has already done what is due.

A deadline's ``audience`` is stored as text: ``leaders`` (the default: every unit's leaders),
``staff``, ``all`` (leaders and staff) or ``admins`` (the office itself), optionally narrowed to
unit types after a colon: ``leaders:TH`` (primary schools' leaders), ``leaders:MN,TH``.

Who is not reminded: when the deadline names a report type, a leader whose **unit** has sent
that report for the occurrence's period (the year it falls due), and a staff member who has sent
it **themselves**. A submission the office returned for changes does not count as sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.i18n import N_, _
from bot.models import Role, UnitType, User

WHO = ("leaders", "staff", "all", "admins")
UNIT_TYPES = tuple(t.value for t in UnitType)
_WHO_NAMES = {
    "leaders": N_("leaders of every unit"),
    "staff": N_("staff of every unit"),
    "all": N_("everyone in every unit"),
    "admins": N_("the office admins"),
}
_WHO_TYPED = {
    "leaders": N_("leaders of {types} units"),
    "staff": N_("staff of {types} units"),
    "all": N_("everyone in {types} units"),
}


@dataclass(frozen=True)
class Audience:
    who: str = "leaders"
    unit_types: tuple[str, ...] = ()  # empty: every type

    @classmethod
    def parse(cls, text: str | None) -> Audience:
        """Read a stored audience; anything unknown means the default, every unit's leaders."""
        who, _sep, types = (text or "").strip().partition(":")
        who = who.strip().lower()
        if who not in WHO:
            return cls()
        found = tuple(t for t in (x.strip().upper() for x in types.split(",")) if t)
        found = tuple(t.replace("DVTT", "ĐVTT") for t in found)
        if who == "admins" or any(t not in UNIT_TYPES for t in found):
            found = ()
        return cls(who, found)

    def encode(self) -> str:
        return self.who + (":" + ",".join(self.unit_types) if self.unit_types else "")

    @property
    def roles(self) -> tuple[Role, ...]:
        return {"leaders": (Role.LEADER,), "staff": (Role.STAFF,),
                "all": (Role.LEADER, Role.STAFF)}.get(self.who, ())

    @property
    def units(self) -> bool:
        """Whether it is about units (everything but the office's own deadlines)."""
        return self.who != "admins"

    def includes(self, user: User) -> bool:
        """Whether ``user`` is someone this audience reminds."""
        if self.who == "admins":
            return user.is_admin
        if user.unit is None or user.role not in self.roles:
            return False
        return not self.unit_types or user.unit.type.value in self.unit_types

    def describe(self) -> str:
        if self.unit_types and self.who in _WHO_TYPED:
            return _(_WHO_TYPED[self.who]).format(types=", ".join(self.unit_types))
        return _(_WHO_NAMES[self.who])


def audience_choices(unit_types: Iterable[str] = UNIT_TYPES) -> list[Audience]:
    """What an admin can pick from, in the order shown: the types the office has units of."""
    present = [t for t in UNIT_TYPES if t in set(unit_types)]
    return [Audience("leaders"), *(Audience("leaders", (t,)) for t in present),
            Audience("staff"), Audience("all"), Audience("admins")]


@dataclass(frozen=True)
class Recipient:
    user_id: int
    unit_id: str | None
    role: Role | None


@dataclass
class Progress:
    """Who has sent the report for one occurrence: units (with on-time) and people."""

    units: dict[str, bool]  # unit id → sent on time (any on-time version counts)
    people: set[int]

    def done(self, r: Recipient) -> bool:
        if r.role is Role.STAFF:
            return r.user_id in self.people
        return r.unit_id is not None and r.unit_id in self.units
