"""Benchmark of the campaign-knowledge answerer. Run: ``python bench/bench_knowledge.py``.

Prints, never asserts:
- accuracy on the evaluation set (tests/knowledge_eval/: the plans and five real legal
  documents, every question in seven variant kinds) per split (dev, held-out) and kind, the
  deadlines found, and a plain BM25 over the raw passage text for comparison;
- answer time p50/p95 with the five plans and with a corpus of 500 plans (variants of the real
  ones: renumbered years, other districts, reordered bullets, reworded phrases);
- index build time and memory (tracemalloc peak, ru_maxrss) for 500 plans.

Targets: p95 ≤ 20 ms (5 plans), ≤ 100 ms (500 plans), build ≤ 5 s.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import math
import random
import re
import resource
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_knowledge import deadline_report, load_kb, print_report  # noqa: E402

from bot.i18n import language  # noqa: E402
from bot.knowledge.evaluation import DEV, HELD_OUT, evaluate, load_questions  # noqa: E402
from bot.knowledge.importer import parse_text  # noqa: E402
from bot.knowledge.index import Passage  # noqa: E402
from bot.knowledge.service import KnowledgeBase, build_answerer  # noqa: E402
from bot.storage.db import Database  # noqa: E402

PLANS = ROOT / "data" / "plans"
TODAY = dt.date(2026, 11, 30)
DISTRICTS = ["Quận 3", "Quận 5", "Quận 7", "Quận 10", "Quận Gò Vấp", "Quận Tân Bình",
             "Quận Bình Thạnh", "Huyện Củ Chi", "Huyện Nhà Bè", "Quận Ba Đình", "Quận Đống Đa",
             "Quận Cầu Giấy", "Huyện Gia Lâm", "Quận Long Biên", "Thành phố Thủ Đức"]
PROVINCES = ["Bình Dương", "Đồng Nai", "Long An", "Tây Ninh", "Lâm Đồng", "Đắk Lắk"]
REWORDS = [("triển khai", "tổ chức triển khai"), ("đẩy mạnh", "tăng cường"),
           ("hiệu quả", "có hiệu quả"), ("tuyên truyền", "tuyên truyền, phổ biến")]


class PlainBM25:
    """Baseline: BM25 over lower-cased raw words, answers with the top passage, always."""

    def __init__(self, passages: list[Passage]) -> None:
        self.passages = passages
        self.docs = [Counter(self._words(p.heading_path + " " + p.text)) for p in passages]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = sum(self.lengths) / max(len(self.docs), 1)
        df: Counter[str] = Counter()
        for d in self.docs:
            df.update(d.keys())
        n = len(self.docs)
        self.idf = {w: math.log(1 + (n - c + 0.5) / (c + 0.5)) for w, c in df.items()}

    @staticmethod
    def _words(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    def answer(self, question: str) -> tuple[str, bool]:
        words = self._words(question)
        best, best_score = -1, 0.0
        for i, doc in enumerate(self.docs):
            norm = 1.2 * (0.25 + 0.75 * self.lengths[i] / self.avg)
            score = sum(self.idf.get(w, 0.0) * doc[w] * 2.2 / (doc[w] + norm)
                        for w in words if w in doc)
            if score > best_score:
                best, best_score = i, score
        if best < 0:
            return "", False
        return self.passages[best].text, True


def variant(text: str, i: int, rng: random.Random) -> str:
    """A plausible other plan: another year, another district or province, some rewording."""
    shift = 1 + i % 6
    text = re.sub(r"\b(20[12]\d)\b", lambda m: str(int(m.group(1)) + shift), text)
    text = re.sub(r"Quận 1\b|Quận 11\b|quận Thanh Xuân", DISTRICTS[i % len(DISTRICTS)], text)
    text = text.replace("Bình Phước", PROVINCES[i % len(PROVINCES)])
    for old, new in rng.sample(REWORDS, 2):
        text = text.replace(old, new)
    lines = text.split("\n")
    bullets = [k for k, line in enumerate(lines) if line.startswith("- ")]
    for a, b in zip(bullets[::2], bullets[1::2], strict=False):
        if rng.random() < 0.3:
            lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def time_answers(kb: KnowledgeBase, questions: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for q in questions:
            t0 = time.perf_counter()
            kb.answer(q, today=TODAY)
            times.append((time.perf_counter() - t0) * 1000)
    return times


async def accuracy() -> KnowledgeBase:
    """Per split and variant kind, on the plans and the real documents beside them; the plain
    BM25 baseline on the same questions for comparison (base wording only)."""
    kb, _db = await load_kb()

    def ours(q: str) -> tuple[str, bool]:
        a = kb.answer(q, today=TODAY)
        return a.text, a.confident

    with language("vi"):
        report = evaluate(ours, load_questions())
    print("accuracy (a right answer: confident and holding every fact; unanswerable: not "
          "confident)")
    print_report(report)
    deadline_report()
    baseline = PlainBM25(kb.answerer.index.passages)
    plain = evaluate(baseline.answer, load_questions(), ("base",))
    print(f"plain BM25 on the same base questions: dev {plain.tally(DEV).accuracy:.1%}, "
          f"held-out {plain.tally(HELD_OUT).accuracy:.1%}, confident on unanswerable "
          f"{len(plain.confident_unanswerable)}")
    return kb


async def many_plans(n: int, questions: list[str]) -> None:
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(PLANS.glob("0*.txt"))]
    rng = random.Random(7)
    t0 = time.perf_counter()
    parsed = [parse_text(variant(texts[i % len(texts)][1], i, rng) if i >= len(texts)
                         else texts[i][1], f"{i:03d}_{texts[i % len(texts)][0]}")
              for i in range(n)]
    parse_s = time.perf_counter() - t0
    db = await Database.open(":memory:")
    kb = KnowledgeBase(db)
    t0 = time.perf_counter()
    for i, plan in enumerate(parsed):
        await kb.repo.save_plan(plan, f"sha{i}", None, None)
    store_s = time.perf_counter() - t0
    rows = (await kb.repo.plans(), await kb.repo.campaigns(), await kb.repo.sections(),
            await kb.repo.deadlines())
    t0 = time.perf_counter()
    await kb.reload()
    reload_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    build_answerer(*rows)
    build_s = time.perf_counter() - t0
    times = time_answers(kb, questions, 3)
    index = kb.answerer.index
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kb.answerer = build_answerer([], [], [], [])
    gc.collect()
    tracemalloc.start()
    answerer = build_answerer(*rows)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\n{n} plans: {len(index)} passages, {len(index.postings):,} index keys, "
          f"{sum(len(p[0]) for p in index.postings.values()):,} postings")
    print(f"  parse {parse_s:.2f} s, store in SQLite {store_s:.2f} s")
    print(f"  index build {build_s:.2f} s (with loading from SQLite {reload_s:.2f} s)"
          "   target ≤ 5 s")
    print(f"  answer time p50 {statistics.median(times):.1f} ms, "
          f"p95 {percentile(times, 0.95):.1f} ms   target p95 ≤ 100 ms")
    print(f"  memory: index holds {held / 2**20:.0f} MiB (tracemalloc), peak while building "
          f"{peak / 2**20:.0f} MiB; process ru_maxrss {rss:.0f} MiB (includes the 500 parsed "
          "plans and SQLite)")
    del answerer
    await db.close()
    await bot_process_memory(parsed)


_MEASURE = """
import asyncio, sys
from bot.knowledge.service import KnowledgeBase
from bot.storage.db import Database
import datetime as dt
async def main():
    db = await Database.open(sys.argv[1])
    kb = await KnowledgeBase.load(db)
    kb.answer("hạn nộp báo cáo sơ kết là khi nào?", today=dt.date(2026, 11, 22))
    status = open("/proc/self/status").read()  # VmHWM: peak resident set of this process
    print(int(status.split("VmHWM:")[1].split()[0]) / 1024)
    await db.close()
