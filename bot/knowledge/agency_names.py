"""The name of an issuing body as a letterhead prints it (in capitals, one unit a line), written
as Vietnamese writes it, with the parent body where that tells two offices apart.

Nghị định 30/2020/NĐ-CP, Phụ lục I: the letterhead names the governing body (tên cơ quan chủ
quản) over the issuing one. "UBND HUYỆN X" over "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" is "Phòng Giáo dục
và Đào tạo huyện X"; every district has such an office, and only the first line says whose."""

from __future__ import annotations

import re
import unicodedata

# The kind of body a unit's name starts with, in capitals, and how it is written.
_HEADS = (
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"), ("ỦY BAN NHÂN DÂN", "Ủy ban nhân dân"),
    ("UỶ BAN NHÂN DÂN", "Ủy ban nhân dân"), ("HỘI ĐỒNG NHÂN DÂN", "Hội đồng nhân dân"),
    ("UBND", "UBND"), ("HĐND", "HĐND"), ("QUỐC HỘI", "Quốc hội"), ("CHÍNH PHỦ", "Chính phủ"),
    ("VĂN PHÒNG", "Văn phòng"), ("TỔNG CỤC", "Tổng cục"), ("HỌC VIỆN", "Học viện"),
    ("TRUNG TÂM", "Trung tâm"), ("HỘI ĐỒNG", "Hội đồng"), ("CÔNG ĐOÀN", "Công đoàn"),
    ("LIÊN ĐOÀN", "Liên đoàn"), ("ĐẠI HỌC", "Đại học"), ("ỦY BAN", "Ủy ban"),
    ("UỶ BAN", "Ủy ban"), ("ĐẢNG ỦY", "Đảng ủy"), ("ĐẢNG UỶ", "Đảng ủy"), ("TỈNH ỦY", "Tỉnh ủy"),
    ("HUYỆN ỦY", "Huyện ủy"), ("THÀNH ỦY", "Thành ủy"), ("TỔ CHUYÊN MÔN", "Tổ chuyên môn"),
    ("TRƯỜNG", "Trường"), ("PHÒNG", "Phòng"),
    ("SỞ", "Sở"), ("BỘ", "Bộ"), ("BAN", "Ban"), ("CỤC", "Cục"), ("VỤ", "Vụ"), ("VIỆN", "Viện"),
    ("ĐOÀN", "Đoàn"), ("TỔ", "Tổ"), ("HỘI", "Hội"),
)
_TERRITORIAL = ("Ủy ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND")
_SUB_UNITS = ("Phòng", "Ban", "Văn phòng", "Vụ", "Cục", "Tổng cục", "Tổ", "Tổ chuyên môn",
              "Hội đồng",
              "Trung tâm", "Sở", "Ủy ban", "Hội", "Viện")
_SCHOOL_LEVELS = (
    ("PHỔ THÔNG DÂN TỘC NỘI TRÚ", "Phổ thông dân tộc nội trú"),
    ("PHỔ THÔNG DÂN TỘC BÁN TRÚ", "Phổ thông dân tộc bán trú"),
    ("TRUNG HỌC PHỔ THÔNG", "Trung học phổ thông"), ("TRUNG HỌC CƠ SỞ", "Trung học cơ sở"),
    ("TIỂU HỌC", "Tiểu học"), ("MẦM NON", "Mầm non"), ("MẪU GIÁO", "Mẫu giáo"),
    ("ĐẠI HỌC", "Đại học"), ("CAO ĐẲNG", "Cao đẳng"), ("TRUNG CẤP", "Trung cấp"),
    ("PHỔ THÔNG", "Phổ thông"),
)
_EXPAND = {"GD&ĐT": "Giáo dục và Đào tạo", "GDĐT": "Giáo dục và Đào tạo",
           "GD-ĐT": "Giáo dục và Đào tạo", "TĐKT": "Thi đua - Khen thưởng",
           "LĐTB&XH": "Lao động - Thương binh và Xã hội"}
