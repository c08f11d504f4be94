"""The evaluation set (tests/knowledge_eval/): well formed, split honestly, and answered at no
less than the figures the README states. ``make bench`` prints the full table.

The floors below are the measured figures less a small margin, so a change that makes the
engine worse on questions it was not tuned on fails here; they are not targets.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.eval_check import check_set, document_text
from bot.knowledge.evaluation import (
    BLIND,
    BLIND2,
    BLIND3,
    BLIND4,
    BLIND5,
    BLIND6,
    DEV,
    FRESH,
    HELD_OUT,
    EvalItem,
    evaluate,
    judge,
    load_deadline_gold,
    load_questions,
    load_split,
    score_deadlines,
)
from bot.knowledge.importer import parse_file
from bot.knowledge.model import parsed_plan_to_json
from bot.knowledge.variants import variants
from bot.storage.db import Database

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = (ROOT / "data" / "plans", ROOT / "tests" / "knowledge_eval" / "documents")
TODAY = dt.date(2026, 11, 30)
FLOOR = {DEV: 0.75, HELD_OUT: 0.57, FRESH: 0.70, BLIND: 0.59, BLIND2: 0.47, BLIND3: 0.51,
         BLIND4: 0.48, BLIND5: 0.50, BLIND6: 0.51}
# measured 76.8%, 58.8%, 71.6%, 61.1%, 49.0%, 52.5%, 50.2%, 51.9%, 52.5% on these forms, with
# all 28 documents (every blind set's among them) in the corpus (1/12/2026, third round).
# Lower than the last session's floors because six more documents joined the corpus: each new
# document's passages compete with the older ones' (held-out 65.1% → 61.2% on all forms).


def test_the_set_is_large_split_and_sourced() -> None:
    items = load_questions()
    real = [i for i in items if i.doc not in ("legacy", "issue")]
    assert len(real) >= 300
    assert len([i for i in items if not i.answerable]) >= 40
    assert len([i for i in items if i.near_miss]) >= 30
    held = load_split().held_out_docs
    assert len(held) >= 2 and all(any(i.doc == d for i in items) for d in held)
    splits = Counter(i.split for i in real)
    assert splits[DEV] >= 100 and splits[HELD_OUT] >= 100
    assert all(i.facts for i in items if i.answerable and i.kind != "campaigns")
    assert all(i.english for i in real)
    assert (ROOT / "tests" / "knowledge_eval" / "SOURCES.md").exists()


def test_every_set_is_well_formed() -> None:
    """Facts copied from their documents, ids unique, kinds known, deadline gold readable: in
    the main set, fresh and every blind set."""
    files = list((ROOT / "tests" / "knowledge_eval").rglob("*.json"))
    assert len(files) >= 60
    assert check_set(files, lambda doc: document_text(doc, FOLDERS)) == []


def test_a_set_with_mistakes_is_told_what_they_are(tmp_path: Path) -> None:
    (tmp_path / "kh.json").write_text(json.dumps([
        {"id": "a", "doc": "kh", "q": "Hạn nộp?", "kind": "date", "facts": ["15/10/2026"]},
        {"id": "a", "doc": "kh", "q": "Ai ký?", "kind": "person", "facts": ["Nguyễn Văn A"]},
        {"id": "b", "doc": "kh", "q": "Thưởng?", "kind": "money", "facts": ["1 triệu"],
         "answerable": False}]), encoding="utf-8")
    (tmp_path / "kh.deadlines.json").write_text(json.dumps([
        {"what": "đăng ký", "date": "2026-13-01"}, {"what": "", "month": 5, "day": 31}]),
        encoding="utf-8")
    problems = check_set(tmp_path.glob("*.json"), lambda doc: "Hạn nộp trước 15/10/2026.")
    assert any("Nguyễn Văn A" in p for p in problems)  # not in the document
    assert any("used twice" in p for p in problems)
    assert any("unknown kind 'money'" in p for p in problems)
    assert any("unanswerable question has facts" in p for p in problems)
    assert any("2026-13-01" in p for p in problems) and any("'what'" in p for p in problems)
    assert not any("15/10/2026" in p for p in problems)


def test_a_date_is_right_however_it_is_written() -> None:
    item = EvalItem(id="x", doc="d", question="q", facts=(("07 tháng 4 năm 2014",),
                                                           ("tháng 4 năm 2014",)))
    assert judge(item, "Chỉ thị số 34-CT/TW ngày 07 tháng 4 năm 2014", True) is None
    assert judge(item, "Chỉ thị số 34-CT/TW ngày 07/04/2014 của Bộ Chính trị", True) \
        == "missing ['tháng 4 năm 2014']"  # a part of a date is looked for as written
    item = EvalItem(id="x", doc="d", question="q", facts=(("07 tháng 4 năm 2014",),))
    assert judge(item, "Chỉ thị số 34-CT/TW ngày 7/4/2014 của Bộ Chính trị", True) is None
    assert judge(item, "ngày 17/4/2014", True) is not None
    assert judge(item, "ngày 7/4/2015", True) is not None
    assert judge(item, "ngày 7/4/2014", False) == "not confident"


def test_variants_are_what_phones_type() -> None:
    v = variants("Hạn nộp báo cáo sơ kết của Phòng giáo dục là khi nào?", "When?", "x")
    assert v["no_diacritics"] == "han nop bao cao so ket cua phong giao duc la khi nao?"
    assert v["partial"] != v["base"] and v["partial"] != v["no_diacritics"]
    assert "bc sk" in v["shorthand"] and "pgd" in v["shorthand"]
    assert v["filler"].endswith(("ạ", "vậy", "nhé", "?")) and v["typo"] != v["base"]
    assert v == variants("Hạn nộp báo cáo sơ kết của Phòng giáo dục là khi nào?", "When?", "x")


@pytest.fixture
async def kb(tmp_path: Path) -> AsyncIterator[KnowledgeBase]:
    db = await Database.open(tmp_path / "t.sqlite3")
    base = await KnowledgeBase.load(db)
    for folder in FOLDERS:
        await base.import_directory(folder)
    yield base
    await db.close()


@pytest.mark.parametrize("split", [DEV, HELD_OUT, FRESH, BLIND, BLIND2, BLIND3, BLIND4,
                                   BLIND5, BLIND6])
async def test_accuracy_does_not_fall(kb: KnowledgeBase, split: str) -> None:
    items = [i for i in load_questions() if i.split == split]

    def ours(question: str) -> tuple[str, bool]:
        a = kb.answer(question, today=TODAY)
        return a.text, a.confident

    report = evaluate(ours, items, ("base", "no_diacritics", "english"))
    assert report.tally(split).accuracy >= FLOOR[split]


def test_deadlines_of_the_documents() -> None:
    found = gold_total = false = 0
    for doc, gold in load_deadline_gold().items():
        path = next(p for f in FOLDERS for p in f.glob(doc + ".*"))
        score = score_deadlines(parsed_plan_to_json(parse_file(path))["deadlines"],  # type: ignore[arg-type]
                                gold)
        found, gold_total, false = found + score.found, gold_total + score.gold, \
            false + len(score.false)
    assert found / gold_total >= 0.8 and false == 0


def test_a_teams_own_set_is_measured_against_its_own_documents(tmp_path: Path) -> None:
    """``eval_knowledge.py --set``: a question set and documents kept outside the project."""
    import subprocess
    import sys
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "kh_an_thang.txt").write_text(
        "TRƯỜNG THCS AN THẮNG\nSố: 12/KH-THCS\nKẾ HOẠCH\nThi đua năm học 2026-2027\n"
        "II. NỘI DUNG\n1. Các tổ chuyên môn gửi bản đăng ký danh hiệu thi đua về văn phòng "
        "trước ngày 15/10/2026.\n", encoding="utf-8")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "an_thang.json").write_text(json.dumps([
        {"id": "a1", "doc": "kh_an_thang", "q": "Hạn đăng ký danh hiệu thi đua là ngày nào?",
         "en": "When is the deadline to register for emulation titles?", "kind": "date",
         "facts": ["15/10/2026"]},
        {"id": "a2", "doc": "kh_an_thang", "q": "Trường An Thắng thưởng giáo viên bao nhiêu tiền?",
         "en": "How much money does the school award a teacher?", "kind": "number",
         "facts": [], "answerable": False, "near_miss": True}]), encoding="utf-8")
    (tmp_path / "kh_an_thang.deadlines.json").write_text(
        json.dumps([{"what": "đăng ký", "date": "2026-10-15"}]), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "eval_knowledge.py"), "--set", str(tmp_path),
         "--only", "--kind", "base", "--failures"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert any(line.split()[:3] == ["team", "100.0%", "2"] for line in lines), run.stdout
    assert "confident answers to unanswerable questions: 0" in lines
    assert "deadlines team: found 1/1 (100.0%), false 0" in lines


def test_a_teams_set_with_mistakes_is_refused_with_the_list(tmp_path: Path) -> None:
    import subprocess
    import sys
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "kh.txt").write_text("KẾ HOẠCH\nNộp trước 15/10/2026.\n",
                                                   encoding="utf-8")
    (tmp_path / "kh.json").write_text(json.dumps([
        {"id": "a", "doc": "kh", "q": "Hạn nộp?", "kind": "date", "facts": ["20/10/2026"]}]),
        encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "eval_knowledge.py"), "--set", str(tmp_path),
         "--only"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "not well formed" in run.stdout and "20/10/2026" in run.stdout
