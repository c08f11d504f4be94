"""Domain records shared across the core. Repositories return these; channels never see SQL."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DeliverTo(StrEnum):
    """Where messages the bot sends on its own reach a person, as ``users.deliver_to`` saves it."""

    LAST = "last"  # the app they used last (the default)
    ALL = "all"  # every linked app


class Role(StrEnum):
    STAFF = "staff"  # giáo viên, nhân viên
    LEADER = "leader"  # hiệu trưởng, phó hiệu trưởng: answers for the unit
    ADMIN = "admin"  # chuyên viên of the office


class UnitType(StrEnum):
    MN = "MN"
    TH = "TH"
    THCS = "THCS"
    THPT = "THPT"
    DVTT = "ĐVTT"


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    type: UnitType
    staff_join_code: str = ""
    leader_join_code: str = ""
    active: bool = True


@dataclass(frozen=True)
class User:
    """A person, with their unit and role resolved. ``is_admin`` comes from the config."""

    id: int
    full_name: str | None
    language: str
    unit: Unit | None = None
    role: Role | None = None  # staff or leader of ``unit``; None before joining
    is_admin: bool = False
    active: bool = True
    onboarded: bool = False

    @property
    def roles(self) -> frozenset[Role]:
        found = {self.role} if self.role else set()
        if self.is_admin:
            found.add(Role.ADMIN)
        return frozenset(found)

    def can(self, role: Role) -> bool:
        """Whether the user holds ``role``; an admin may do what a leader or staff may not."""
        return role in self.roles

    @property
    def unit_id(self) -> str | None:
        return self.unit.id if self.unit else None
