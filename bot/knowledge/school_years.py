"""School years as people type them: "năm học 23-24", "NH 2023-24", "school year 23/24" are
the school year 2023-2024, written out so that the documents' "2023-2024" is found."""

from __future__ import annotations

import re

_NAMED = r"(?:năm học|nam hoc|năm hoc|nam học|nh|niên khóa|nien khoa|school year|academic year)"
_SHORT = re.compile(rf"(?i)(?<!\w)({_NAMED}\s*)(\d{{2}})(\s*[-–/]\s*)(\d{{2}})(?![\d/])")
_HALF = re.compile(r"(?<![\d/])((?:19|20)\d\d)(\s*[-–/]\s*)(\d{2})(?![\d/])")


def spelled_out(question: str) -> str:
    """The question with short school years written in full; other numbers left alone (a
    pair of two-digit numbers is a school year only after "năm học", and "2023-24" only when
    the second year follows the first)."""
    def short(m: re.Match[str]) -> str:
        first, second = int(m.group(2)), int(m.group(4))
        if second != (first + 1) % 100:
            return m.group(0)
        year = (1900 if first >= 90 else 2000) + first
        return f"{m.group(1)}{year}-{year + 1}"

    def half(m: re.Match[str]) -> str:
        first, second = int(m.group(1)), int(m.group(3))
        if second != (first + 1) % 100:
            return m.group(0)
        return f"{m.group(1)}-{m.group(1)[:2]}{m.group(3)}"

    return _HALF.sub(half, _SHORT.sub(short, question))
