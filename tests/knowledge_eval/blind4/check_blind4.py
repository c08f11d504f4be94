"""Validate blind set 4: JSON shape, facts copied from the documents, unique ids, deadline gold.

Run from the repository root: ``python tests/knowledge_eval/blind4/check_blind4.py``.
Also checks the brief's sizes: 22-26 answerable questions per long legal text (18-22 for the short
circular tt_bnv_01_2024) and 3-4 near-miss questions per document, and a deadline gold file next to
every question file.
Exits non-zero and lists every problem found.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
DOC_DIRS = (ROOT / "data" / "plans", ROOT / "tests" / "knowledge_eval" / "documents")
KINDS = {"date", "number", "email", "person", "office", "docnumber", "list", "text", "campaigns"}
FIELDS = {"id", "doc", "q", "en", "kind", "facts", "answerable"}
DEADLINES = ".deadlines.json"
ANSWERABLE = range(22, 27)
ANSWERABLE_SHORT = range(18, 23)
SHORT_DOCS = {"tt_bnv_01_2024"}
NEAR_MISSES = range(3, 5)


def document_text(doc_id: str) -> str | None:
    for folder in DOC_DIRS:
        path = folder / f"{doc_id}.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def check_file(path: Path, seen: set[str]) -> tuple[list[str], int, int]:
    problems: list[str] = []
    doc_id = path.stem
    text = document_text(doc_id)
    if text is None:
        return [f"{path.name}: no document named {doc_id}"], 0, 0
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return [f"{path.name}: invalid JSON: {exc}"], 0, 0
    if not isinstance(items, list):
        return [f"{path.name}: top level must be a list"], 0, 0
    answerable = unanswerable = 0
    for n, item in enumerate(items):
        where = f"{path.name}[{n}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        missing = FIELDS - set(item)
        if missing:
            problems.append(f"{where}: missing {sorted(missing)}")
            continue
        qid = item["id"]
        where = f"{path.name} {qid}"
        if not re.fullmatch(rf"{re.escape(doc_id)}-c\d{{2}}", str(qid)):
            problems.append(f"{where}: id must be {doc_id}-cNN")
        if qid in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(qid)
        if item["doc"] != doc_id:
            problems.append(f"{where}: doc is {item['doc']!r}, expected {doc_id!r}")
        if item["kind"] not in KINDS:
            problems.append(f"{where}: unknown kind {item['kind']!r}")
        if not isinstance(item["answerable"], bool):
            problems.append(f"{where}: answerable must be true or false")
        if not str(item["q"]).strip() or not str(item["en"]).strip():
            problems.append(f"{where}: empty q or en")
        facts = item["facts"]
        if not isinstance(facts, list):
            problems.append(f"{where}: facts must be a list")
            continue
        if item["answerable"]:
            answerable += 1
            if not 1 <= len(facts) <= 3:
                problems.append(f"{where}: {len(facts)} facts (want 1-3)")
            for fact in facts:
                options = fact if isinstance(fact, list) else [fact]
                if not options:
                    problems.append(f"{where}: empty list of alternatives")
                for option in options:
                    if not isinstance(option, str) or not option.strip():
                        problems.append(f"{where}: empty or non-string fact {option!r}")
                    elif option not in text:
                        problems.append(f"{where}: fact not in document: {option!r}")
        else:
            unanswerable += 1
            if facts:
                problems.append(f"{where}: unanswerable question with facts")
            if item.get("near_miss") is not True:
                problems.append(f"{where}: unanswerable question without near_miss: true")
    return problems, answerable, unanswerable


def check_deadlines(path: Path) -> tuple[list[str], int]:
    doc_id = path.name[: -len(DEADLINES)]
    if document_text(doc_id) is None:
        return [f"{path.name}: no document named {doc_id}"], 0
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return [f"{path.name}: invalid JSON: {exc}"], 0
    if not isinstance(items, list):
        return [f"{path.name}: top level must be a list"], 0
    problems: list[str] = []
    for n, item in enumerate(items):
        where = f"{path.name}[{n}]"
        if not isinstance(item, dict) or not str(item.get("what", "")).strip():
            problems.append(f"{where}: needs a non-empty 'what'")
            continue
        if "date" in item:
            if "month" in item or "day" in item:
                problems.append(f"{where}: give either date or month/day, not both")
            try:
                date.fromisoformat(item["date"])
            except (TypeError, ValueError):
                problems.append(f"{where}: date {item['date']!r} is not YYYY-MM-DD")
        else:
            month, day = item.get("month"), item.get("day")
            if not isinstance(month, int) or not isinstance(day, int):
                problems.append(f"{where}: needs date or integer month and day")
                continue
            try:
                date(2024, month, day)
            except ValueError:
                problems.append(f"{where}: no such day {day}/{month}")
    return problems, len(items)


def main() -> int:
    seen: set[str] = set()
    problems: list[str] = []
    files = sorted(p for p in HERE.glob("*.json") if not p.name.endswith(DEADLINES))
    if not files:
        print("no question files found")
        return 1
    for path in files:
        found, answerable, unanswerable = check_file(path, seen)
        problems.extend(found)
        print(f"{path.stem}: {answerable} answerable, {unanswerable} unanswerable")
        wanted = ANSWERABLE_SHORT if path.stem in SHORT_DOCS else ANSWERABLE
        if answerable not in wanted:
            problems.append(
                f"{path.name}: {answerable} answerable questions "
                f"(want {wanted.start}-{wanted.stop - 1})"
            )
        if unanswerable not in NEAR_MISSES:
            problems.append(f"{path.name}: {unanswerable} near-miss questions (want 3-4)")
        if not (HERE / f"{path.stem}{DEADLINES}").is_file():
            problems.append(f"{path.name}: no {path.stem}{DEADLINES} next to it")
    for path in sorted(HERE.glob(f"*{DEADLINES}")):
        found, count = check_deadlines(path)
        problems.extend(found)
        print(f"{path.name}: {count} deadlines")
    for problem in problems:
        print("PROBLEM:", problem)
    print(f"{len(seen)} questions, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
