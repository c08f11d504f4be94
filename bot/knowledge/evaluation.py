"""The evaluation set (``tests/knowledge_eval/``) and how an answer is judged.

Base questions are written per document, each with the facts a right answer must hold; every
one is asked in every variant kind (``variants.py``). Questions are split into *dev* (what the
engine may be tuned on) and *held-out*: whole documents named in ``split.toml`` and, of the other
documents, the questions whose id hashes odd. Held-out failures are never printed.

A third split, *fresh* (``fresh/``), was written later by someone who read only the dev
documents and never ran the engine: its first figure measured how the engine does on questions
nobody tuned it on, about documents it was tuned on. Its failures may be printed, to find
general weaknesses; once they are, it is tuning data like dev, and only held-out stays blind.

A fourth, *blind* (``blind/``), was written the same way about all ten documents, held-out ones
included, on 1/12/2026. Like held-out, only its totals are ever printed: its first figure was
measured on the engine as it stood before it was written, so later figures show whether the
changes since generalise.

A fifth, *blind2* (``blind2/``), is about four documents that were not in the corpus at all
until it was written (1/12/2026): real documents nobody tuned the engine on, with questions
nobody looked at. Only its totals are printed, and its documents' deadlines are scored apart.

A sixth, *blind3* (``blind3/``), was written the same way about five more documents (1/12/2026,
second session), so that one split stays unseen after blind2 had been partly looked at; a
seventh, *blind4* (``blind4/``), about the decree and the two circulars the issue names
(98/2023/NĐ-CP, in part; 29/2023/TT-BGDĐT; 01/2024/TT-BNV), the same day. An eighth,
*blind5* (``blind5/``), about three more Ministry documents (initiatives, "Nhà giáo tiêu
biểu", exemplary models), on 1/12/2026 in a later session, its first figure measured on the
engine as that session found it; a ninth, *blind6* (``blind6/``), the same day, about the
Ministry's 2026 circular (07/2026/TT-BGDĐT, which replaces 29/2023), a Ministry plan and a
university's 2024 regulation.

An answerable question is answered right when the answer is confident and holds every fact
(compared with diacritics folded; a fact may list alternatives). An unanswerable one is right
when the answer is not confident.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.textnorm import fold
from bot.knowledge.variants import KINDS, variants

EVAL_DIR = Path(__file__).resolve().parents[2] / "tests" / "knowledge_eval"
DEV, HELD_OUT, FRESH, BLIND, BLIND2, BLIND3, BLIND4, BLIND5, BLIND6 = (
    "dev", "held-out", "fresh", "blind", "blind2", "blind3", "blind4", "blind5", "blind6")
BLINDS = (BLIND, BLIND2, BLIND3, BLIND4, BLIND5, BLIND6)
TEAM = "team"  # a set brought from outside: ``load_set``


@dataclass(frozen=True)
class EvalItem:
    id: str
    doc: str
    question: str
    facts: tuple[tuple[str, ...], ...]  # each fact: its alternatives
    answerable: bool = True
    english: str | None = None
    kind: str = "text"
    near_miss: bool = False
    split: str = DEV


@dataclass
class Tally:
    total: int = 0
    right: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class EvalReport:
    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)  # (split, kind)
    confident_unanswerable: list[tuple[str, str, str]] = field(default_factory=list)
    failures: list[tuple[str, str, str, str]] = field(default_factory=list)  # dev, team
    fresh_failures: list[tuple[str, str, str, str]] = field(default_factory=list)

    def tally(self, split: str, kind: str = "*") -> Tally:
        if kind != "*":
            return self.tallies.get((split, kind), Tally())
        out = Tally()
        for (s, _k), t in self.tallies.items():
            if s == split:
                out.total += t.total
                out.right += t.right
        return out

    def add(self, split: str, kind: str, right: bool) -> None:
        t = self.tallies.setdefault((split, kind), Tally())
        t.total += 1
        t.right += right


def _facts(raw: Iterable[str | list[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple((f,) if isinstance(f, str) else tuple(str(x) for x in f) for f in raw)


@dataclass(frozen=True)
class Split:
    held_out_docs: frozenset[str] = frozenset()
    dev_docs: frozenset[str] = frozenset()  # sets written while tuning: dev only

    def of(self, item_id: str, doc: str) -> str:
        if doc in self.held_out_docs:
            return HELD_OUT
        if doc in self.dev_docs:
            return DEV
        return HELD_OUT if zlib.crc32(item_id.encode()) % 2 else DEV


def load_split(folder: Path = EVAL_DIR) -> Split:
    path = folder / "split.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return Split(frozenset(raw.get("held_out_docs", [])), frozenset(raw.get("dev_docs", [])))


def load_questions(folder: Path = EVAL_DIR) -> list[EvalItem]:
    held = load_split(folder)
    items: list[EvalItem] = []
    paths: list[tuple[Path, str | None]] = [(p, None) for p in sorted(folder.glob("*.json"))]
    paths += [(p, FRESH) for p in sorted((folder / "fresh").glob("*.json"))]
    paths += [(p, split) for split in BLINDS for p in sorted((folder / split).glob("*.json"))]
    for path, split in paths:
        if not path.name.endswith(".deadlines.json"):
            items += _items(path, held.of if split is None else _fixed(split))
    return items


def _fixed(split: str) -> Callable[[str, str], str]:
    return lambda _qid, _doc: split


def load_set(folder: Path) -> list[EvalItem]:
    """A question set kept outside the project (the ``FORMAT.md`` files of any folder, its
    subfolders included), every question in one split of its own, ``TEAM``."""
    return [item for path in sorted(folder.rglob("*.json"))
            if not path.name.endswith(".deadlines.json")
            for item in _items(path, _fixed(TEAM))]


def _items(path: Path, split_of: Callable[[str, str], str]) -> list[EvalItem]:
    """The questions of one file (``FORMAT.md``); ``split_of(id, doc)`` names each one's split."""
    items = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        doc = r.get("doc") or path.stem
        items.append(EvalItem(
            id=r["id"], doc=doc, question=r["q"], facts=_facts(r.get("facts", ())),
            answerable=bool(r.get("answerable", True)), english=r.get("en"),
            kind=r.get("kind", "text"), near_miss=bool(r.get("near_miss", False)),
            split=split_of(r["id"], doc)))
    return items


