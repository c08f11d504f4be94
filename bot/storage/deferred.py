"""Writes an update keeps for the one transaction that ends it: the conversation's new state,
the notices it queues, its logs, written with the dedupe in one round trip.

``Database.deferring()`` opens the keeping for the update being handled (a context variable,
so concurrent updates keep apart); ``write_soon`` keeps a write nothing in the update reads
back; a transaction begun meanwhile writes what was kept first, so it sees it.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from bot.storage.common import Params


class Deferred:
    """Writes an update keeps for the one transaction that ends it (``Database.deferring``),
    with what its repositories need to read their own deferred writes back (``notes``)."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, Params]] = []
        self.notes: dict[Any, Any] = {}
        self.open = True

    def take(self) -> list[tuple[str, Params]]:
        taken, self.statements = self.statements, []
        return taken


_deferred: ContextVar[Deferred | None] = ContextVar("deferred_writes", default=None)


def current_deferred() -> Deferred | None:
    """The deferred writes of the update being handled, if one is."""
    found = _deferred.get()
    return found if found is not None and found.open else None


class DeferredWrites:
    """The deferred-write half of ``Database``."""

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int: ...

    @abstractmethod
    async def batch(self, statements: Sequence[tuple[str, Params]]) -> None: ...

    def in_transaction(self) -> bool:
        """Whether the current task holds a transaction."""
        return False

    @contextmanager
    def deferring(self) -> Iterator[Deferred]:
        """While handling one update: what a repository ``defer``s is kept, to be written with
        the writes that end the update (one transaction, one round trip). A transaction begun
        meanwhile writes the kept statements first, so it sees them."""
        deferred = Deferred()
        token = _deferred.set(deferred)
        try:
            yield deferred
        finally:
            deferred.open = False  # a task started meanwhile writes at once from now on
            _deferred.reset(token)

    def deferred(self) -> Deferred | None:
        """The current update's deferred writes, when a write may join them: not inside a
        transaction, which must hold its own writes."""
        found = current_deferred()
        return None if found is None or self.in_transaction() else found

    async def write_soon(self, sql: str, params: Params = ()) -> None:
        """A write nothing in the update being handled reads back (a log, a note for a later
        update): with the writes that end the update when one is handled, else at once."""
        deferred = self.deferred()
        if deferred is None:
            await self.execute(sql, params)
        else:
            deferred.statements.append((sql, params))

    async def write_deferred(self) -> None:
        """Write what was deferred so far (before a read that must see it)."""
        found = _deferred.get()
        if found is not None and found.statements:
            await self.batch(found.take())

    async def _deferred_into_transaction(self) -> None:
        found = _deferred.get()
        if found is not None:
            for sql, params in found.take():
                await self.execute(sql, params)
