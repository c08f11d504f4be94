"""A piece of a passage as ranked for a question."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.ranking import Features
from bot.knowledge.snippets import Snippet


@dataclass(frozen=True)
class Hit:
    doc: int
    rank: float
    slots: float
    pairs: float
    snippet: Snippet | None = None
    features: Features | None = None  # what its rank was made of (ranking.py)
