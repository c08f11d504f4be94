"""Whether a question set is well formed (``tests/knowledge_eval/FORMAT.md``): every question
file parses, its questions have the fields and kinds the evaluation reads, ids are unique,
an answerable question's facts are copied from its document (one of a fact's alternatives at
least: the others are how an answer may write it), an unanswerable one has none,
and every deadline gold entry is a date or a day and month.

Used by the tests on the shipped sets and by ``bench/eval_knowledge.py --set`` on a team's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

KINDS = frozenset({"date", "number", "email", "person", "office", "docnumber", "list", "text",
                   "campaigns"})
FIELDS = ("id", "q", "kind", "facts")
DEADLINES = ".deadlines.json"


def check_set(files: Iterable[Path], document: Callable[[str], str | None]) -> list[str]:
    """Every problem of the question and deadline files; ``document(doc_id)`` gives a
    document's text as its file holds it, or None (a question about none: not checked)."""
    problems: list[str] = []
    seen: set[str] = set()
    for path in sorted(files):
        name = f"{path.parent.name}/{path.name}"
        try:
            items = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{name}: not readable JSON ({exc})")
            continue
        if not isinstance(items, list):
            problems.append(f"{name}: the top level must be a list")
        elif path.name.endswith(DEADLINES):
            problems += [f"{name}[{n}]: {p}" for n, item in enumerate(items)
                         for p in _deadline_problems(item)]
        else:
            for n, item in enumerate(items):
                problems += [f"{name}[{n}]: {p}"
                             for p in _question_problems(item, path.stem, seen, document)]
    return problems


def _question_problems(item: object, stem: str, seen: set[str],
                       document: Callable[[str], str | None]) -> list[str]:
    if not isinstance(item, dict):
        return ["not an object"]
    missing = [f for f in FIELDS if f not in item]
    if missing:
        return [f"missing {', '.join(missing)}"]
    out = []
    if item["id"] in seen:
        out.append(f"id {item['id']!r} is used twice")
    seen.add(item["id"])
    if item["kind"] not in KINDS:
        out.append(f"unknown kind {item['kind']!r}")
    if not str(item["q"]).strip():
        out.append("empty question")
    facts = item["facts"]
    if not isinstance(facts, list):
        return [*out, "facts must be a list"]
    if not item.get("answerable", True):
        return [*out, "an unanswerable question has facts"] if facts else out
    if not facts and item["kind"] != "campaigns":
        out.append("an answerable question needs facts")
    text = document(item.get("doc") or stem)
    for fact in facts:
        options = fact if isinstance(fact, list) else [fact]
        if not options or not all(isinstance(o, str) and o.strip() for o in options):
            out.append(f"empty or non-text fact {fact!r}")
        elif text is not None and not any(o in text for o in options):
            out.append(f"fact not in its document: {fact!r}")  # one way of writing it, at least
    return out


def _deadline_problems(item: object) -> list[str]:
    if not isinstance(item, dict) or not str(item.get("what", "")).strip():
        return ["needs a non-empty 'what'"]
    if "date" in item:
        if "month" in item or "day" in item:
            return ["give a date or a month and day, not both"]
        try:
            date.fromisoformat(str(item["date"]))
        except ValueError:
            if not _partial_date(str(item["date"])):
                return [f"date {item['date']!r} is not YYYY-MM-DD, YYYY-MM or YYYY"]
        return []
    month, day = item.get("month"), item.get("day")
    if not isinstance(month, int) or not isinstance(day, int):
        return ["needs a date, or a month and a day"]
    try:
        date(2024, month, day)
    except ValueError:
        return [f"no such day {day}/{month}"]
    return []


def _partial_date(text: str) -> bool:
    """"2024-02" or "2024": a month or a year, which a deadline gold may give."""
    parts = text.split("-")
    return 1 <= len(parts) <= 2 and all(p.isdigit() for p in parts) and len(parts[0]) == 4 and (
        len(parts) == 1 or 1 <= int(parts[1]) <= 12)


def document_text(doc_id: str, folders: Iterable[Path]) -> str | None:
    """A document's text as its .txt file in one of ``folders`` holds it; None when there is
    none (a converted file's facts are not checked)."""
    path = next((f / f"{doc_id}.txt" for f in folders if (f / f"{doc_id}.txt").is_file()), None)
    return path.read_text(encoding="utf-8") if path else None
