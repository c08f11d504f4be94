"""Check the fresh evaluation set: JSON parses, ids/fields sane, facts are substrings."""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOCS = {
    **{p.stem: p for p in (ROOT / "data" / "plans").glob("*.txt")},
    **{p.stem: p for p in (ROOT / "tests" / "knowledge_eval" / "documents").glob("*.txt")},
}
KINDS = {"date", "number", "email", "person", "office", "docnumber", "list", "text", "campaigns"}


def main() -> int:
    bad = 0
    for f in sorted(Path(__file__).parent.glob("*.json")):
        items = json.loads(f.read_text(encoding="utf-8"))
        doc_id = f.stem
        text = DOCS[doc_id].read_text(encoding="utf-8")
        ids = set()
        for it in items:
            ok = True
            for k in ("id", "doc", "q", "en", "kind", "facts", "answerable"):
                if k not in it:
                    print(f"{f.name}: {it.get('id')}: missing {k}"); ok = False
            if it["id"] in ids or not it["id"].startswith(doc_id + "-f"):
                print(f"{f.name}: bad/dup id {it['id']}"); ok = False
            ids.add(it["id"])
            if it["doc"] != doc_id or it["kind"] not in KINDS:
                print(f"{f.name}: {it['id']}: bad doc/kind"); ok = False
            if it["answerable"]:
                if not it["facts"]:
                    print(f"{f.name}: {it['id']}: no facts"); ok = False
                for fact in it["facts"]:
                    alts = fact if isinstance(fact, list) else [fact]
                    if not any(a in text for a in alts):
                        print(f"{f.name}: {it['id']}: fact not in doc: {fact!r}"); ok = False
            else:
                if it["facts"] or "near_miss" not in it:
                    print(f"{f.name}: {it['id']}: unanswerable needs facts=[] and near_miss"); ok = False
            bad += not ok
        n_a = sum(i["answerable"] for i in items)
        print(f"{f.name}: {len(items)} questions, {n_a} answerable, {len(items) - n_a} unanswerable")
    print("FAIL" if bad else "OK", bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
