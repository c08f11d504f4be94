"""Validate the blind evaluation set: JSON shape, facts copied from the documents, unique ids.

Run from the repository root: ``python tests/knowledge_eval/blind/check_blind.py``.
Exits non-zero and lists every problem found.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
DOC_DIRS = (ROOT / "data" / "plans", ROOT / "tests" / "knowledge_eval" / "documents")
KINDS = {"date", "number", "email", "person", "office", "docnumber", "list", "text", "campaigns"}
FIELDS = {"id", "doc", "q", "en", "kind", "facts", "answerable"}


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
        missing = FIELDS - set(item)
        if missing:
            problems.append(f"{where}: missing {sorted(missing)}")
            continue
        qid = item["id"]
        where = f"{path.name} {qid}"
        if not str(qid).startswith(f"{doc_id}-b"):
            problems.append(f"{where}: id must start with {doc_id}-b")
        if qid in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(qid)
        if item["doc"] != doc_id:
            problems.append(f"{where}: doc is {item['doc']!r}, expected {doc_id!r}")
        if item["kind"] not in KINDS:
            problems.append(f"{where}: unknown kind {item['kind']!r}")
        if not item["q"].strip() or not item["en"].strip():
            problems.append(f"{where}: empty q or en")
        facts = item["facts"]
        if item["answerable"]:
            answerable += 1
            if not 1 <= len(facts) <= 3:
                problems.append(f"{where}: {len(facts)} facts (want 1-3)")
            for fact in facts:
                options = fact if isinstance(fact, list) else [fact]
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


def main() -> int:
    seen: set[str] = set()
    problems: list[str] = []
    files = sorted(HERE.glob("*.json"))
    if not files:
        print("no question files found")
        return 1
    for path in files:
        found, answerable, unanswerable = check_file(path, seen)
        problems.extend(found)
        print(f"{path.stem}: {answerable} answerable, {unanswerable} unanswerable")
    for problem in problems:
        print("PROBLEM:", problem)
    print(f"{len(seen)} questions, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