def answer_text(text: str) -> str:
    """What a person reads: tags dropped, entities decoded, diacritics folded."""
    return fold(html.unescape(re.sub(r"<[^>]+>", "", text)))


def judge(item: EvalItem, text: str, confident: bool) -> str | None:
    """None when right, else why not."""
    if not item.answerable:
        return "confident on an unanswerable question" if confident else None
    if not confident:
        return "not confident"
    folded = " ".join(answer_text(text).split())
    alike = _dates_alike(folded)
    missing = [f[0] for f in item.facts if not any(
        (want := " ".join(fold(alt).split())) in folded
        or re.search(rf"(?<![\d/]){re.escape(_dates_alike(want))}(?![\d/])", alike)
        for alt in f)]
    return f"missing {missing}" if missing else None


_WRITTEN_DATE = re.compile(r"\b(\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?\b", re.I)
_SLASHED_DATE = re.compile(r"(?<![\d/])(\d{1,2}) ?/ ?(\d{1,2})(?: ?/ ?(\d{4}))?(?![\d/])")


def _dates_alike(folded: str) -> str:
    """Dates written one way: "07 tháng 4 năm 2014", "7/4/2014" and "07/04/2014" are one
    date, as a person reads them ("tháng 4" alone, a month, stays as it is). A fact is also
    looked for as written, so a part of a date ("tháng 4 năm 2014") is still found."""
    def one(m: re.Match[str]) -> str:
        day, month, year = m.groups()
        return f"{int(day)}/{int(month)}" + (f"/{year}" if year else "")

    return _SLASHED_DATE.sub(one, _WRITTEN_DATE.sub(one, folded))


def evaluate(answer: Callable[[str], tuple[str, bool]], items: list[EvalItem],
             kinds: tuple[str, ...] = KINDS) -> EvalReport:
    """``answer(question)`` gives (text, confident); every item is asked in every kind."""
    report = EvalReport()
    for item in items:
        for kind, question in variants(item.question, item.english, item.id).items():
            if kind not in kinds:
                continue
            text, confident = answer(question)
            why = judge(item, text, confident)
            report.add(item.split, kind, why is None)
            if why is None:
                continue
            if not item.answerable:
                report.confident_unanswerable.append((item.split, kind, question))
            if item.split in (DEV, TEAM):  # never a held-out or blind one
                report.failures.append((item.id, kind, question, why))
            elif item.split == FRESH:
                report.fresh_failures.append((item.id, kind, question, why))
    return report


# -- deadlines ---------------------------------------------------------------------------------

@dataclass
class DeadlineScore:
    gold: int = 0
    found: int = 0
    extracted: int = 0
    false: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


def _deadline_key(d: dict[str, object]) -> tuple[object, ...]:
    if d.get("date"):
        return ("date", str(d["date"]))
    return ("yearly", int(d.get("month") or 0), int(d.get("day") or 0))  # type: ignore[call-overload]


def _matches(extracted: dict[str, object], gold: dict[str, object]) -> bool:
    """Same date; a gold "2024-02" or "2024" (a month or a year) holds any date in it; a yearly
    date matches the same day and month."""
    e, g = _deadline_key(extracted), _deadline_key(gold)
    if e == g:
        return True
    if e[0] == g[0] == "date" and len(str(g[1])) < 10:
        return str(e[1]).startswith(str(g[1]))
    def day_month(k: tuple[object, ...]) -> str:
        return str(k[1])[5:] if k[0] == "date" else f"{k[1]:02d}-{k[2]:02d}"

    return "yearly" in (e[0], g[0]) and day_month(e) == day_month(g)


def score_deadlines(extracted: list[dict[str, object]], gold: list[dict[str, object]]
                    ) -> DeadlineScore:
    """Gold deadlines found, and extracted ones matching no gold deadline (false ones)."""
    score = DeadlineScore(gold=len(gold), extracted=len(extracted))
    for g in gold:
        if any(_matches(e, g) for e in extracted):
            score.found += 1
        else:
            score.missed.append(f"{_deadline_key(g)} {g.get('what', '')}")
    for e in extracted:
        if not any(_matches(e, g) for g in gold):
            score.false.append(f"{_deadline_key(e)} {e.get('what', '')}")
    return score


def load_deadline_gold(folder: Path = EVAL_DIR) -> dict[str, list[dict[str, object]]]:
    return {p.name.removesuffix(".deadlines.json"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.deadlines.json"))}
