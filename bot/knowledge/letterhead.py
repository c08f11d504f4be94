"""The letterhead of a Vietnamese administrative document, however a converter laid it out.

Nghị định 30/2020/NĐ-CP, Phụ lục I: top left the governing and the issuing body in capitals,
under them "Số: 12/KH-PGDĐT" and, for a công văn, its subject ("V/v …"); top right the national
motto and "Hiệp Hòa, ngày 05 tháng 3 năm 2020". Converters put the two columns on one line
(joined by a tab, spaces or "|"), interleave them line by line, or break a name over two lines;
each line is therefore read for the pieces it holds, not by where it stands."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.knowledge.agency_names import continues_unit, issuer_of, starts_unit
from bot.knowledge.textnorm import fold_word

_MOTTO = re.compile(r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia(?:\s*viet\s*nam)?"
                    r"|doc\s*lap\s*[-–—,]?\s*tu\s*do\s*[-–—,]?\s*hanh\s*phuc")
_RULE = re.compile(r"^[-_=*~.–—\s]+$")
_MARKS = re.compile(r"^\(?\s*(dự thảo|du thao|mật|khẩn|hỏa tốc|hoả tốc|thượng khẩn)\s*\)?$",
                    re.I)
_DRAFT = re.compile(r"\(\s*(?:dự thảo|du thao|bản thảo)\s*\)", re.I)
_DATE = re.compile(r",\s*ngay\s*(?:(?P<d>\d{1,2})?\s*thang\s*(?P<m>\d{1,2})?\s*nam\s*"
                   r"(?P<y>(?:19|20)\d\d)|(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*"
                   r"(?P<y2>(?:19|20)\d\d))")
_NUMBER = re.compile(r"(?<![^\s|])so\s*(?P<colon>:)?\s*|(?<=\w)so\s*(?P<glued>:)\s*")
# A number whose "Số:" a scan lost: "/KH-PGDĐT", "25/KH-PGDĐT" standing alone.
_BARE_NUMBER = re.compile(r"(?<!\S)(?:\d{1,5}\s*)?/\s*[A-ZĐ][\w&.]*(?:\s*[-–]\s*[A-ZĐ][\w&.]*)*"
                          r"(?!\S)")
_NUMBER_VALUE = re.compile(r"\d*[\w&.]*(?:\s*/\s*[\w&.]+)+(?:\s*[-–]\s*[\w&.]+)*|\d+")
ADDRESSEES = re.compile(r"(?:^|\s)kính gửi\b", re.I)  # where the header has ended
_SUBJECT = re.compile(r"(?:^|(?<=\s))(?:V/V|v/v|V/v|v/V)\.?\s*:?\s*")


@dataclass
class Letterhead:
    units: list[str] = field(default_factory=list)  # the bodies named, top down, in capitals
    number: str | None = None
    place: str | None = None
    issued_date: str | None = None  # ISO, or its year-month or year when the day is blank
    subject: str | None = None  # a công văn's "V/v …"

    @property
    def issuer(self) -> str | None:
        return issuer_of(self.units)


def fold_positions(text: str) -> str:
    """Lower case without marks, one character for one, so a match's span reads the original."""
    return "".join((fold_word(c) or c)[:1] for c in text)


def motto_free(line: str) -> list[str]:
    """The pieces of a line left when the national motto is taken out ("UBND HUYỆN X CỘNG HÒA
    XÃ HỘI CHỦ NGHĨA VIỆT NAM" → ["UBND HUYỆN X"])."""
    folded = fold_positions(line)
    pieces, pos = [], 0
    for m in _MOTTO.finditer(folded):
        pieces.append(line[pos:m.start()])
        pos = m.end()
    pieces.append(line[pos:])
    return [p.strip(" |\t-–—") for p in pieces if p.strip(" |\t-–—_=")]


def has_motto(line: str) -> bool:
    return bool(_MOTTO.search(fold_positions(line)))


def is_motto(line: str) -> bool:
    return bool(_MOTTO.search(fold_positions(line))) and not motto_free(line)


def find_date(line: str) -> tuple[int, int, str | None, str] | None:
    """(start, end, place, ISO date) of "Hiệp Hòa, ngày 05 tháng 3 năm 2020" in a line."""
    m = _DATE.search(fold_positions(line))
    if not m:
        return None
    if m.group("y2"):
        y, mo, d = m.group("y2"), m.group("m2"), m.group("d2")
    else:
        y, mo, d = m.group("y"), m.group("m"), m.group("d") if m.group("m") else None
    iso = "-".join(p if len(p) == 4 else f"{int(p):02d}" for p in (y, mo, d) if p)
    words = line[:m.start()].split()
    place: list[str] = []
    for word in reversed(words):
        if not _place_word(word) or len(place) >= 5:
            break
        place.insert(0, word)
    start = m.start() - len(" ".join(place)) if place else m.start()
    return max(start, 0), m.end(), " ".join(place) or None, iso