# Fields of work a department or ministry is named for; a name that goes on after one goes on
# with its place ("SỞ GIÁO DỤC VÀ ĐÀO TẠO HÀ NỘI").
_FIELDS = ("GIÁO DỤC VÀ ĐÀO TẠO", "NỘI VỤ", "NGOẠI GIAO", "TÀI CHÍNH", "Y TẾ", "TƯ PHÁP",
           "VĂN HÓA, THỂ THAO VÀ DU LỊCH", "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "XÂY DỰNG",
           "THI ĐUA - KHEN THƯỞNG", "KẾ HOẠCH VÀ ĐẦU TƯ", "CÔNG THƯƠNG", "QUỐC PHÒNG",
           "NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "TÀI NGUYÊN VÀ MÔI TRƯỜNG", "CÔNG AN",
           "KHOA HỌC VÀ CÔNG NGHỆ", "THÔNG TIN VÀ TRUYỀN THÔNG", "GIAO THÔNG VẬN TẢI",
           "GIÁO DỤC", "ĐÀO TẠO", "VĂN HÓA VÀ THÔNG TIN", "DÂN TỘC", "THANH TRA")
_PROPER = {"TRUNG ƯƠNG": "Trung ương", "VIỆT NAM": "Việt Nam", "HỒ CHÍ MINH": "Hồ Chí Minh",
           "NHÀ NƯỚC": "Nhà nước", "CHÍNH PHỦ": "Chính phủ", "QUỐC GIA": "Quốc gia"}
# "XÃ" is a commune, except in "… và Xã hội".
_LOCALITY = re.compile(r"(?<!\S)(THÀNH PHỐ|THỊ XÃ|THỊ TRẤN|HUYỆN|QUẬN|TỈNH|PHƯỜNG|XÃ(?! HỘI)"
                       r"|TP\.?)(?=\s|$)")
_JOINERS = ("VÀ", "-", "–", "&")


def unit_head(name: str) -> str:
    """The kind of body ("Phòng", "UBND") a name in capitals starts with; "" if none."""
    upper = _upper(name)
    for caps, written in _HEADS:
        if upper == caps or upper.startswith(caps + " "):
            return written
    return ""


def starts_unit(line: str) -> bool:
    """Whether a letterhead line in capitals opens a new unit rather than carrying on the name
    of the one above ("HỘI ĐỒNG" / "THI ĐUA - KHEN THƯỞNG TỈNH X")."""
    return bool(unit_head(line))


def continues_unit(previous: str, line: str) -> bool:
    """A name broken over two lines: the next one does not start a unit, or the previous one
    is a bare head ("HỘI ĐỒNG") or ends on a joiner ("PHÒNG GIÁO DỤC VÀ")."""
    if not starts_unit(line):
        return True
    words = _upper(previous).split()
    return _upper(previous) in {caps for caps, _w in _HEADS} or (bool(words)
                                                                  and words[-1] in _JOINERS)


def written_name(caps: str) -> str:
    """ "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN HIỆP HÒA" → "Phòng Giáo dục và Đào tạo huyện Hiệp
    Hòa"; "TRƯỜNG THCS KIM ĐỒNG" → "Trường THCS Kim Đồng"; "BỘ NGOẠI GIAO" → "Bộ Ngoại giao"."""
    text = " ".join(_upper(caps).split())
    for short, full in _EXPAND.items():
        text = re.sub(rf"(?<!\S){re.escape(short)}(?!\S)", full.upper(), text)
    head_caps = next((c for c, _w in _HEADS if text == c or text.startswith(c + " ")), "")
    head = unit_head(text)
    rest = text[len(head_caps):].strip()
    loc = _LOCALITY.search(rest)
    name, place = (rest[:loc.start()].strip(), rest[loc.start():]) if loc else (rest, "")
    if head == "Trường":
        body = _school(name)
    elif head in _TERRITORIAL or head in ("Quốc hội", "Chính phủ", "Thủ tướng Chính phủ"):
        body = _title_words(name)
    else:
        body, tail = _split_field(name)
        body = " ".join(p for p in (_field(body), _title_words(tail)) if p)
    parts = [head, body, _place(place)] if head else [_field(name), _place(place)]
    return " ".join(p for p in parts if p)


