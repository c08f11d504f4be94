"""The kind of legal document a question is about ("theo luật", "thông tư quy định", "under the
decree") and the documents of that kind.

"Theo luật thì hạn nộp hồ sơ là ngày nào?" asks what the law says; a deadline of a ministry's
circular or a province's guidance is not its answer. A question that also names another kind
of document ("Kế hoạch của Quận 11 nhắc tới Luật Thi đua, khen thưởng ngày nào?")
only cites the law, and is not scoped by it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.knowledge.textnorm import fold

# A law a question asks others to spread or carry out ("phải tuyên truyền luật … năm nào") is
# what the question is about, not where its answer is written.
_OBJECT_OF = "".join(f"(?<!{verb} )" for verb in (
    "tuyen truyen", "pho bien", "hoc tap", "quan triet", "trien khai", "thuc hien", "thi hanh"))

# folded name in a question → folded document type, as the importer reads it from the header
_LEGAL = {
    "luat": "luat", "law": "luat",
    "nghi dinh": "nghi dinh", "decree": "nghi dinh",
    "thong tu": "thong tu", "circular": "thong tu",
    "nghi quyet": "nghi quyet", "resolution": "nghi quyet",
}
_NAMED = re.compile(r"(?<!\w)(?<!ky )(?<!phap )(?<!quy )(?<!by )" + _OBJECT_OF + "(" + "|".join(
    sorted(_LEGAL, key=len, reverse=True)) + r")s?(?!\w)")
_NUMBERED = re.compile(r"(?:luat|nghi dinh|thong tu|nghi quyet|law|decree|circular)"
                       r"(?: so)? (\d{1,4}(?: \d{4})?)(?!\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_ITS_DETAILS = re.compile(r"\b(ban hanh|ky|ki|hieu luc|so hieu|issued|signed|in force|"
                          r"effective)\b")
_OTHER_KINDS = re.compile(r"\b(ke hoach|kh|huong dan|cong van|quyet dinh|thong bao|"
                          r"plan|guidance|guideline|letter)\b")


class DocTypes:
    """``types``: each document's type as its header names it ("Luật", "Thông tư", …)."""

    def __init__(self, types: Mapping[int, str]) -> None:
        self.by_type: dict[str, frozenset[int]] = {}
        for plan_id, kind in types.items():
            key = fold(kind or "").lower().strip()
            self.by_type[key] = self.by_type.get(key, frozenset()) | {plan_id}

    def scope(self, question: str, numbers: Iterable[str] = ()) -> frozenset[int] | None:
        """The documents of the legal kind the question asks about; None when it names no such
        kind, names it only beside another kind of document, asks the date or number of one
        no document is ("Thông tư 29/2023 ban hành ngày nào": a circular the documents cite;
        ``numbers`` are the documents' own, folded), or no document is of it."""
        folded = " ".join(re.findall(r"[^\W_]+", fold(question).lower()))
        named = {_LEGAL[m.group(1)] for m in _NAMED.finditer(folded)}
        if not named or _OTHER_KINDS.search(folded):
            return None
        cited = [c.replace(" ", "/") for c in _NUMBERED.findall(folded)
                 if not _YEAR.fullmatch(c)]  # "luật 2022" names the law by its year
        if cited and _ITS_DETAILS.search(folded) and not any(
                n.startswith(c) for c in cited for n in numbers):
            return None
        docs = frozenset().union(*(self.by_type.get(k, frozenset()) for k in named))
        return docs or None
