"""Clean a plan's text and split it into its outline: I., 1., 1.1., bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.legal import APPENDIX, TITLE_WITHIN, appendix_title, drop_page_furniture
from bot.knowledge.model import ParsedSection
from bot.knowledge.tables import rows_as_lines
from bot.knowledge.textnorm import nfc, truncate

_ROMAN = re.compile(r"^(?P<n>[IVX]{1,5})\.\s+(?P<t>\S.*)$")
_ARABIC = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})*)\.\s+(?P<t>\S.*)$|"
                     r"^(?P<n2>\d{1,2}(?:\.\d{1,2})+)\s+(?P<t2>\S.*)$")
_RECIPIENTS = re.compile(r"^nơi nhận\s*:?", re.I)
_END_PUNCT = (".", ":", ";", "!", "?", "/.")
HEADING_MAX = 200


def clean_text(raw: str) -> str:
    """NFC, markup removed, and sentences split by a page break joined again.

    A line that starts with a lower-case letter continues the previous line when that one
    does not end a sentence, even across blank lines ("tạo ra sự\\n\\nliên kết, …").
    """
    lines = [_clean_line(line) for line in rows_as_lines(nfc(raw).split("\n"))]
    lines = drop_page_furniture(lines)
    out: list[str] = []
    pending_blank = False
    for line in lines:
        if not line:
            pending_blank = True
            continue
        if out and (_continues(out[-1], line) or (not pending_blank and _wrapped(out[-1], line))):
            out[-1] = out[-1] + " " + line
        else:
            if pending_blank and out:
                out.append("")
            out.append(line)
        pending_blank = False
    return "\n".join(out).strip() + "\n"


def _clean_line(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\t", " ").rstrip()
    line = re.sub(r"^\s*#{1,6}\s+", "", line)  # markdown headings
    line = re.sub(r"^(\s*)[*+•]\s+", r"\1- ", line)  # markdown / Word bullets
    line = line.replace("**", "").replace("__", "")
    line = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", line)  # *italic*
    line = _FOOTNOTE.sub("", line)
    return " ".join(line.split())


# A footnote's mark left on a word by a scan or a consolidated text: "Bằng7 khen",
# "thưởng[12]", "khen³". No Vietnamese word ends in a digit; "Q11" and "QH15" (of
# "06/2022/QH15") end in capitals, and stay.
_FOOTNOTE = re.compile(r"(?<=[^\W\d_][a-zà-ỹđ])(?:\d{1,2}|\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)"
                       r"(?=[\s,.;:)]|$)")


_STRUCTURE = re.compile(
    r"^(?:Điều\s+\d|Chương\s|CHƯƠNG\s|Mục\s+\d|MỤC\s|Phần\s|PHẦN\s|PHỤ LỤC|Phụ lục|Căn cứ|"
    r"(?:[^\W\d_]+\s+)?[Ss]ố\s*:|[A-ZĐ]\.\s|\d{1,2}\s?\.\s|[a-zđ]\)\s|Nơi nhận)")


# A date cut by a line or page break: "trước ngày" / "15 tháng 01 hằng năm".
_DATE_HEAD = re.compile(r"(?:\b(?:ngày|tháng|năm|trước|đến|vào|hạn|hết)|\b(?:ngày|tháng)\s+\d{1,2}"
                        r"|\d{1,2}\s*/\s*(?:\d{1,2}\s*/)?)\s*$", re.I)
_DATE_TAIL = re.compile(r"^(?:\d{1,2}\s*(?:/|tháng\b|năm\b)|\d{1,4}\b(?!\s?\.\s)|/)", re.I)


def _continues(previous: str, line: str) -> bool:
    """A sentence split by a page break: the next part starts in lower case, or goes on with
    the date the previous part began."""
    if _DATE_HEAD.search(previous) and _DATE_TAIL.match(line):
        return True
    if _STRUCTURE.match(line):
        return False
    first = line[0]
    if not (first.isalpha() and first.islower()) and first != "(":
        return False
    return not previous.endswith(_END_PUNCT)


def _wrapped(previous: str, line: str) -> bool:
    """A hard-wrapped line (Markdown, e-mail): no blank line, the previous one long and open."""
    if len(previous) < 60 or previous.endswith(_END_PUNCT) or line.isupper():
        return False
    if _STRUCTURE.match(line) or (line.split(" ", 1)[0].isupper() and len(line) > 3):
        return False
    return not (line.startswith(("- ", "– ")) or _ROMAN.match(line) or _ARABIC.match(line)
                or _RECIPIENTS.match(line))


@dataclass
class _Open:
    section: ParsedSection
    lines: list[str]


def split_sections(body_lines: list[str]) -> list[ParsedSection]:
    """Sections in document order; the lines before the first heading are section 0."""
    preamble = ParsedSection(0, "", "", "", "", level=0)
    current = _Open(preamble, [])
    opened = [current]
    stack: list[ParsedSection] = []
    roman = ""
    for line in body_lines:
        heading = _heading(line, roman)
        if heading is None:
            title = appendix_title(line) if _untitled_appendix(current) else None
            if title:  # "PHỤ LỤC 1", "(Kèm theo …)", then its title in capitals
                if current.section.heading:
                    current.lines.insert(0, current.section.heading)
                current.section.heading = title
                current.section.heading_path = _label(current.section)
            current.lines.append(line)
            continue
        number, title, level, rest = heading
        if level == 1:
            roman = number
        stack = [s for s in stack if s.level < level]
        path = " > ".join([f"{_label(s)}" for s in stack] + [f"{_label_of(number, title)}"])
        section = ParsedSection(len(opened), number, title, path, "", level=level)
        stack.append(section)
        current = _Open(section, [rest] if rest else [])
        opened.append(current)
    for item in opened:
        item.section.body = "\n".join(line for line in item.lines if line).strip()
    return [o.section for o in opened if o.section.ordinal or o.section.body]


def _untitled_appendix(current: _Open) -> bool:
    section = current.section
    return (section.number.startswith("Phụ lục") and section.level == 1
            and (not section.heading or section.heading.startswith("("))
            and len(current.lines) <= TITLE_WITHIN)


def _heading(line: str, roman: str) -> tuple[str, str, int, str] | None:
    """(number, heading, level, body text carried on the heading line) or None."""
    m = APPENDIX.match(line)
    if m and (not m.group("t") or m.group("t")[:1].isupper() or m.group("t")[:1] == "("):
        number = "Phụ lục" + (f" {m.group('n')}" if m.group("n") else "")
        return number, m.group("t").strip().rstrip(":").strip(), 1, ""
    m = _ROMAN.match(line)
    if m:
        return m.group("n"), m.group("t").strip().rstrip(":").strip(), 1, ""
    m = _ARABIC.match(line)
    if not m:
        return None
    num = m.group("n") or m.group("n2")
    text = (m.group("t") or m.group("t2")).strip()
    level = 2 + num.count(".")
    number = f"{roman}.{num}" if roman else num
    if len(text) <= HEADING_MAX and not (text.endswith(".") and len(text) > 80):
        return number, text.rstrip(":").strip(), level, ""
    return number, truncate(re.split(r"[;:]", text)[0], 90), level, text


def _label(section: ParsedSection) -> str:
    return _label_of(section.number, section.heading)


def _label_of(number: str, heading: str) -> str:
    short = number.rsplit(".", 1)[-1] if "." in number else number
    return f"{short}. {heading}" if number else heading


def is_recipients_line(line: str) -> bool:
    return bool(_RECIPIENTS.match(line))


def is_appendix_line(line: str) -> bool:
    """"PHỤ LỤC 1", "Phụ lục II: Mẫu báo cáo", "Phụ lục" alone, opening an appendix (not
    "Phụ lục kèm theo" in a sentence)."""
    text = line.strip()
    m = APPENDIX.match(text)
    return m is not None and (text.startswith("PHỤ LỤC") or bool(m.group("n"))
                              or text == "Phụ lục")


_ATTACHED_NOTE = re.compile(r"\((?:Ban hành )?[Kk]èm theo\b")
_ATTACHED_KIND = re.compile(r"^(?:QUY ĐỊNH|QUY CHẾ|HƯỚNG DẪN|ĐIỀU LỆ|KẾ HOẠCH|DANH MỤC|"
                            r"BIỂU MẪU|MẪU|CHƯƠNG TRÌNH|TIÊU CHÍ|PHỤ LỤC|Phụ lục)\b")


def attachment_start(lines: list[str], start: int) -> int:
    """Where a document attached after the signature begins ("PHỤ LỤC 1"; "QUY ĐỊNH" /
    its title / "(Ban hành kèm theo Quyết định số …)", the note maybe on the title's line),
    from ``start`` on; the end when nothing is attached."""
    for j in range(start, len(lines)):
        if is_appendix_line(lines[j]):
            return j
        if _ATTACHED_NOTE.search(lines[j]) and not lines[j].startswith(("-", "+", "–")):
            kinds = [k for k in range(max(start, j - ATTACHED_BACK), j)
                     if _ATTACHED_KIND.match(lines[k].strip())]
            return kinds[-1] if kinds else j
    return len(lines)


ATTACHED_BACK = 4  # lines above "(Ban hành kèm theo …)" its kind and title may take


def bullets(text: str) -> list[str]:
    """The "- item;" lines of a body, without the dash and the closing punctuation."""
    items = []
    for line in text.split("\n"):
        if line.startswith(("- ", "– ")):
            items.append(line[2:].strip().rstrip(";.,").strip())
    return [i for i in items if i]


def descendants(sections: list[ParsedSection], parent: ParsedSection) -> list[ParsedSection]:
    prefix = parent.number + "."
    return [s for s in sections if s.number.startswith(prefix)]
