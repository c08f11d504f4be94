"""Whether a piece of a document holds the kind of fact a question asks for: a date for
"khi nào", a number for "bao nhiêu" (not a year or a section's number), a limit in the right
direction for "tối đa", a count of the thing asked for "mấy bản", an office, a name, a list.

A piece that lacks the kind of fact asked for is not an answer, however many of the question's
words it holds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.knowledge.kinds import DATE, DOCNUMBER, EMAIL, LIST, MONEY, NUMBER, OFFICE, PERSON
from bot.knowledge.textnorm import fold, nfc

_DATE_IN = re.compile(r"(?<![\d/])\d{1,2}\s*/\s*\d{1,2}(?!\d)|\bngay\s+\d|\bthang\s+\d|"
                      r"\bquy\s+[ivx1-4]\b|"
                      r"\b(dau|cuoi|giua) nam\b")
_ASKS_WHICH_NUMBER = re.compile(r"\bso (?:may|bao nhieu|nao)\b")
_CITED_DATE = re.compile(r"\d+\s*/\s*(?:\d{4}\s*/\s*)?[a-z][a-z0-9&-]*\s*,?\s*"
                         r"(?:ban hanh\s+|ky\s+)?ngay\s*\d{1,2}(?:\s*/\s*\d{1,2}\s*/\s*\d{2,4}|"
                         r"\s+thang\s+\d{1,2}\s+nam\s+\d{4})", re.I)
"""The date of a cited document ("Kế hoạch số 167/KH-UBND ngày 13/7/2023") says when it was
issued, not when anything it asks for happens: it answers no "when"."""
_DUE = "due"  # a date, not a cited document's
_OF_DOCUMENT = re.compile(r"\b(?:luat|nghi dinh|nghi quyet|thong tu|quyet dinh|ke hoach|"
                          r"huong dan|cong van|chi thi|thong bao|van ban|ban hanh|kh|qd|nd|cv|tt|"
                          r"law|decree|circular|decision|plan|guidance|letter|document|issued|signed|"
                          r"dated)\b")
"""A question that names a document, or its issue ("kh 75 ra ngày nào"), may ask the date a
document was issued; any other "when" is not answered by a cited document's date."""


@lru_cache(maxsize=1_024)
def _asks_of_document(asked: str) -> bool:
    """The question names a document: the date it was issued may be what it asks."""
    return bool(_OF_DOCUMENT.search(fold(asked).lower()))


_FRACTION = re.compile(r"\b(?:it nhat|toi thieu|qua|tren|duoi|giam|tang|bang|chiem|dat)\s+"
                       r"([1-9])\s*/\s*([2-9])\b|"
                       r"\b([1-9])\s*/\s*([2-9])\b"
                       r"(?=\s+(?:tong so|so|thoi gian|tro len|tro xuong))")
"""A share written as a fraction, in a text folded ("ít nhất 2/3 tổng số", "giảm 1/3 thời
gian"): a quantity, not the second of March."""


def _fractions(folded: str) -> list[str]:
    return [m.group(0) for m in _FRACTION.finditer(folded)
            if int(m.group(1) or m.group(3)) < int(m.group(2) or m.group(4))]


def without_fractions(folded: str) -> str:
    """``folded`` with its fractions blanked, so that none is read as a day and month."""
    for found in _fractions(folded):
        folded = folded.replace(found, " ")
    return folded


_YEAR_IN = re.compile(r"\b(19|20)\d\d\b")
_ASKS_YEAR = re.compile(r"\b(nam nao|nam may|nam bao nhieu|what year|which year|giai doan nao)\b")
_NUMBER_WORDS = re.compile(r"\b(một|hai|ba|bốn|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn|"
                        r"nửa|toàn bộ|tất cả|phần trăm)\b")
"""A number in words, matched with its diacritics: folded, "năm" (five) is "năm" (year) and
"sau" (after) is "sáu" (six); "năm" is left out for that reason."""
_REFERENCES = re.compile(r"^\s*(?:\d+|[a-zđ]|[ivx]+)\s*[.)]\s|"
                         r"\b(?:điều|khoản|điểm|mục|chương|phụ lục|mẫu|số)\s+[\divx]+[a-zđ]?\b")
"""Numbers that name a place in a document ("4.", "Điều 24", "khoản 2"), not a quantity."""
_MONEY_IN = re.compile(r"\d[\d.,]*\s*(?:đồng|triệu|tỷ|nghìn|vnđ|vnd|đ)\b|"
                       r"(?:lần|mức)\s+(?:mức\s+)?lương cơ sở")
_DATES = re.compile(r"\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?|"
                    r"ngay\s+\d{1,2}(?:\s+thang\s+\d{1,2})?(?:\s+nam\s+\d{4})?|thang\s+\d{1,2}(?:\s*/\s*\d{4}|\s+nam\s+\d{4})?|"
                    r"nam\s+(?:hoc\s+)?(?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?|\b(?:19|20)\d\d\b|"
                    r"\d+\s*/\s*(?:\d{4}/)?[a-z]+[-a-z&]*|\b\d{1,2}h\d{0,2}")
