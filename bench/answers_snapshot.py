"""The knowledge answerer's answers to every evaluation question, for checking that a change
meant to be faster changes no answer.

Run: ``python bench/answers_snapshot.py OUT.jsonl`` writes one line per question (every variant
kind, page 0, and page 1 where the first page offers more) and prints a digest and the time
per answer; ``--compare OLD.jsonl`` lists the questions whose answer differs.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_knowledge import TODAY, load_kb  # noqa: E402

from bot.i18n import language  # noqa: E402
from bot.knowledge import KnowledgeBase  # noqa: E402
from bot.knowledge.evaluation import load_questions  # noqa: E402
from bot.knowledge.reply import Answer  # noqa: E402
from bot.knowledge.variants import variants  # noqa: E402


def questions() -> list[str]:
    out: list[str] = []
    for item in load_questions():
        out += variants(item.question, item.english, item.id).values()
    return out


def record(answer: Answer) -> dict[str, object]:
    return {"text": answer.text, "confident": answer.confident, "more": answer.has_more,
            "kind": answer.kind, "section": answer.section_id, "plan": answer.plan_id,
            "buttons": [[(b.label, b.action, b.command) for b in row] for row in answer.buttons]}


def snapshot(kb: KnowledgeBase, asked: list[str]) -> tuple[list[str], float]:
    lines = []
    spent = 0.0
    with language("vi"):
        for q in asked:
            t0 = time.perf_counter()
            first = kb.answer(q, today=TODAY)
            second = kb.answer(q, today=TODAY, offset=1) if first.has_more else None
            spent += time.perf_counter() - t0
            lines.append(json.dumps({"q": q, "a": record(first),
                                     "more": record(second) if second else None},
                                    ensure_ascii=False, sort_keys=True))
    return lines, spent


def digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    kb, db = await load_kb()
    try:
        asked = questions()
        lines, spent = snapshot(kb, asked)
    finally:
        await db.close()
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(asked)} questions, {spent / len(asked) * 1000:.2f} ms a question (with the "
          f"second page where there is one), digest {digest(lines)}")
    if args.compare:
        old = args.compare.read_text(encoding="utf-8").splitlines()
        changed = [json.loads(a)["q"] for a, b in zip(old, lines, strict=False) if a != b]
        if len(old) != len(lines):
            print(f"{len(old)} lines before, {len(lines)} now")
        print(f"{len(changed)} answers differ")
        for q in changed[:20]:
            print("  ", q)
        if changed or len(old) != len(lines):
            sys.exit(1)


if __name__ == "__main__":
    asyncio.run(main())
