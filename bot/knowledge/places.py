"""Places and issuers named in a question ("Q11", "quận Thanh Xuân", "BP", "sở") and the
documents they point to.

Each document's localities are read from its own issuer, title and heading lines; a question
that names a locality is searched in that locality's documents and in the national ones (laws,
decrees, circulars), and in nothing else: a question about "quận 5" is not answered from
Quận 11's plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.knowledge.textnorm import fold

# Vietnam's provinces and centrally-run cities (the 63 in use until 2025), as written.
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
    "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang",
    "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn",
    "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Huế", "Tiền Giang", "Hồ Chí Minh", "Trà Vinh", "Tuyên Quang",
    "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
_DISTRICT = re.compile(
    r"\b((?i:quận|huyện|thị xã|thành phố|tp\.?))[ ]+((?:\d{1,2})\b|(?:[A-ZĐÀ-Ỹ][\wà-ỹđ]*"
    r"(?:[ ]+[A-ZĐÀ-Ỹ][\wà-ỹđ]*){0,3}))")
_DISTRICT_Q = re.compile(r"\b(quan|huyen|thi xa)\s+(\d{1,2}|[a-z]+(?:\s+[a-z]+)?)\b")
_NATIONAL_TYPES = ("luật", "nghị định", "thông tư", "nghị quyết", "quyết định của thủ tướng")
_NATIONAL_ISSUERS = ("quốc hội", "chính phủ", "bộ giáo dục", "thủ tướng", "bộ nội vụ")


_RECIPIENTS = re.compile(r"^[ \t|]*Kính gửi\b[^\n]*(?:\n[ \t|]*[-–+•][^\n]*)*", re.M | re.I)
"""The addressees of a letter ("Kính gửi: - Sở Giáo dục và Đào tạo tỉnh …; - Đại học Quốc gia
Hà Nội"): whom it is sent to, not the places it is about."""
_CITED = re.compile(r"\b(nhac toi|nhac den|de cap|dan chieu|vien dan|can cu vao|can cu)\b")


@dataclass(frozen=True)
class DocPlaces:
    plan_id: int
    localities: frozenset[str]  # folded: "quan 11", "ho chi minh", "binh phuoc"
    national: bool


@dataclass
class Gazetteer:
    docs: list[DocPlaces] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # folded alias → folded locality

    @classmethod
    def build(cls, docs: Iterable[tuple[int, str, str]]) -> Gazetteer:
        """``docs``: (plan id, document type and issuer, title and header text)."""
        g = cls()
        for plan_id, kind_issuer, text in docs:
            low = kind_issuer.lower()
            nationwide = (any(low.startswith(t) for t in _NATIONAL_TYPES)
                          or any(i in low for i in _NATIONAL_ISSUERS))
            if nationwide:  # a ministry's letter to "Sở GD&ĐT tỉnh Bạc Liêu" is not Bạc Liêu's
                text = _RECIPIENTS.sub(" ", text)
            found = localities(kind_issuer + "\n" + text) | institutions(kind_issuer)
            national = nationwide and not found
            g.docs.append(DocPlaces(plan_id, frozenset(found), national))
            for loc in found:
                for alias in aliases(loc):
                    g.names.setdefault(alias, loc)
        return g

    def scope(self, question: str) -> frozenset[int] | None:
        """The documents a question is about when it names a place; None when it names none.
        The national ones are in scope too, unless it asks what the place's document cites
        ("luật mà kế hoạch Quận 11 nhắc tới"): that is in the place's own text."""
        named = self.named(question)
        if not named:
            return None
        cited = bool(_CITED.search(fold(question).lower()))
        return frozenset(d.plan_id for d in self.docs
                         if (d.national and not cited) or d.localities & named)

    def spell_out(self, question: str) -> str:
        """The question with each locality's initials written in full ("bc sk bp" → "bc sk
        binh phuoc"), so they are searched as the place, not as other words' initials."""
        short = {a: loc for a, loc in self.names.items() if " " not in a and a != loc}
        if not short:
            return question
        return re.sub(r"[^\W_]+", lambda m: short.get(m.group(0).lower(), m.group(0)),
                      question)

    def named(self, question: str) -> set[str]:
        folded = " " + " ".join(re.findall(r"[^\W_]+", fold(question))) + " "
        named = {loc for alias, loc in self.names.items()
                 if f" {alias} " in folded and not _longer_name(alias, question)}
        for m in _DISTRICT_Q.finditer(folded):
            place = f"{m.group(1)} {m.group(2)}"
            if m.group(2).isdigit() or place in self.names:
                named.add(self.names.get(place, place))
        for province in PROVINCES:
            if f" {fold(province).replace(' - ', ' ')} " in folded and not _longer_name(
                    province, question):
                named.add(fold(province).replace(" - ", " "))
        return named


_INSTITUTION = re.compile(
    r"\bTrường\s+((?:Đại học|Đại Học|ĐH|Cao đẳng|Cao Đẳng|THPT|THCS|Tiểu học|Tiểu Học|"
    r"Mầm non|Mầm Non)\s+[A-ZĐÀ-Ỹ][\wà-ỹđ]*(?:[ ]+[A-ZĐÀ-Ỹ][\wà-ỹđ]*){0,4})")
_SCHOOL_KINDS = {"dai hoc": "dh", "cao dang": "cd", "thpt": "thpt", "thcs": "thcs",
                 "tieu hoc": "th", "mam non": "mn"}


def institutions(issuer: str) -> set[str]:
    """The school a document's issuer names ("Trường Đại học Mở Hà Nội" → "dai hoc mo"),
    folded and without its province: a question about it is about that school's documents."""
    found = set()
    for m in _INSTITUTION.finditer(issuer):
        name = fold(m.group(1)).replace("dh ", "dai hoc ", 1)
        for province in PROVINCES:
            suffix = " " + fold(province)
            if name.endswith(suffix) and len(name) > len(suffix) + 8:
                name = name[:-len(suffix)]
        found.add(name)
    return found


def _longer_name(place: str, question: str) -> bool:
    """Every time the question writes a place's name, it is the start of a longer name
    ("chiến thắng Điện Biên Phủ" is a battle, not the province of Điện Biên)."""
    folded = fold(question)
    if len(folded) != len(question):
        return False
    found = list(re.finditer(rf"(?<!\w){re.escape(fold(place))}(?!\w)", folded))
    return bool(found) and all(_name_goes_on(question[m.end():]) for m in found)


_PLACE_STARTS = frozenset(p.split()[0].lower() for p in PROVINCES) | {
    "tp", "thành", "tỉnh", "quận", "huyện", "thị", "xã", "phường"}


def _name_goes_on(rest: str) -> bool:
    """The words after a place's name go on with it: a capitalised word that starts no
    place ("Điện Biên Phủ"; not "Thanh Xuân Hà Nội" nor "Quận 11 TP.HCM")."""
    m = re.match(r"\s+(\w+)", rest)
    return m is not None and m.group(1)[0].isupper() and m.group(1).lower() not in _PLACE_STARTS


def localities(text: str) -> set[str]:
    """Districts and provinces a document's own lines name (folded)."""
    found = set()
    for m in _DISTRICT.finditer(text):
        kind = fold(m.group(1)).rstrip(".")
        kind = "thanh pho" if kind == "tp" else kind
        name = fold(m.group(2))
        if name in ("ho chi minh",):
            found.add(name)
        elif kind in ("quan", "huyen", "thi xa") or m.group(2)[:1].isupper():
            found.add(f"{kind} {name}" if name.isdigit() else name)
    folded = fold(text)
    for province in PROVINCES:
        name = fold(province).replace(" - ", " ")
        if re.search(rf"\b{re.escape(fold(province))}\b", folded):
            found.add(name)
    return found


_TAKEN = frozenset({"tx", "tp", "tt", "nd", "qd", "kh", "ht", "cb", "td", "kt", "tc", "hd", "ct",
                    "cv", "bc", "sk", "tk", "gd", "dt", "hs", "gv", "nv", "dv", "ql", "bd"})


def aliases(locality: str) -> set[str]:
    """How people write a locality: "quan 11", "q11"; "binh phuoc", "bp"; "thanh xuan"; a
    school by its kind or as "trường" and its name ("thcs an thang", "truong an thang").
    Initials that also stand for common words ("tx": thị xã, "tt": thông tư) are left out."""
    out = {locality}
    for kind, short in _SCHOOL_KINDS.items():
        if locality.startswith(kind + " "):  # "dai hoc mo", "dh mo", "truong mo"
            return out | {short + locality[len(kind):], "truong" + locality[len(kind):]}
    parts = locality.split()
    if parts[0] in ("quan", "huyen") and len(parts) == 2 and parts[1].isdigit():
        out.add(f"q{parts[1]}" if parts[0] == "quan" else f"h{parts[1]}")
    elif len(parts) >= 2 and not any(p.isdigit() for p in parts):
        initials = "".join(p[0] for p in parts)
        if initials not in _TAKEN:
            out.add(initials)
    return out


_DOC_NUMBER = re.compile(r"\b\d{1,4}\s*/\s*(?:\d{4}\s*/\s*)?[a-zđ]{2,}(?:\s*-\s*[a-zđ&]+)+|"
                         r"\b\d{1,4}\s*/\s*\d{4}\s*/\s*[a-zđ]+\d*", re.I)


def named_numbers(question: str) -> set[str]:
    """Document numbers a question names ("98/2023/NĐ-CP", "02/KH-PGDĐT"), folded and without
    spaces, to be found in whatever answers it."""
    return {number_key(m.group(0)) for m in _DOC_NUMBER.finditer(question)}


def number_key(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))
