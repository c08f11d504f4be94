"""The frame around a plan's body: the letterhead (issuer, number, place and date of issue),
the document's type and title, and at its foot the signature and the recipients."""

from __future__ import annotations

import re

from bot.knowledge.agency_names import starts_unit
from bot.knowledge.letterhead import (
    ADDRESSEES,
    find_date,
    find_number,
    find_subject,
    has_motto,
    is_furniture,
    is_motto,
    looks_capital,
    motto_free,
    read_letterhead,
)
from bot.knowledge.model import ParsedPlan
from bot.knowledge.outline import attachment_start, is_recipients_line
from bot.knowledge.textnorm import fold
from bot.knowledge.versions import read_self_citation

DOC_TYPES = ("THÔNG TƯ LIÊN TỊCH", "KẾ HOẠCH", "HƯỚNG DẪN", "THÔNG BÁO", "CÔNG VĂN",
             "QUYẾT ĐỊNH", "CHỈ THỊ", "LUẬT", "NGHỊ ĐỊNH", "THÔNG TƯ", "NGHỊ QUYẾT", "QUY CHẾ",
             "QUY ĐỊNH", "TỜ TRÌNH", "BÁO CÁO", "CHƯƠNG TRÌNH", "ĐỀ ÁN", "PHƯƠNG ÁN",
             "GIẤY MỜI", "BIÊN BẢN", "CÔNG ĐIỆN", "PHÁP LỆNH")
_FOLDED_TYPES = {fold(t).replace(" ", ""): t for t in DOC_TYPES}
_OUTLINE = re.compile(r"(\d+\.)+\d*\s|[a-zđ]\)\s|Chương\s|CHƯƠNG\s|Điều\s|[IVX]+\.\s")
_BODY_START = re.compile(r"^(thực hiện|căn cứ|nhằm|phòng|sở|để|theo|kính gửi)\b|^[IVX]+\.\s",
                         re.I)
# The one who decides, named in capitals between a decision's title and its grounds.
_AUTHORITY = re.compile(r"^(CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG (PHÒNG|BAN)|HIỆU TRƯỞNG|BỘ TRƯỞNG|"
                        r"THỦ TƯỚNG|CỤC TRƯỞNG|VỤ TRƯỞNG|CHÁNH VĂN PHÒNG|ỦY BAN NHÂN DÂN|UBND|"
                        r"HỘI ĐỒNG THI ĐUA|QUỐC HỘI|CHÍNH PHỦ)\b")
_ISSUER = re.compile(r"\b(Phòng|Sở)\s+(?:Giáo dục và Đào tạo|Giáo dục - Đào tạo|GD&ĐT|GDĐT|"
                     r"GD-ĐT)(?!\s*\()")
_ISSUER_VERB = re.compile(r"\s*(xây dựng|triển khai|đề nghị|ban hành|tổ chức|hướng dẫn)\b")
_LOCALITY_WORDS = ("quận", "huyện", "thị", "thành", "tỉnh", "tp", "tp.")
_SCAN = 40


def split_header(lines: list[str]) -> tuple[list[str], list[str], str, list[str]]:
    """(header lines, title lines, document type, body lines): the type line and its title
    ("KẾ HOẠCH" / "Tổ chức …"), a công văn's subject ("V/v …") under its number, or, with
    neither, the letterhead's block and a title from the first heading or sentence."""
    in_body = False  # a subject is read above the body only; a type line anywhere near the top
    for i, line in enumerate(lines[:_SCAN]):
        text = line.strip()
        doc_type, rest = _doc_type(text)
        if doc_type:
            title, j = _title_after(lines, i + 1, [rest] if rest else [])
            return lines[:i], title, doc_type.capitalize(), lines[j:]
        if not in_body and find_subject(text) is not None:
            j = _subject_end(lines, i + 1)
            subject = read_letterhead(lines[:j]).subject or ""
            return lines[:j], [_sentence_case(subject)] if subject else [], "Công văn", lines[j:]
        in_body = in_body or _starts_body(text)
    return _untyped(lines)


def _title_after(lines: list[str], j: int, title: list[str]) -> tuple[list[str], int]:
    while j < len(lines) and len(title) < 4:
        cur = lines[j].strip()
        if cur and (_starts_body(cur) or len(cur) > 300 or _OUTLINE.match(cur)
                    or _AUTHORITY.match(cur) or ADDRESSEES.match(cur)
                    or (title and _doc_type(cur)[0] and not _doc_type(title[-1])[0])):
            break
        if cur:
            title.append(cur)
        j += 1
    return title, j


