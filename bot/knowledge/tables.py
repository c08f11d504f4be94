"""Tables in a document's text, as converters write them ("|STT|Nội dung|Điểm tối đa|").

A letterhead exported as a table ("|QUỐC HỘI | CỘNG HÒA …|") is two columns of header lines:
each cell becomes a line of its own. A table of data (a scoring scale, a list of clusters, a
timetable) becomes one list item per row, its figures named by their column's header ("-
Công tác phổ cập giáo dục, Điểm tối đa 15"), so that a row holds both what a question asks
about and the figure it asks for, and no number is taken for a page number.
"""

from __future__ import annotations

import re

_SEPARATOR = re.compile(r"[-:=+ ]*")
_NUMBER = re.compile(r"[\d.,/%]+")
_DATE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}")  # a date says what it is without its header
_ROW_NUMBER = re.compile(r"(?:stt|tt|số tt|số thứ tự|no\.?)", re.I)


def is_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def rows_as_lines(lines: list[str]) -> list[str]:
    """``lines`` with each run of table rows written as lines of text."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not is_row(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and is_row(lines[j]):
            j += 1
        rows = [cells for cells in (_cells(line) for line in lines[i:j]) if cells is not None]
        out += _data_rows(rows) if _is_data(rows) else _header_cells(rows)
        i = j
    return out


def _cells(line: str) -> list[str] | None:
    """The row's cells; None for a rule between rows ("|---|:--|")."""
    cells = [" ".join(c.split()) for c in line.strip().strip("|").split("|")]
    if all(_SEPARATOR.fullmatch(c) for c in cells):
        return None
    return cells


def _is_data(rows: list[list[str]]) -> bool:
    """A table of data: some row has three filled cells or more, or a row below the first
    holds a bare figure; a letterhead has two columns of words."""
    if any(sum(1 for c in row if c) >= 3 for row in rows):
        return True
    return len(rows) >= 3 and any(_NUMBER.fullmatch(c) for row in rows[1:] for c in row if c)


def _header_cells(rows: list[list[str]]) -> list[str]:
    out = [c for row in rows for c in row if c and not _SEPARATOR.fullmatch(c)]
    return out or [""]


def _data_rows(rows: list[list[str]]) -> list[str]:
    """The header row as a line, then each row as an item: its first words as they are, its
    other cells after their column's name ("Điểm tối đa 15"), but a date as it is."""
    header = rows[0] if rows and not any(_NUMBER.fullmatch(c) for c in rows[0] if c) else []
    out = [" | ".join(c for c in header if c)] if header else []
    for row in rows[1:] if header else rows:
        said: list[str] = []
        for k, cell in enumerate(row):
            name = header[k] if k < len(header) else ""
            if not cell or (name and _ROW_NUMBER.fullmatch(name)):
                continue
            if not said and not name and _NUMBER.fullmatch(cell):
                continue  # the row's number, with no header to say so
            plain = (not said and not _NUMBER.fullmatch(cell)) or _DATE.search(cell)
            said.append(cell if plain or not name else f"{name} {cell}")
        if said:
            out.append("- " + ", ".join(said))
    return out
