"""Check the fresh evaluation set: JSON parses, fields are sane, facts are in the document.

Run: python tests/knowledge_eval/fresh/check_fresh.py   (exit status 1 on any problem)
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FOLDERS = (ROOT / "data" / "plans", ROOT / "tests" / "knowledge_eval" / "documents")
KINDS = {"date", "number", "email", "person", "office", "docnumber", "list", "text", "campaigns"}
FIELDS = ("id", "doc", "q", "en", "kind", "facts", "answerable")


def problems(item: dict, doc_id: str, text: str) -> list[str]:
    """Everything wrong with one question (empty when it is well formed)."""
    out = [f"missing {k}" for k in FIELDS if k not in item]
    if out:
        return out
    if not item["id"].startswith(doc_id + "-f"):
        out.append("id does not start with <doc_id>-f")
    if item["doc"] != doc_id:
        out.append("doc is not the file's document")
    if item["kind"] not in KINDS:
        out.append(f"unknown kind {item['kind']!r}")
    if not item["answerable"]:
        if item["facts"] or "near_miss" not in item:
            out.append("unanswerable needs facts == [] and a near_miss flag")
        return out
    if not item["facts"]:
        out.append("answerable but no facts")
    for fact in item["facts"]:
        alternatives = fact if isinstance(fact, list) else [fact]
        if not any(a in text for a in alternatives):
            out.append(f"fact not in document: {fact!r}")
    return out


def main() -> int:
    bad = 0
    for path in sorted(Path(__file__).parent.glob("*.json")):
        doc_id = path.stem
        doc = next(p for f in FOLDERS for p in f.glob(doc_id + ".txt"))
        text = doc.read_text(encoding="utf-8")
        items = json.loads(path.read_text(encoding="utf-8"))
        ids = [it.get("id") for it in items]
        if len(ids) != len(set(ids)):
            print(f"{path.name}: duplicate ids")
            bad += 1
        for item in items:
            for problem in problems(item, doc_id, text):
                print(f"{path.name}: {item.get('id')}: {problem}")
                bad += 1
        answerable = sum(bool(it.get("answerable")) for it in items)
        print(f"{path.name}: {len(items)} questions, {answerable} answerable, "
              f"{len(items) - answerable} unanswerable")
    print("OK" if not bad else f"FAIL: {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