def _subject_end(lines: list[str], j: int) -> int:
    """Where a công văn's header ends: at "Kính gửi", the body, or a paragraph of prose."""
    while j < len(lines) and j < _SCAN:
        cur = lines[j].strip()
        if cur and (_starts_body(cur) or _OUTLINE.match(cur) or cur.startswith(("-", "+"))
                    or ADDRESSEES.match(cur) or (len(cur) > 120 and not find_date(cur))):
            break
        j += 1
    return j


def _untyped(lines: list[str]) -> tuple[list[str], list[str], str, list[str]]:
    """No type line: the letterhead is the leading block of names, number, date and motto;
    a line in capitals after it is the title, else the first heading or sentence is."""
    k, seen_number, units = 0, False, 0
    while k < min(len(lines), _SCAN):
        text = lines[k].strip()
        if not text or is_furniture(text) or is_motto(text):
            k += 1
            continue
        if find_number(text) or find_date(text):
            seen_number = True
        elif not (looks_capital(text) and not seen_number
                  and (starts_unit(text) or (units > 0 and len(text.split()) <= 6))):
            break
        else:
            units += 1
        k += 1
    title: list[str] = []
    j, kind = k, ""
    if k < len(lines) and looks_capital(lines[k]) and not _OUTLINE.match(lines[k]):
        first = lines[k].strip()
        kind = next((t for t in DOC_TYPES if first.startswith(t + " ")), "")
        title, j = _title_after(lines, k + 1, [first[len(kind):].strip()])
    if not title:
        title = [t for t in [body_title(lines[k:])] if t]
    return lines[:k], [_sentence_case(" ".join(title))] if title else [], kind.capitalize(), \
        lines[j:]


def body_title(body: list[str]) -> str:
    """A title for a document without one: its first heading or sentence, not its grounds
    ("Căn cứ …") or addressees, shortened to a line."""
    for line in body:
        text = re.sub(r"^(?:[IVX]+\.|\d+(?:\.\d+)*\.?|[-–+•])\s+", "", line.strip())
        if not text or is_furniture(text) or re.match(r"(căn cứ|kính gửi)\b", text, re.I):
            continue
        first = re.split(r"(?<=[^\d\s][.;:])\s|[;:]\s*$", text)[0].rstrip(" .;:")
        if len(first) > 120:
            first = first[:120].rsplit(" ", 1)[0] + "…"
        return _sentence_case(first)
    return ""


def _sentence_case(text: str) -> str:
    if looks_capital(text):
        text = text.lower()
    return text[:1].upper() + text[1:]


def _starts_body(text: str) -> bool:
    """A sentence of the body, not a letterhead line that starts alike ("PHÒNG GIÁO DỤC …",
    or "Phòng …" joined to the motto by a converter)."""
    if not _BODY_START.match(text):
        return False
    first = motto_free(text)[:1] if has_motto(text) else [text.split(":")[0]]
    return not (first and looks_capital(first[0]))


def _doc_type(line: str) -> tuple[str, str]:
    """("KẾ HOẠCH", "Phát động …") for "KẾ HOẠCH" alone or followed by its subject; a scan's
    "KÉ HOẠCH" or "K Ế H O Ạ C H" is read too."""
    for kind in DOC_TYPES:
        if line == kind:
            return kind, ""
        if line.startswith(kind + " ") and not line[len(kind) + 1:].isupper():
            return kind, line[len(kind) + 1:].strip()
    if looks_capital(line) and len(line) <= 40:
        return _FOLDED_TYPES.get(re.sub(r"[\s:.]", "", fold(line)), ""), ""
    return "", ""


def split_tail(body: list[str]) -> tuple[list[str], list[str]]:
    """(the body, the tail from "Nơi nhận:" on: recipients and signature). What is attached
    after the signature (an appendix, forms, the regulation a decision issues) is body
    again."""
    for i, line in enumerate(body):
        if is_recipients_line(line):
            end = attachment_start(body, i + 1)
            return body[:i] + body[end:], body[i:end]
    return body, []


def read_header(plan: ParsedPlan, header: list[str]) -> None:
    """The plan's number ("Số: 123/KH-PGDĐT"), place and date of issue from its header."""
    head = read_letterhead(header)
    if head.number and re.match(r"\d|/\s*[^\W\d_]", head.number):  # "Số: /KH-SGDĐT" is
        plan.number = head.number  # not numbered yet, but "Số: /" says nothing
    if head.issued_date:
        plan.place, plan.issued_date = head.place, head.issued_date


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
    """The issuing body as the letterhead names it ("QUỐC HỘI"; "BỘ GIÁO DỤC VÀ ĐÀO TẠO" over
    "TRƯỜNG ĐẠI HỌC MỞ HÀ NỘI": the lower line issues; "UBND HUYỆN X" over "PHÒNG GIÁO DỤC VÀ
    ĐÀO TẠO": the office of that district); None without a letterhead."""
    return read_letterhead(header).issuer


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
