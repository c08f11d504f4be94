"""Typed answers read into a field's value (``parse_text``): numbers with thousands groups and
units, choices by number, key or words, yes and no in Vietnamese and English, dates in the
usual Vietnamese forms. What does not fit raises ``Invalid`` with what is expected."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bot.forms.fields import FieldKind, FieldSpec, Invalid, accept_list
from bot.forms.text import fold
from bot.i18n import _, format_number

_YES = {"co", "c", "yes", "y", "ok", "dong y", "dung", "1", "co a", "vang", "u"}
_NO = {"khong", "k", "ko", "kg", "no", "n", "sai", "2", "chua", "hong"}
_DONE_WORDS = {"xong", "done", "het", "da xong", "hoan tat", "finish"}


def parse_text(spec: FieldSpec, text: str, answers: dict[str, Any]) -> Any:
    """The value for ``text`` typed into ``spec``; raises ``Invalid``."""
    text = text.strip()
    if spec.is_file:
        raise Invalid(_("Please send a file here, not text: {accepted}, up to {limit} MB.")
                      .format(accepted=accept_list(spec), limit=spec.max_bytes // 2**20))
    if not text:
        raise Invalid(_("Please type an answer."))
    parser = _PARSERS[spec.kind]
    return parser(spec, text, answers)


def _text(spec: FieldSpec, text: str, answers: dict[str, Any]) -> str:
    if len(text) > spec.max_length:
        raise Invalid(_("Please keep it within {limit} characters (yours has {count}).")
                      .format(limit=spec.max_length, count=len(text)))
    return text


def _integer(spec: FieldSpec, text: str, answers: dict[str, Any]) -> int:
    match = re.fullmatch(r"([+-]?\d{1,3}(?:[., ]\d{3})+|[+-]?\d+)\s*(?:[^\W\d_]+|%)?", text)
    value = int(re.sub(r"[., ]", "", match.group(1))) if match else None
    if value is None or not spec.min_value <= value <= spec.max_value:
        raise Invalid(_("Please enter a whole number between {min} and {max}.")
                      .format(min=spec.min_value, max=spec.max_value))
    return value


def _number(spec: FieldSpec, text: str, answers: dict[str, Any]) -> int | float:
    """A decimal as offices type it: "120,5" and "1.200,5" (Vietnamese), or "120.5"."""
    match = re.fullmatch(r"([+-]?\d[\d.,\s]*)\s*(?:[^\W\d_]+\.?\s*)*%?", text)
    value = _decimal(match.group(1).replace(" ", "")) if match else None
    if value is not None:
        step = Decimal(1).scaleb(-spec.decimals)
        value = float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))
        value = int(value) if value == int(value) else value
    if value is None or not spec.min_value <= value <= spec.max_value:
        raise Invalid(_("Please enter a number between {min} and {max}, for example "
                        "{example}.").format(min=format_number(spec.min_value),
                                             max=format_number(spec.max_value),
                                             example=format_number(12.5)))
    return value


def _decimal(raw: str) -> float | None:
    if "," in raw and "." in raw:  # the last separator is the decimal one
        point = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if point == "," else ",", "").replace(point, ".")
    elif raw.count(",") == 1:
        raw = raw.replace(",", ".")  # Vietnamese decimal comma
    elif re.fullmatch(r"[+-]?\d{1,3}([.,]\d{3})+", raw):
        raw = re.sub(r"[.,]", "", raw)  # thousands groups: 1.200 or 1,200,000
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", raw):
        return None
    return float(raw)


def _choice(spec: FieldSpec, text: str, answers: dict[str, Any]) -> str:
    if text.isdigit() and 1 <= int(text) <= len(spec.options):
        return spec.options[int(text) - 1].key
    wanted = fold(text)
    names = {o.key: {fold(o.label.vi), fold(o.label.en), fold(o.key), *map(fold, o.aliases)}
             for o in spec.options}
    exact = [key for key, found in names.items() if wanted in found]
    near = [key for key, found in names.items() if any(wanted in n for n in found)]
    for found in (exact, near if len(wanted) >= 3 else []):
        if len(found) == 1:
            return found[0]
    raise Invalid(_("Please choose one of the options: tap a button, or type its number or "
                    "its name."))


def _yes_no(spec: FieldSpec, text: str, answers: dict[str, Any]) -> bool:
    word = fold(text)
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise Invalid(_("Please answer yes or no: tap a button, or type “có” or “không”."))


_DATE_FORMS = (
    (re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"), (3, 2, 1)),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
    (re.compile(r"(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})"), (3, 2, 1)),
)


def _date(spec: FieldSpec, text: str, answers: dict[str, Any]) -> str:
    compact = text.replace(" ", "") if re.fullmatch(r"[\d\s/.-]+", text) else fold(text)
    for pattern, (yi, mi, di) in _DATE_FORMS:
        match = pattern.fullmatch(compact)
        if match:
            year, month, day = (int(match.group(i)) for i in (yi, mi, di))
            try:
                if not 1900 <= year <= 2100:
                    raise ValueError
                return dt.date(year, month, day).isoformat()
            except ValueError:
                raise Invalid(_("{value} is not a real date. Please check the day and the "
                                "month.").format(value=html.escape(text))) from None
    raise Invalid(_("Please enter a date as day/month/year, for example 31/5/2027."))


_PARSERS = {
    FieldKind.SHORT_TEXT: _text,
    FieldKind.LONG_TEXT: _text,
    FieldKind.INTEGER: _integer,
    FieldKind.NUMBER: _number,
    FieldKind.CHOICE: _choice,
    FieldKind.YES_NO: _yes_no,
    FieldKind.DATE: _date,
}


def is_done_word(text: str) -> bool:
    """Whether ``text`` means "that's all my files" ("xong", "done")."""
    return fold(text) in _DONE_WORDS