asyncio.run(main())
"""


async def bot_process_memory(parsed: list) -> None:
    """Peak resident memory of a fresh process that loads the plans as the bot does (from a
    database file) and answers: what the bot itself would hold. (Linux keeps ru_maxrss across
    fork and exec, so the child reads its own VmHWM instead.)"""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plans.sqlite3"
        db = await Database.open(path)
        kb = KnowledgeBase(db)
        for i, plan in enumerate(parsed):
            await kb.repo.save_plan(plan, f"sha{i}", None, None)
        await db.close()
        out = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True,
                             text=True, cwd=Path(__file__).resolve().parent.parent, check=True)
    print(f"  a fresh process loading {len(parsed)} plans from SQLite and answering: "
          f"peak resident {float(out.stdout.strip()):.0f} MiB   target ≤ 200 MB")


async def main() -> None:
    questions = [i.question for i in load_questions()]
    kb = await accuracy()
    times = time_answers(kb, questions, 3)
    print(f"\n{len(kb.answerer.titles)} documents (the plans and the real documents): answer "
          f"time p50 {statistics.median(times):.2f} ms, p95 {percentile(times, 0.95):.2f} ms"
          "   target p95 ≤ 20 ms")
    await kb.db.close()
    await many_plans(500, questions)


if __name__ == "__main__":
    asyncio.run(main())