_PERSON_IN = re.compile(r"\b(truong|giam doc|chu tich|thu tuong|bo truong|thu truong|"
                        r"hieu truong|nguoi dung dau|hoi dong|ca nhan|tap the|can bo|giao vien|"
                        r"to truong|chuyen vien|lanh dao|ban|nguoi)\b")
_OFFICE_IN = re.compile(r"\b(phong|so|bo|uy ban|ubnd|van phong|to|ban|hoi dong|bo phan|"
                        r"co quan|don vi|cap|truong|chinh phu|quoc hoi)\b|@")
_DOCNUMBER_IN = re.compile(r"\d+\s*/\s*(\d{4}/)?[a-zđ&]+(-[a-zđ&]+)*", re.I)
_AND_LIST = re.compile(r",[^,.;]{2,80}\b(?:và|hoặc|and|or)\b", re.I)
"""Three things named as Vietnamese names them: "A, B và C"."""
_LIST_IN = re.compile(r"(\n\s*[-–+•]|\n\s*[a-zđ]\)|\n\s*\d+\.|;|:\s*\S.*,.*,)")


def holds_fact(text: str, kind: str, asked: str | None, unit: str | None,
               heading_path: str = "") -> bool:
    """The piece holds the kind of fact asked for, a count of what is counted, at the level
    of government asked about."""
    return (holds_kind(text, kind, asked) and holds_count(text, unit, heading_path)
            and holds_level(text, asked, kind) and holds_venue(text, asked))


_ASKS_VENUE = re.compile(r"\b(?:o dau|tai dau|dia diem (?:nao|o dau|la gi)|noi to chuc|"
                         r"where (?:is|are|was|will|does|do)\b.*\b(?:held|hold|take place|"
                         r"organi[sz]ed|meet|convened?)|venue)\b")
_VENUE_IN = re.compile(r"\b(?:dia diem|hoi truong|phong hop|tru so)\b|"
                       r"\btai (?!(?:dieu|khoan|diem|muc|chuong|phu luc|mau|van ban|ke hoach|"
                       r"quyet dinh|thong tu|nghi dinh|cong van|huong dan|luat|thoi diem|"
                       r"thoi gian|ngay|thang|nam|so)\b)[a-z]")
"""Where an event is held ("tổ chức ở đâu", "where is it held") is answered by a piece that
names a place ("tại Hội trường Sở", "Địa điểm: …"), not by one that names only offices (who
organises it); "tại khoản 2", "tại thời điểm …" name no place."""


def holds_venue(text: str, asked: str | None) -> bool:
    """For a question asking where something takes place: the piece names a place."""
    if asked is None or not _ASKS_VENUE.search(fold(asked).lower()):
        return True
    return bool(_VENUE_IN.search(fold(text).lower()))


_COLLECTIVE = re.compile(r"\btap the ((?:[a-z]+ ){1,4}[a-z]+)")


def collective_only(text: str, asked: str | None) -> bool:
    """A question about a title ("Lao động tiên tiến") is not answered by a piece about its
    collective form only ("Tập thể lao động tiên tiến"), unless it asks about a collective."""
    question = " ".join(re.findall(r"[a-z0-9]+", fold(asked or "").lower()))
    if not question or re.search(r"\b(tap the|collective|unit)\b", question):
        return False
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(text).lower()))
    for m in _COLLECTIVE.finditer(folded):
        words = m.group(1).split()
        for n in range(len(words), 1, -1):
            title = " ".join(words[:n])
            if re.search(rf"\b{title}\b", question):
                if not re.search(rf"(?<!tap the )\b{title}\b", folded):
                    return True
                break
    return False


def holds_kind(text: str, kind: str, asked: str | None = None) -> bool:
    """Whether ``text`` holds the kind of fact asked for (a date for "when", …)."""
    if kind == NUMBER:
        if asked is not None and _ASKS_WHICH_NUMBER.search(fold(asked)) and _holds_kind(
                text, DOCNUMBER, False):
            return True  # "văn bản hợp nhất … số mấy": its number, "Số: 16/VBHN-VPQH"
        return _holds_number(text) and (asked is None or _holds_measure(text, fold(asked)))
    asks_year = kind == DATE and asked is not None and _asks_year(asked)
    if kind == DATE and asked is not None and not _asks_of_document(asked):
        return _holds_kind(text, _DUE, asks_year)
    return _holds_kind(text, kind, asks_year)


@lru_cache(maxsize=1_024)  # asked again for every piece a question is ranked against
def _asks_year(asked: str) -> bool:
    return bool(_ASKS_YEAR.search(fold(asked)))


@lru_cache(maxsize=32_768)
def _holds_kind(text: str, kind: str, asks_year: bool) -> bool:
    """``holds_kind`` for every kind but a number; the same pieces are checked for question
    after question."""
    folded = without_fractions(fold(text))
    if kind == _DUE:
        folded, kind = _CITED_DATE.sub(" ", folded), DATE
    if kind == DATE:
        return bool(_DATE_IN.search(folded)) or (asks_year and bool(_YEAR_IN.search(folded)))
    if kind == MONEY:
        return bool(_MONEY_IN.search(nfc(text).lower()))
    if kind == EMAIL:
        return "@" in text
    if kind == PERSON:
        return bool(_PERSON_IN.search(folded)) or _has_name(text)
    if kind == OFFICE:
        return bool(_OFFICE_IN.search(folded))
    if kind == DOCNUMBER:
        return bool(_DOCNUMBER_IN.search(text))
    if kind == LIST:
        return bool(_LIST_IN.search(text)) or text.count(",") >= 2 or bool(_AND_LIST.search(text))
    return True


