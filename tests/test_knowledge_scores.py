"""The ranking's BM25 in arrays (``scores.py``) gives exactly what the dict of
``SearchIndex.score`` gives: the same floats, and the same best passages in the same order,
ties included."""

from __future__ import annotations

import heapq
import random
from operator import itemgetter

from bot.knowledge.index import FOLDED, HEADING, Passage, SearchIndex

TEXT = ("thi đua khen thưởng báo cáo sơ kết tổng kết hồ sơ giáo viên học sinh hạn nộp "
        "trường phòng giáo dục kế hoạch năm học danh hiệu lao động tiên tiến")
WORDS = TEXT.split()


def _corpus(rng: random.Random) -> SearchIndex:
    passages = []
    for i in range(120):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40)))
        if i % 7 == 0 and passages:  # the same text in another plan: equal scores
            text = passages[-1].text
        heading = " ".join(rng.sample(WORDS, 3))
        passages.append(Passage(1 + i % 5, i, str(i), heading, heading, text))
    return SearchIndex.build(passages)


def _keys(rng: random.Random) -> list[tuple[str, float]]:
    keys: list[str] = []
    for _ in range(rng.randint(1, 8)):
        a, b = rng.sample(WORDS, 2)
        keys.append(rng.choice([a, FOLDED + a, f"{a} {b}", f"{FOLDED}{a} {b}", "không có"]))
    return [(k, 1.0) for k in keys] + [(HEADING + k, 1.0) for k in keys]


def test_scores_and_best_passages_are_those_of_the_dict() -> None:
    rng = random.Random(15)
    index = _corpus(rng)
    plan_of = [p.plan_id for p in index.passages]
    for _ in range(300):
        keys = _keys(rng)
        expected = index.score(keys)
        scores = index.score_all(keys)
        assert {d: scores.get(d, -1.0) for d in expected} == expected
        assert all(scores.get(d, -1.0) == -1.0 for d in range(len(index)) if d not in expected)

        scope = frozenset(rng.sample(range(1, 6), rng.randint(1, 5)))
        plan_scores = {p: rng.choice([0.5, 1.25, 3.0]) for p in rng.sample(range(1, 8), 3)}
        wanted = {d: v for d, v in expected.items() if plan_of[d] in scope}
        for d in wanted:
            wanted[d] += 0.3 * plan_scores.get(plan_of[d], 0.0)
        scores.keep_plans(scope)
        scores.add_per_plan(0.3, plan_scores)
        for n in (1, 5, 30, 200):
            assert scores.top(n) == heapq.nlargest(n, wanted.items(), key=itemgetter(1))


def test_no_key_found_scores_nothing() -> None:
    index = _corpus(random.Random(1))
    assert index.score_all([("chưa từng có", 1.0)]).top(30) == []
    assert index.score_all([]).top(30) == []
    assert SearchIndex.build([]).score_all([("thi", 1.0)]).top(30) == []