def _place_word(word: str) -> bool:
    """A word of a place's name: "Hiệp", "Hòa", the "11" of "Quận 11", "TP."."""
    if (word.isdigit() and len(word) <= 2) or word in ("TP.", "TP", "Tp.", "Q."):
        return True
    bare = word.rstrip(".")
    return bool(bare) and bare.isalpha() and bare[0].isupper() and (len(bare) == 1
                                                                   or bare[1:].islower())


def find_number(line: str) -> tuple[int, str] | None:
    """(where "Số:" starts, the number as written) of "Số: 458 /PGD&ĐT" in a line."""
    for m in _NUMBER.finditer(fold_positions(line)):
        if m.group("glued") and line[m.start()] != "S":
            continue  # "…TẠOSố:" glued by a scan, not a word ending in "so"
        value = _NUMBER_VALUE.match(line, m.end())
        if value and "/" in value.group(0):
            text = re.sub(r"\s*/\s*", "/", value.group(0))
            return m.start(), re.sub(r"\s*[-–]\s*", "-", text)
        if m.group("colon") and not line[m.end():].strip():
            return m.start(), ""  # "Số:" with the number left blank
    bare = _BARE_NUMBER.search(line)
    if bare and bare.group(0).split("/", 1)[1].isupper() and looks_capital(
            line[:bare.start()] or "AA"):  # a code in capitals: "/KH-PGDĐT", not "5/Ngày"
        return bare.start(), re.sub(r"\s*[-–]\s*", "-", re.sub(r"\s*/\s*", "/", bare.group(0)))
    return None


def find_subject(line: str) -> int | None:
    """Where a công văn's "V/v" starts in a line, if it does."""
    m = _SUBJECT.search(line)
    return m.start() if m else None


def is_furniture(line: str) -> bool:
    """A rule, a "(Dự thảo)" or "KHẨN" mark, a bare page number: no part of the letterhead."""
    text = line.strip(" |\t")
    return not text or bool(_RULE.match(text) or _MARKS.match(text) or text.isdigit())


def looks_capital(text: str) -> bool:
    """In capitals, allowing a scan's odd lower-case letter."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    return sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def read_letterhead(lines: list[str]) -> Letterhead:
    """The letterhead's parts, from the lines above the document's type or subject."""
    head = Letterhead()
    units: list[str] = []
    closed = False  # the names end where the number, the date or the subject begins
    for line in lines:
        line = ADDRESSEES.split(line, maxsplit=1)[0]  # "Kính gửi" joined on: not the header
        for piece in motto_free(_DRAFT.sub("", line).strip()):
            closed = _read_piece(piece, head, units, closed) or closed
    head.units = units
    return head


def _read_piece(piece: str, head: Letterhead, units: list[str], closed: bool) -> bool:
    """Read one piece of a line into ``head``; True once the names have ended (at the number
    or the subject, both under them in the left column; the date stands in the right one)."""
    if is_furniture(piece):
        return False
    date = find_date(piece)
    if date:
        start, end, place, iso = date
        if head.issued_date is None:
            head.place, head.issued_date = place, iso
        closed = _read_piece(piece[:start], head, units, closed) or closed
        rest = piece[end:].strip(" .,")
        if rest and head.subject is not None and rest[:1].islower():
            head.subject += " " + rest  # the subject's next line, folded into the date's
        elif rest:
            closed = _read_piece(rest, head, units, closed) or closed
        return closed
    subject = find_subject(piece)
    if subject is not None:
        head.subject = _SUBJECT.sub("", piece[subject:], count=1).strip()
        piece = piece[:subject]
    number = find_number(piece)
    if number:
        start, value = number
        if head.number is None and value:
            head.number = value
        piece = piece[:start]
    if subject is not None or number:
        if not closed:
            _add_unit(piece, units)
        return True
    if closed:
        if head.subject is not None and not looks_capital(piece):
            head.subject += " " + piece.strip()
        return True
    if len(piece) <= 120 and (looks_capital(piece) or _named_unit(piece)):
        _add_unit(piece if looks_capital(piece) else piece.upper(), units)
    return False


def _named_unit(piece: str) -> bool:
    """A body named in small letters (a word processor's capitals were only a font style):
    its kind and its name, "Phòng Giáo dục và Đào tạo"; not a bare "Văn phòng" of a
    signature block."""
    return len(piece.split()) >= 3 and starts_unit(piece.strip().upper())


def _add_unit(piece: str, units: list[str]) -> None:
    text = piece.strip(" |\t-–—")
    if not text or not looks_capital(text):
        return
    if units and continues_unit(units[-1], text):
        units[-1] += " " + text
    else:
        units.append(text)
