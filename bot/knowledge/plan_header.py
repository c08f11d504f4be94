"""The frame around a plan's body: the letterhead (issuer, number, place and date of issue),
the document's type and title, and at its foot the signature and the recipients."""

from __future__ import annotations

import re

from bot.knowledge.model import ParsedPlan
from bot.knowledge.outline import is_recipients_line
from bot.knowledge.versions import read_self_citation

DOC_TYPES = ("KẾ HOẠCH", "HƯỚNG DẪN", "THÔNG BÁO", "CÔNG VĂN", "QUYẾT ĐỊNH", "CHỈ THỊ", "LUẬT",
             "NGHỊ ĐỊNH", "THÔNG TƯ", "NGHỊ QUYẾT", "QUY CHẾ", "QUY ĐỊNH")
_OUTLINE = re.compile(r"(\d+\.)+\d*\s|[a-zđ]\)\s|Chương\s|CHƯƠNG\s|Điều\s")
_MOTTO = re.compile(r"cộng hòa xã hội|cộng hoà xã hội|độc lập\s*-|^-+$", re.I)
_BODY_START = re.compile(r"^(thực hiện|căn cứ|nhằm|phòng|sở|để|theo)\b|^[IVX]+\.\s", re.I)
_NUMBER = re.compile(r"^(?:[^\W\d_]+\s+)?Số\s*:\s*(\S*(?:\s*/\s*\S+)*)", re.I)
_DATE_LINE = re.compile(r"^(?P<place>[^,\d]{2,40}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*"
                        r"(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})", re.I)
_ISSUER = re.compile(r"\b(Phòng|Sở)\s+(?:Giáo dục và Đào tạo|Giáo dục - Đào tạo|GD&ĐT|GDĐT|"
                     r"GD-ĐT)(?!\s*\()")
_ISSUER_VERB = re.compile(r"\s*(xây dựng|triển khai|đề nghị|ban hành|tổ chức|hướng dẫn)\b")
_LOCALITY_WORDS = ("quận", "huyện", "thị", "thành", "tỉnh", "tp", "tp.")


def split_header(lines: list[str]) -> tuple[list[str], list[str], str, list[str]]:
    """(header lines, title lines, document type, body lines)."""
    for i, line in enumerate(lines[:40]):
        doc_type, rest = _doc_type(line.strip())
        if not doc_type:
            continue
        title = [rest] if rest else []
        j = i + 1
        while j < len(lines) and len(title) < 4:
            cur = lines[j].strip()
            if cur and (_BODY_START.match(cur) or len(cur) > 300 or _OUTLINE.match(cur)):
                break
            if cur:
                title.append(cur)
            j += 1
        return lines[:i], title, doc_type.capitalize(), lines[j:]
    start = next((i for i, line in enumerate(lines[:40]) if _BODY_START.match(line.strip())), 0)
    header = lines[:start]
    title = [next((h.strip() for h in reversed(header) if h.strip()
                   and not _NUMBER.match(h.strip()) and not _DATE_LINE.match(h.strip())), "")]
    return header, [t for t in title if t], "", lines[start:]


def _doc_type(line: str) -> tuple[str, str]:
    """("KẾ HOẠCH", "Phát động …") for "KẾ HOẠCH" alone or followed by its subject."""
    for kind in DOC_TYPES:
        if line == kind:
            return kind, ""
        if line.startswith(kind + " ") and not line[len(kind) + 1:].isupper():
            return kind, line[len(kind) + 1:].strip()
    return "", ""


def split_tail(body: list[str]) -> tuple[list[str], list[str]]:
    """(the body, the tail from "Nơi nhận:" on: recipients and signature)."""
    for i, line in enumerate(body):
        if is_recipients_line(line):
            return body[:i], body[i:]
    return body, []


