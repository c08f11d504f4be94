"""A unit's people as an admin pages through them: leaders first, then staff, each in
Vietnamese name order with the unnamed last (``UserRepo.unit_members`` gives that order), a
page at a time, with the counts of each role.

A page number comes from a button, so it may be stale (people left since) or forged: a page
past the last one is None, and the screen answers it with the stale reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.models import Role

PAGE_SIZE = 20
Person = tuple[int, str, Role]  # user id, name ("—" when unnamed), role


@dataclass(frozen=True)
class RosterPage:
    people: tuple[Person, ...]  # the people on this page
    number: int  # from 0
    pages: int  # at least 1, even for an empty unit
    first: int  # the position of the first person shown, from 1 (0 when nobody is shown)
    total: int
    leaders: int
    staff: int


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // size))


def roster_page(members: Sequence[Person], number: int,
                size: int = PAGE_SIZE) -> RosterPage | None:
    """Page ``number`` (from 0) of ``members``, or None when there is no such page."""
    pages = page_count(len(members), size)
    if not 0 <= number < pages:
        return None
    start = number * size
    shown = tuple(members[start:start + size])
    return RosterPage(
        people=shown, number=number, pages=pages, first=start + 1 if shown else 0,
        total=len(members), leaders=sum(1 for p in members if p[2] is Role.LEADER),
        staff=sum(1 for p in members if p[2] is Role.STAFF))


def page_of(members: Sequence[Person], user_id: int, size: int = PAGE_SIZE) -> int | None:
    """The page (from 0) a person is on, or None when they are not among ``members``."""
    for position, person in enumerate(members):
        if person[0] == user_id:
            return position // size
    return None


def nearest_page(members: Sequence[Person], number: int, size: int = PAGE_SIZE) -> int:
    """``number`` moved onto the pages there are, for a screen shown after a change (someone
    removed from the last page sends the admin to the page before)."""
    return min(max(number, 0), page_count(len(members), size) - 1)
