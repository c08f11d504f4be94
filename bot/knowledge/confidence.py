"""When a passage answers: most of the question's words (idf-weighted) and, with them, enough
of its word pairs; the words that ask something, beyond those naming the document."""

from __future__ import annotations

# Calibrated on the evaluation set's dev split (see bench/eval_knowledge.py).
SLOT_MIN = 0.7
PAIR_MIN = 0.34
CONFIDENCE_MIN = 1.05  # slots + PAIR_FACTOR * pairs
PAIR_FACTOR = 0.5
ASK_MIN = 0.6  # the asking words (not naming the document) a piece must hold
MISSING_MAX = 0.25  # no single question word weighing more than this may be absent


def is_confident(slots: float, pairs: float) -> bool:
    """Most of the question's words (idf-weighted) and enough of its word pairs."""
    return (slots >= SLOT_MIN and pairs >= PAIR_MIN
            and slots + PAIR_FACTOR * pairs >= CONFIDENCE_MIN)