_ASKS_SHARE = re.compile(r"\b(ty le|ti le|phan tram|percent|percentage|proportion)\b|%")
_SHARE_IN = re.compile(r"%|\b(phan tram|ty le|ti le)\b|\b(mot|hai|ba) phan (hai|ba|tu|nam)\b")
_ASKS_MAX = re.compile(r"\b(toi da|nhieu nhat|khong qua|khong vuot qua|maximum|at most|"
                       r"no more than|up to)\b")
_ASKS_MIN = re.compile(r"\b(toi thieu|it nhat|khong duoi|khong it hon|minimum|at least|"
                       r"no less than)\b")
_MAX_IN = re.compile(r"\b(toi da|nhieu nhat|khong qua|khong vuot qua|vuot qua|tro xuong|duoi|"
                     r"khong nhieu hon|khong cao hon|den)\b")
_MIN_IN = re.compile(r"\b(toi thieu|it nhat|tro len|khong duoi|khong thap hon|khong it hon|tren|"
                     r"tu)\b")
"""A question about an upper limit ("tối đa") needs a piece that states one, not a lower
limit ("đạt từ 70% trở lên"), and the other way round."""


@lru_cache(maxsize=32_768)
def _holds_number(text: str) -> bool:
    low = _REFERENCES.sub(" ", nfc(text).lower())
    if _fractions(fold(low)):
        return True
    return bool(re.search(r"\d", _DATES.sub(" ", fold(low)))) or bool(_NUMBER_WORDS.search(low))


def _holds_measure(text: str, asked: str) -> bool:
    """A question about a share ("tỷ lệ", "%") needs a piece that gives one; a question about
    a limit ("tối đa", "ít nhất") needs a piece that states a limit."""
    needs = _measures_asked(asked)
    if not needs:
        return True
    folded = fold(text)
    return all(found.search(folded) or (found is _SHARE_IN and bool(_fractions(folded)))
               for found in needs)


@lru_cache(maxsize=1_024)  # asked again for every piece a question is ranked against
def _measures_asked(asked: str) -> tuple[re.Pattern[str], ...]:
    return tuple(found for asks, found in ((_ASKS_SHARE, _SHARE_IN), (_ASKS_MAX, _MAX_IN),
                                           (_ASKS_MIN, _MIN_IN)) if asks.search(asked))


_NAME = re.compile(r"\b([A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\b")


def _has_name(text: str) -> bool:
    return bool(_NAME.search(nfc(text)))


def holds_count(text: str, unit: str | None, heading: str = "") -> bool:
    """For "mấy bản": the piece counts what is asked ("02 bản", "hai bản"), or its heading
    names it and the piece gives a number ("1. Đối với Giấy khen" over "mỗi đơn vị đề nghị
    một cá nhân"). Typed without diacritics, the unit is matched folded."""
    if unit is None:
        return True
    folded_unit = fold(unit) == unit
    low, head = nfc(text).lower(), nfc(heading).lower()
    if folded_unit:
        low, head = fold(low), fold(head)
    word = rf"(?<!\w){re.escape(unit)}(?!\w)"
    if re.search(rf"(?:\d+|{_COUNT_WORDS})\s+(?:\([^)]{{1,12}}\)\s+)?{word}", low):
        return True
    return bool(re.search(word, head)) and _holds_number(text)


_COUNT_WORDS = "một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mot|bon|sau|bay|tam|chin|muoi"


_LEVEL = re.compile(r"\bcap (xa|huyen|tinh|bo|quan|phuong|truong|so|phong|co so|trung uong|"
                    r"nha nuoc|quoc gia|toan quoc|khoa|to|thanh pho|thu do|thi xa)\b")
_CLAUSE = re.compile(r"[^;.\n]+")


def holds_level(text: str, asked: str | None, kind: str | None = None) -> bool:
    """A question about one level of government ("Chủ tịch UBND cấp xã") is not answered by a
    piece about another ("… cấp tỉnh quyết định …") that never names the one asked; nor a
    number asked at one level ("tỷ lệ … công nhận cấp Thành phố") by a piece whose number is
    in a clause about another ("15% … được công nhận cấp Quận; … để công nhận cấp Thành
    phố")."""
    wanted = set(_LEVEL.findall(fold(asked or "")))
    if not wanted:
        return True
    found = set(_LEVEL.findall(fold(text)))
    if found and not found & wanted:
        return False
    if kind != NUMBER or not found - wanted:
        return True
    return any(holds_kind(clause, kind, asked) and (
        not (levels := set(_LEVEL.findall(fold(clause)))) or levels & wanted)
        for clause in _CLAUSE.findall(text))