def _split_field(name: str) -> tuple[str, str]:
    """(the field, the place after it) of "GIÁO DỤC VÀ ĐÀO TẠO HÀ TRUNG"."""
    if name in _FIELDS:
        return name, ""
    for caps in sorted(_FIELDS, key=len, reverse=True):
        if name.startswith(caps + " "):
            return caps, name[len(caps):].strip()
    return name, ""


def has_place(name: str) -> bool:
    """Whether a written name says where: "huyện X", or a place after its field."""
    if locality(name):
        return True
    upper = _upper(name)
    head = next((c for c, _w in _HEADS if upper.startswith(c + " ")), "")
    tail = _split_field(upper[len(head):].strip())[1] if head else ""
    return bool(tail) and all(w.isalpha() or w.isdigit() for w in tail.split())


def locality(name: str) -> str:
    """ "huyện Hiệp Hòa" of "UBND huyện Hiệp Hòa"; "" when the name has none."""
    m = re.search(r"(?<!\S)(thành phố|thị xã|thị trấn|huyện|quận|tỉnh|phường|xã(?! hội)|TP\.?)"
                  r"\s+\S.*$", name)
    return m.group(0) if m else ""


def issuer_of(units: list[str]) -> str | None:
    """The issuing body of a letterhead's units (top down, in capitals), named so it can be
    told from its namesakes: with its parent's locality, or after a sub-unit its parent."""
    names = [written_name(u) for u in units if u.strip()]
    if not names:
        return None
    return _with_parent(names)


def _with_parent(names: list[str]) -> str:
    issuer = names[-1]
    if len(names) == 1 or has_place(issuer):
        return issuer
    parent = _with_parent(names[:-1])
    head, parent_head = unit_head(issuer), unit_head(parent)
    place = locality(parent)
    if parent_head in _TERRITORIAL:
        return f"{issuer} {place}" if place else issuer
    if head == "Trường" or head not in _SUB_UNITS:
        return f"{issuer}, {place}" if place else issuer
    return f"{issuer}, {parent}"


def _upper(text: str) -> str:
    return text.upper().replace("UỶ", "ỦY").replace("HOÀ", "HÒA")


def _school(name: str) -> str:
    for caps, written in _SCHOOL_LEVELS:
        if name == caps or name.startswith(caps + " "):
            return f"{written} {_title_words(name[len(caps):])}".strip()
    words = name.split()
    if words and _is_abbreviation(words[0]):
        return " ".join([words[0], _title_words(" ".join(words[1:]))]).strip()
    return _title_words(name)


def _field(name: str) -> str:
    """A field of work: its first word and each word after "và", "-" or "," capitalised
    ("Lao động - Thương binh và Xã hội"), abbreviations kept, known proper names written."""
    for caps, written in _PROPER.items():
        name = re.sub(rf"(?<!\S){caps}(?!\S)", written.replace(" ", "\x00"), name)
    out: list[str] = []
    capital = True
    for word in name.split():
        if "\x00" in word:
            out.append(word.replace("\x00", " "))
        elif word in _JOINERS:
            out.append("và" if word == "VÀ" else word)
        elif _is_abbreviation(word):
            out.append(word)
        else:
            lower = word.lower()
            out.append(lower[:1].upper() + lower[1:] if capital else lower)
        capital = word in _JOINERS or word.endswith(",")
    return " ".join(out)


def _place(place: str) -> str:
    if not place:
        return ""
    m = _LOCALITY.match(place)
    word = m.group(1) if m else ""
    kind = word if word.startswith("TP") else word.lower()
    return f"{kind} {_title_words(place[len(word):])}".strip()


def _title_words(text: str) -> str:
    if text.strip() in _PROPER:
        return _PROPER[text.strip()]
    return " ".join(w if _is_abbreviation(w) or w[:1].isdigit() else w[:1] + w[1:].lower()
                    for w in text.split())


def _is_abbreviation(word: str) -> bool:
    """ "THCS", "GD&ĐT", "TĐKT": no vowel, or an ampersand; not a word of the name."""
    letters = re.sub(r"[^\w&]", "", word)
    if "&" in letters:
        return True
    return len(letters) >= 2 and not re.search(r"[AEIOUY]", _strip_marks(letters).upper())


def _strip_marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
