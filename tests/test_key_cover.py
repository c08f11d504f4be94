"""``KeyCover`` (the ranking's fast path) gives exactly what ``coverage`` gives, including a
syllable held apart from the corpus word it belongs to (``APART_FACTOR``)."""

from __future__ import annotations

import itertools

from bot.knowledge.slots import APART_FACTOR, Analysis, KeyCover, Slot, coverage


def _analysis() -> Analysis:
    return Analysis(
        slots=[
            Slot("thi", ("thi",), 2.0, partners=("thi đua",)),
            Slot("đua", ("đua",), 1.5, partners=("thi đua",)),
            Slot("báo cáo", ("báo", "cáo"), 1.0, needs_all=True),
            Slot("hạn", ("hạn", "hạn chót"), 0.5),
            Slot("xyz", (), 0.7),  # an unknown word: weighs, never found
        ],
        bigrams=["thi|đua", "đua|báo"],
    )


KEYS = ["thi", "đua", "thi đua", "báo", "cáo", "hạn chót", "thi|đua", "đua|báo", "khác"]


def test_key_cover_equals_coverage_for_every_split_of_keys() -> None:
    analysis = _analysis()
    cover = KeyCover(analysis)
    for size in range(len(KEYS) + 1):
        for chosen in itertools.combinations(KEYS, size):
            own, around = set(chosen[::2]), frozenset(chosen[1::2])
            expected = coverage(analysis, own, around)
            assert cover(cover.keys & (own | around)) == expected, chosen


def test_syllables_held_apart_weigh_less() -> None:
    analysis = _analysis()
    cover = KeyCover(analysis)
    total = analysis.total_weight
    apart = cover(cover.keys & {"thi", "đua"})[0]
    together = cover(cover.keys & {"thi", "đua", "thi đua"})[0]
    assert apart == (3.5 * APART_FACTOR) / total
    assert together == 3.5 / total
    assert "thi đua" in cover.keys
