"""Which documents are no longer in force, and whether a question asks about them.

A law says what it replaces: "Luật Thi đua, khen thưởng số 15/2003/QH11 … hết hiệu lực kể từ
ngày Luật này có hiệu lực thi hành." A document whose number another one declares repealed
answers only questions that ask about it ("theo luật cũ", "luật 2003", its number): a teacher
asking what the law requires is owed the rule in force, and a rule the new law dropped is not
an answer.

A consolidated text (văn bản hợp nhất) names itself in one line under its type, "Luật thi đua,
khen thưởng số 15/2003/QH11 ngày 26 tháng 11 năm 2003 của Quốc hội, có hiệu lực …"; its
number, date and issuer come from there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.places import named_numbers, number_key
from bot.knowledge.textnorm import fold

_TYPES = r"(?:Luật|Bộ luật|Nghị định|Thông tư|Nghị quyết|Pháp lệnh|Quyết định)"
_SELF = re.compile(
    rf"^(?P<title>.+?)\s+{_TYPES}\b[^.;]*?\bsố\s+(?P<number>\d{{1,4}}/\d{{4}}/[\wĐđ-]+)\s+"
    r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
    r"(?:\s+của\s+(?P<issuer>[^,;]+))?", re.I)
_REPLACES = re.compile(r"\b(?:thay thế|thay the)\s+(?:cho\s+)?(?:các\s+|cac\s+)?(?=(?:Luật|Luat|"
                       r"Nghị định|Nghi dinh|Thông tư|Thong tu|Quyết định|Quyet dinh|Chỉ thị|"
                       r"Chi thi|Quy chế|Quy che|Quy định|Quy dinh|Hướng dẫn|Huong dan|Kế hoạch|"
                       r"Ke hoach|Công văn|Cong van)\b)", re.I)
"""A document that "thay thế Thông tư số 21/2020/TT-BGDĐT" replaces the one it names after
those words (not one it names before them: its own number, the law it implements)."""
_SENTENCE = re.compile(r"[^.;\n]+(?:[.;\n]|$)")
_EARLIER = re.compile(r"\b(truoc day|hop nhat|het hieu luc|old|former|previous|earlier|repealed)"
                      r"\b|\b(luat|quy dinh|van ban|nghi dinh|thong tu)(?: [a-z]+){0,4}? cu\b"
                      r"(?! (?:the|tri|nhan|ly|dan|tru)\b)")
"""A law "cũ" typed without marks, its name between ("luat thi dua khen thuong cu"); not
"cụ thể", "cử tri" ("quy dinh cu the" is "the specific rules")."""


_TYPE_WORDS = (r"(?:luat|nghi dinh|thong tu|quyet dinh|quy che|chi thi|tt|nd|qd|law|decree|"
               r"circular|decision|regulations?)")


@dataclass(frozen=True)
class SelfCitation:
    title: str
    number: str
    issued_date: str  # ISO
    issuer: str | None


def read_self_citation(title: str) -> SelfCitation | None:
    """A consolidated text's title line, read into its parts; None for an ordinary title."""
    m = _SELF.match(title)
    if not m:
        return None
    issued = f"{m.group('y')}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    issuer = m.group("issuer").strip() if m.group("issuer") else None
    return SelfCitation(m.group("title").strip(" ,"), m.group("number"), issued, issuer)


_REPEAL_WORDS = ("hết hiệu lực", "bãi bỏ", "het hieu luc", "bai bo")


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    """A quick look before the sentences are read: a plain search of the lowered text (a
    regular expression ignoring case is slow over a whole document)."""
    low = text.lower()
    return any(w in low for w in words)


def repealed_numbers(text: str) -> set[str]:
    """The numbers of the documents ``text`` declares repealed, as ``number_key`` gives them."""
    found: set[str] = set()
    if not _mentions(text, _REPEAL_WORDS):  # most documents repeal nothing
        return found
    for sentence in _SENTENCE.findall(text):
        if _mentions(sentence, _REPEAL_WORDS):
            found |= named_numbers(sentence)
    return found


def replaced_numbers(text: str) -> set[str]:
    """The numbers of the documents ``text`` replaces ("… thay thế Thông tư số …") or
    declares repealed. A replaced document still answers (its successor may be an excerpt,
    or not loaded); the reply says it was replaced."""
    found = repealed_numbers(text)
    if not _mentions(text, ("thay thế", "thay the")):
        return found
    for sentence in _SENTENCE.findall(text):
        if _mentions(sentence, ("thay thế", "thay the")) and (
                replaced := _REPLACES.search(sentence)):
            found |= named_numbers(sentence[replaced.end():])
    return found


def asks_about_earlier(question: str, number: str | None, year: str | None) -> bool:
    """Whether a question points at a repealed document: "luật cũ", its year, its number."""
    folded = fold(question)
    if "cũ" in question.lower() and re.search(r"\bcu\b", folded):
        return True
    if _EARLIER.search(folded):
        return True
    if year and re.search(rf"\b{_TYPE_WORDS}(?: [a-z,]+){{0,4}}? (?:nam )?{year}\b|"
                          rf"\b{year}(?: [a-z]+){{0,2}}? {_TYPE_WORDS}\b", folded.lower()):
        return True  # "luật 2003", "thông tư năm 2020", "the 2003 law"; not "năm học 2023-2024"
    own = re.escape(number_key(number or "").split("/")[0])
    if number and year and re.search(rf"\b{own}\s*/\s*{year}\b", folded.lower()):
        return True  # "thông tư 21/2020", its number without the issuer's code
    return bool(number) and number_key(number or "") in named_numbers(question)


_EARLIER_WORDS = re.compile(r"(?<!\w)(cũ|trước đây|old|former|previous|earlier)(?!\w)", re.I)
_EARLIER_FOLDED = re.compile(
    r"(?<!\w)((?:luat|quy dinh|van ban|nghi dinh|thong tu)(?: [a-z]+){0,4}?) cu(?!\w)"
    r"(?! (?:the|tri|nhan|ly|dan|tru)\b)", re.I)


def without_earlier_words(question: str) -> str:
    """The question less the words that only say "the earlier one" ("cũ", "old"), which the
    documents themselves never use of themselves."""
    text = _EARLIER_WORDS.sub(" ", question)
    return _EARLIER_FOLDED.sub(lambda m: m.group(1), text)


_CURRENT = re.compile(
    r"(?<!\w)((?:luật|luat|nghị định|nghi dinh|thông tư|thong tu|quy định|quy dinh|law|decree|"
    r"circular|rules?)(?:\s+[^\W\d_]+){0,4}?)\s+(?<!thôn )(?<!thon )(?:mới nhất|moi nhat|mới|"
    r"moi|hiện hành|hien hanh|hiện nay|hien nay|new|current|in force)(?!\w)|"
    r"(?<!\w)(?:the\s+)?(?:new|current)\s+((?:[\w-]+\s+){0,4}?(?:law|decree|circular|rules?))"
    r"(?!\w)", re.I)
"""A law "mới" or "hiện hành", its name between ("Luật thi đua khen thưởng mới", "the new
Emulation and Commendation Law"); not the "mới" of "nông thôn mới"."""


def without_current_words(question: str) -> str:
    """The question less the words that only say "the one in force" ("luật mới", "luật hiện
    hành", "the new law"): the documents never call themselves new, and the one in force is
    what a question is answered from anyway; "mới" left in would be searched for as a word."""
    return _CURRENT.sub(lambda m: m.group(1) or m.group(2), question)
