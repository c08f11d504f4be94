"""Documents written for another sector than the schools' own.

A ministry's circular "hướng dẫn công tác thi đua, khen thưởng trong ngành Ngoại giao" sets the
rules for diplomats, not teachers, though it uses the same words as the law and the Ministry of
Education's circular. Such a document answers a question that names its sector ("ngành ngoại
giao", "foreign affairs"); a question about teachers or schools is never answered from it; any
other question is answered from it only when no document of the schools' own sector, and no
document for every sector (the law, a province's guidance), answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.knowledge.places import named_numbers
from bot.knowledge.textnorm import fold

HOME = "giao duc"  # the sector this product serves: education
_SECTOR = re.compile(r"(?<!cac )(?<!nhieu )\bnganh ((?:[a-z]+ ?){1,3}?)"
                     r"(?=$|[^a-z ]| va | tinh | thanh pho | quan | huyen | nam )")
# Words that put a question in a school: typed with marks, or unambiguous without them
# ("truong" is a school unless it heads something: "truong phong", "bo truong").
_SCHOOL_MARKED = re.compile(r"(?<!\w)(trường|giáo viên|nhà giáo|học sinh|hiệu trưởng|giáo dục|"
                            r"mầm non|tiểu học|thcs|thpt|đại học|đh|cao đẳng|sinh viên|"
                            r"giảng viên|teachers?|schools?|pupils?|students?|principals?|"
                            r"universit(?:y|ies)|colleges?|lecturers?)(?!\w)")
_SCHOOL_FOLDED = re.compile(r"\b(giao vien|nha giao|hoc sinh|hieu truong|giao duc|mam non|"
                            r"tieu hoc|truong hoc|dai hoc|cao dang|sinh vien|giang vien)\b|"
                            r"(?<!thu )(?<!bo )(?<!cuc )(?<!vu )(?<!pho )(?<!chanh )\btruong\b"
                            r"(?! (?:phong|ban|khoa|bo mon|doan|nhom|khoi|cum|to|tram|thon|ap|"
                            r"nganh|cong an|dai dien|van phong))")


def sector_of(title: str) -> str | None:
    """The sector a document's title names ("… trong ngành Ngoại giao" → "ngoai giao")."""
    found = _SECTOR.search(fold(title).lower())
    return found.group(1).strip() if found else None


class Sectors:
    """``titles``: each document's title; those naming a sector other than ``HOME`` are
    another sector's. ``numbers``: documents' numbers, folded (``places.number_key``)."""

    def __init__(self, titles: Mapping[int, str], numbers: Mapping[int, str] | None = None
                 ) -> None:
        self.numbers = dict(numbers or {})
        self.foreign: dict[int, str] = {}
        for plan_id, title in titles.items():
            sector = sector_of(title)
            if sector and not sector.startswith(HOME):
                self.foreign[plan_id] = sector

    def scopes(self, question: str, searched: str, scope: frozenset[int] | None,
               every: Iterable[int], home: frozenset[int] = frozenset()
               ) -> list[frozenset[int] | None]:
        """The scopes to answer in, in turn: without other sectors' documents first, then,
        unless the question is about schools, with them; before all, when the question names
        no place, the office's ``home`` documents (its own and every office's: the law).
        ``searched``: the question as searched (an English one in Vietnamese words)."""
        tries = self._sector_scopes(question, searched, scope, every)
        if scope is None and home:
            tries.insert(0, home - frozenset(self.foreign))
        return tries

    def _sector_scopes(self, question: str, searched: str, scope: frozenset[int] | None,
                       every: Iterable[int]) -> list[frozenset[int] | None]:
        if not self.foreign:
            return [scope]
        folded = fold(f"{question} {searched}").lower()
        cited = named_numbers(question)
        foreign = frozenset(p for p, sector in self.foreign.items()
                            if not re.search(rf"\b{sector}\b", folded)
                            and not any(c in self.numbers.get(p, "") for c in cited))
        if not foreign or (scope is not None and not scope & foreign):
            return [scope]
        without = (frozenset(every) if scope is None else scope) - foreign
        if about_schools(f"{question} {searched}"):
            return [without]
        return [without, scope]


def about_schools(text: str) -> bool:
    low = text.lower()
    return bool(_SCHOOL_MARKED.search(low) or _SCHOOL_FOLDED.search(fold(low)))