def read_header(plan: ParsedPlan, header: list[str]) -> None:
    """The plan's number ("Số: 123/KH-PGDĐT"), place and date of issue from its header."""
    for line in header:
        m = _NUMBER.match(line.strip(" |"))
        if m and re.match(r"\d|/\s*[^\W\d_]", m.group(1)):  # "Số: /KH-SGDĐT" is not numbered yet
            plan.number = re.sub(r"\s*/\s*", "/", m.group(1))
        d = _DATE_LINE.match(line.strip(" |"))
        if d:
            plan.place = d.group("place").strip()
            parts = [d.group("y"), d.group("m"), d.group("d") if d.group("m") else None]
            plan.issued_date = "-".join(f"{int(p):02d}" if len(p) < 4 else p
                                        for p in parts if p)


def apply_self_citation(plan: ParsedPlan) -> None:
    """A consolidated law names itself under its type: its number, date and issuer."""
    cite = read_self_citation(plan.title)
    if cite is None:
        return
    plan.title, plan.number, plan.issued_date = cite.title, cite.number, cite.issued_date
    plan.issuer = plan.issuer or cite.issuer


def read_signer(tail: list[str]) -> tuple[str | None, str | None]:
    """The name under the signature, and the signer's title ("TRƯỞNG PHÒNG")."""
    candidates = [line.strip() for line in tail
                  if line.strip() and not line.startswith("-") and not is_recipients_line(line)]
    title = next((c for c in candidates if c == c.upper() and re.search(r"[A-ZĐ]", c)), None)
    names = [c for c in candidates if c != title and _looks_like_name(c)]
    name = names[-1] if names else None
    return (name or title), (title if name else None)


def _looks_like_name(text: str) -> bool:
    parts = text.split()
    return 2 <= len(parts) <= 5 and all(p[:1].isupper() and p[1:].islower() for p in parts)


def header_issuer(header: list[str]) -> str | None:
    """The issuing body as the letterhead names it ("QUỐC HỘI", "BỘ GIÁO DỤC VÀ ĐÀO TẠO" over
    "TRƯỜNG ĐẠI HỌC MỞ HÀ NỘI": the lower line issues); None without a letterhead."""
    names: list[str] = []
    for line in header:
        text = line.strip(" |")
        motto = _MOTTO.search(text)
        if motto and text[:motto.start()].strip().isupper():
            text = text[:motto.start()].strip()
        if not text or _MOTTO.search(text) or _NUMBER.match(text) or _DATE_LINE.match(text):
            if names and (_NUMBER.match(text) or _DATE_LINE.match(text)):
                break
            continue
        if text.isupper() and len(text) <= 90:
            if names and len(names[-1].split()) <= 2:
                names[-1] += " " + text
            else:
                names.append(text)
    if not names:
        return None
    return " ".join(w.capitalize() if w.isalpha() else w for w in names[-1].split())


def issuer_in_body(body: list[str], plan: ParsedPlan) -> str | None:
    """The office ("Phòng/Sở Giáo dục và Đào tạo" and its locality) the body names as acting,
    for a plan without a letterhead."""
    text = "\n".join(body)
    found = [(m.group(1), _locality(text, m.end()), bool(_ISSUER_VERB.match(text, m.end())))
             for m in _ISSUER.finditer(text)]
    if not found:
        return None
    kind = next((k for k, _loc, verb in found if verb), None)
    if kind is None:
        suffix = (plan.number or "").upper()
        kind = "Sở" if "SGD" in suffix else "Phòng" if "PGD" in suffix else found[0][0]
    local = next((loc for k, loc, verb in found if k == kind and verb and loc), None)
    local = local or next((loc for k, loc, _v in found if k == kind and loc), None)
    local = local or plan.place
    return f"{kind} Giáo dục và Đào tạo" + (f" {local}" if local else "")


def _locality(text: str, pos: int) -> str | None:
    words = text[pos:pos + 60].split("\n")[0].split()
    taken: list[str] = []
    for i, word in enumerate(words):
        clean = word.rstrip(",;.:)")
        first = i == 0 and clean.lower() in _LOCALITY_WORDS
        named = (clean[:1].isupper() or clean.isdigit()) and clean != "GDĐT"
        after_prefix = i == 1 and bool(taken) and taken[0].lower() in ("thị", "thành")
        if first or named or after_prefix:
            taken.append(clean)
        else:
            break
        if clean != word:
            break
    return " ".join(taken) or None
