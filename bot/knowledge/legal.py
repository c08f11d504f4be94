"""Legal documents as their structure: Chương / Mục / Điều / khoản, with the điểm (a, b, …)
kept in their khoản; and the OCR clean-up that scanned documents need first.

A section's number is "Điều 24" or "Điều 24.1" (khoản 1), cited as "Điều 24 khoản 1"; a chapter
or part only lends its title to the heading path.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.knowledge.agency_names import starts_unit
from bot.knowledge.letterhead import has_motto
from bot.knowledge.model import ParsedSection
from bot.knowledge.textnorm import truncate

_CHAPTER = re.compile(r"^(Chương|CHƯƠNG|Phần|PHẦN)\s+([IVXLC]+|\d+)\b\.?\s*[:.-]?\s*(.*)$")
_GROUP = re.compile(r"^(Mục|MỤC)\s+(\d+)\b\.?\s*[:.-]?\s*(.*)$")
_ARTICLE = re.compile(r"^Điều\s+(\d{1,3}[a-z]?)(?:\s*[.:]\s*(.*)|\s*)$")
_CLAUSE = re.compile(r"^(\d{1,2})\s?\.\s+(\S.*)$")
APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?P<n>[IVX]{1,5}|\d{1,2}[A-Za-z]?)\b)?"
                      r"\s*[.:–-]?\s*(?P<t>.*)$")  # "PHỤ LỤC 1A", "Phụ lục II: Mẫu …"
HEADING_MAX = 160

# Inline structure an OCR run or a careless export put on one line.
_INLINE_ARTICLE = re.compile(r"(?<=[.;:”\"])\s+(?=Điều\s+\d{1,3}\s*\.\s+[A-ZĐÀ-Ỹ])")
_INLINE_CLAUSE = re.compile(r"(?<=[.;:”\"])\s+(?=\d{1,2}\s?\.\s+[A-ZĐÀ-Ỹ])")
_INLINE_POINT = re.compile(r"(?<=[.;:”\"])\s+(?=[a-zđ]\)\s+\S)")
_TITLE_THEN_CLAUSE = re.compile(
    r"^(Điều\s+\d{1,3}\s*\.\s+[^.;:]{3,120}?)\s+(?=1\s?\.\s+[A-ZĐÀ-Ỹ])")


def is_legal(lines: list[str]) -> bool:
    """A law, decree or circular: its body is a run of "Điều N." articles."""
    return sum(1 for line in lines if _ARTICLE.match(line)) >= 3


def unfold_inline(lines: list[str]) -> list[str]:
    """Put articles, clauses and points that share a line on lines of their own."""
    out: list[str] = []
    for line in lines:
        line = _TITLE_THEN_CLAUSE.sub(r"\1\n", line)
        for pattern in (_INLINE_ARTICLE, _INLINE_CLAUSE, _INLINE_POINT):
            line = pattern.sub("\n", line)
        out += [part.strip() for part in line.split("\n") if part.strip()]
    return out


def drop_page_furniture(lines: list[str]) -> list[str]:
    """Page numbers, and running headers or footers repeated on many pages (a line repeated
    in the body, such as the same criterion under several articles, stays)."""
    counts = Counter(line.strip() for line in lines if line.strip())
    repeated = {text for text, n in counts.items() if n >= 3 and len(text) <= 80
                and not _ARTICLE.match(text) and not text.startswith(("-", "+", "–"))}
    repeated = _at_page_breaks(lines, repeated)
    out: list[str] = []
    for i, line in enumerate(lines):
        text = line.strip()
        if _page_number(text) and not _inside_date(out, text, lines[i + 1:i + 4]):
            continue
        if text in repeated and not re.search(r"[.;:]$", text):
            continue
        out.append(line)
    return out


TITLE_WITHIN = 8  # lines after "PHỤ LỤC 1" its title may come in (a form's letterhead first)


def appendix_title(line: str) -> str | None:
    """An appendix's title: the words in capitals a line starts with (what a conversion joined
    after them aside), unless they are a letterhead's issuer ("TRƯỜNG ĐẠI HỌC …") or motto,
    which a form in an appendix repeats."""
    words = []
    for word in line.split():
        if word != word.upper() or word.startswith("("):
            break  # "Dành cho: …" or "(Kèm theo …)" joined onto the title's line
        words.append(word)
    title = " ".join(words).strip(" ,;:-–")
    if not 8 <= len(title) <= 160 or not title.isupper() or starts_unit(title) or has_motto(
            title):
        return None
    return title


PAGE_NEAR = 3  # lines from a page number or page break for a repeated line to be furniture


def _at_page_breaks(lines: list[str], repeated: set[str]) -> set[str]:
    """Of the repeated lines, those that sit at page breaks (near a page number or a form
    feed) at most of the places they occur; when the text shows no page breaks at all,
    every repeated line, as before."""
    marks = [i for i, line in enumerate(lines)
             if "\f" in line or _page_number(line.strip())]
    if not marks or not repeated:
        return repeated
    near: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for i, line in enumerate(lines):
        text = line.strip()
        if text in repeated:
            seen[text] += 1
            near[text] += any(abs(i - m) <= PAGE_NEAR + 1 for m in marks)
    return {text for text in repeated if 2 * near[text] > seen[text]}


def _page_number(text: str) -> bool:
    """"12", "trang 12", "3/41" (a page of the total; "15/7" is a date)."""
    m = re.fullmatch(r"(?:trang\s+)?(\d{1,3})(?:\s*/\s*(\d{1,3}))?", text, re.I)
    return m is not None and (m.group(2) is None or int(m.group(1)) <= int(m.group(2)))


def _inside_date(before: list[str], text: str, after: list[str]) -> bool:
    """A day on a line of its own: "trước ngày" / "15" / "tháng 01 hằng năm"."""
    prev = next((b.strip() for b in reversed(before) if b.strip()), "")
    nxt = next((a.strip() for a in after if a.strip()), "")
    return (bool(re.search(r"\bngày$", prev, re.I)) and "/" not in text
            and bool(re.match(r"(?:tháng\b|/)", nxt, re.I)))


def split_legal(lines: list[str]) -> list[ParsedSection]:
    """Sections of a legal document in order; the lines before the first article are the
    preamble (section 0)."""
    sections: list[ParsedSection] = [ParsedSection(0, "", "", "", "", level=0)]
    bodies: list[list[str]] = [[]]
    chapter = group = ""
    current: ParsedSection | None = None
    pending: str | None = None  # a chapter or group whose title is on the next line
    untitled = 0  # lines an appendix's title in capitals may still come in
    for line in lines:
        untitled -= 1
        if untitled >= 0 and current is not None and (title := appendix_title(line)):
            if current.heading != current.number:  # "(Kèm theo …)" is said in its body
                bodies[-1].append(current.heading)
            current.heading, current.heading_path = title, f"{current.number}. {title}"
            untitled = 0
            continue
        if pending is not None and line.isupper() and not _ARTICLE.match(line):
            if pending == "chapter":
                chapter = f"{chapter}. {line.strip()}"
            else:
                group = f"{group}. {line.strip()}"
            pending = None
            continue
        pending = None
        if m := _CHAPTER.match(line):
            chapter = f"{m.group(1).capitalize()} {m.group(2)}"
            chapter += f". {m.group(3)}" if m.group(3) else ""
            group, pending = "", None if m.group(3) else "chapter"
        elif m := _GROUP.match(line):
            group = f"Mục {m.group(2)}" + (f". {m.group(3)}" if m.group(3) else "")
            pending = None if m.group(3) else "group"
        elif m := APPENDIX.match(line):
            number = "Phụ lục" + (f" {m['n']}" if m["n"] else "")
            current = _open(sections, bodies, number, m["t"] or number, 1, [number])
            chapter = group = ""
            if not m["t"] or m["t"].startswith("("):
                untitled = TITLE_WITHIN  # its title in capitals on a line of its own
        elif m := _ARTICLE.match(line):
            title, rest = _split_title(m.group(2) or "")
            path = [p for p in (chapter, group) if p]
            current = _open(sections, bodies, f"Điều {m.group(1)}", title, 3,
                            [*path, f"Điều {m.group(1)}. {title}"])
            if rest:
                bodies[-1].append(rest)
        elif current is not None and current.number.startswith("Điều") and (
                m := _CLAUSE.match(line)):
            article = current if current.level == 3 else sections[_article_of(sections)]
            heading = truncate(re.split(r"(?<=[.;:])\s", m.group(2))[0], 90).rstrip(":")
            current = _open(sections, bodies, f"{article.number}.{m.group(1)}", heading, 4,
                            [*article.heading_path.split(" > "), f"{m.group(1)}. {heading}"])
            bodies[-1].append(line)
        else:
            bodies[-1].append(line)
    for section, body in zip(sections, bodies, strict=True):
        section.body = "\n".join(line for line in body if line).strip()
    return [s for s in sections if s.ordinal or s.body]


def _article_of(sections: list[ParsedSection]) -> int:
    return next(i for i in range(len(sections) - 1, -1, -1) if sections[i].level == 3)


def _split_title(text: str) -> tuple[str, str]:
    """An article's title, and any body text an export put on the same line."""
    text = text.strip()
    if len(text) <= HEADING_MAX and not re.search(r"[.;]\s+\S", text):
        return text.rstrip(".:"), ""
    head = re.split(r"(?<=[.;:])\s+|\s+(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+(?:này|được|là)\b)", text,
                    maxsplit=1)[0]
    head = truncate(head, 100).rstrip(".:")
    return head, text


def _open(sections: list[ParsedSection], bodies: list[list[str]], number: str, heading: str,
          level: int, path: list[str]) -> ParsedSection:
    section = ParsedSection(len(sections), number, heading.strip(), " > ".join(path), "",
                            level=level)
    sections.append(section)
    bodies.append([])
    return section
