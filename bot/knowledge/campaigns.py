"""The campaigns a plan launches or carries out: names in quotes after "phong trào thi đua",
"phong trào", "cuộc vận động" (and "Thi đua “…”"), with their periods.

One campaign is the plan's *main* one: named in the title, named by "Tên phong trào thi đua
“…”", written unquoted in the title after "phong trào thi đua", or else the plan's own subject
("Công tác thi đua, khen thưởng … năm 2024"). The others are *related*: campaigns the plan
says to carry on with. Quotes inside references to other documents ("Thực hiện Kế hoạch số
…", "(Căn cứ Quyết định số …)") are not campaigns of this plan.
"""

from __future__ import annotations

import re

from bot.knowledge.model import ParsedCampaign, Period
from bot.knowledge.periods import find_period
from bot.knowledge.textnorm import folded_tokens

_QUOTE = re.compile(r"[“\"]([^”\"“]{3,300})[”\"]")
_CUE = re.compile(r"(phong trào thi đua|phong trào|cuộc vận động|thi đua)", re.I)
_TAIL_BAD = re.compile(r"[.;,]|\b(về|với|gắn|theo|và)\b", re.I)
_CHAIN = re.compile(r"^\s*(?:giai đoạn\s+\d{4}\s*[-–]\s*\d{4}\s*)?[;,]\s*(?:và\s+)?$", re.I)
_DOC_REF = re.compile(r"\bsố\s+\d+|\b\d+/[A-ZĐ]|\b\d+-[A-Z]+/", re.I)
_PERIOD_TAIL = re.compile(
    r"\s*,?\s*(?:trong\s+)?(?:giai đoạn|năm học|năm)\s+\d{4}(?:\s*[-–]\s*\d{4})?\s*$", re.I)
_NAMED = re.compile(r"tên (?:phong trào|chủ đề)(?: thi đua)?\s*:?\s*[“\"]([^”\"]{3,300})[”\"]",
                    re.I)


def extract_campaigns(title: str, paragraphs: list[tuple[str, str]],
                      plan_period: Period | None) -> list[ParsedCampaign]:
    """``paragraphs``: (section number, text) in order."""
    main = _main_campaign(title, paragraphs, plan_period)
    found = [main]
    for number, text in paragraphs:
        for name, period in quoted_campaigns(text):
            candidate = ParsedCampaign(name, period or main.period, "related", number)
            if not any(_same(candidate.name, c.name) for c in found):
                found.append(candidate)
    return found


def _main_campaign(title: str, paragraphs: list[tuple[str, str]],
                   plan_period: Period | None) -> ParsedCampaign:
    in_title = quoted_campaigns(title)
    if in_title:
        name, period = in_title[0]
        return ParsedCampaign(name, period or plan_period, "main", "")
    for number, text in paragraphs:
        m = _NAMED.search(text)
        if m:
            name, period = _split_period(m.group(1))
            return ParsedCampaign(name, period or plan_period, "main", number)
    m = re.search(r"phong trào thi đua\s+(?![“\"])(.{10,})$", title, re.I)
    name = ("Phong trào thi đua " + m.group(1)) if m else title
    name, period = _split_period(name)
    return ParsedCampaign(name, period or plan_period, "main", "")


def quoted_campaigns(text: str) -> list[tuple[str, Period | None]]:
    """(name, own period) for every quoted campaign name in one paragraph."""
    found: list[tuple[str, Period | None]] = []
    chained_until = -1
    for m in _QUOTE.finditer(text):
        is_campaign = m.start() == chained_until or _cue_before(text, m.start())
        chained_until = -1
        if not is_campaign or _in_reference(text, m.start()):
            continue
        name, own = _split_period(m.group(1))
        period = own or _period_after(text, m.end())
        if len(name) >= 3:
            found.append((name, period))
        nxt = _QUOTE.search(text, m.end())
        if nxt and _CHAIN.match(text[m.end():nxt.start()]):
            chained_until = nxt.start()
    return found


def _cue_before(text: str, pos: int) -> bool:
    window = text[max(0, pos - 70):pos]
    cues = list(_CUE.finditer(window))
    if not cues:
        return False
    cue = cues[-1]
    tail = window[cue.end():]
    if cue.group(1).lower() == "thi đua":
        return not tail.strip()
    stripped = tail.strip().rstrip(":").strip()
    return len(stripped) <= 45 and not _TAIL_BAD.search(stripped)


def _in_reference(text: str, pos: int) -> bool:
    before = text[:pos]
    if before.count("(") > before.count(")"):
        return True
    head = text.lstrip("-–• ")
    return bool(re.match(r"(thực hiện|căn cứ)\b", head, re.I)) and bool(_DOC_REF.search(before))


def _period_after(text: str, pos: int) -> Period | None:
    tail = re.split(r"[;.“]", text[pos:pos + 50], maxsplit=1)[0]
    if re.match(r"[\s,”\"]*năm\s+\d{4}", tail, re.I) or re.search(r"giai đoạn|năm học", tail):
        return find_period(tail)
    return None


def _split_period(name: str) -> tuple[str, Period | None]:
    name = " ".join(name.split()).strip(" .,;:”“\"")
    m = _PERIOD_TAIL.search(name)
    if m and m.start() > 10:
        return name[:m.start()].strip(" ,"), find_period(m.group(0))
    return name, None


def _same(a: str, b: str) -> bool:
    """Two spellings of one campaign (token overlap, or one name inside the other)."""
    ta, tb = set(folded_tokens(a)), set(folded_tokens(b))
    if not ta or not tb:
        return False
    small, large = sorted((ta, tb), key=len)
    if len(ta & tb) / len(ta | tb) >= 0.8:
        return True
    return small <= large and len(small) / len(large) >= 0.7
