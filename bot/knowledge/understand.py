"""How people type a question, undone before it is searched: chat shorthand, filler, "q11".

Everything here is general Vietnamese chat usage, not the words of any one document; what the
documents themselves abbreviate is resolved against the corpus (``acronyms.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from bot.knowledge.english_structure import (
    EN_KIND_RULES,
    KIND_WORDS_EN,
    english_clauses,
    reads_english,
    spell_it,
    without_may,
)
from bot.knowledge.filler import without_filler
from bot.knowledge.frames import without_by_document
from bot.knowledge.kinds import (
    CAMPAIGNS,
    DATE,
    DOCNUMBER,
    EMAIL,
    LIST,
    MONEY,
    NUMBER,
    OFFICE,
    PERSON,
    TEXT,
)
from bot.knowledge.textnorm import fold, nfc, strip_markup

# Texting shorthand (folded, whole words) → the words meant. Only words that are never a real
# syllable of their own in formal text.
CHAT: dict[str, str] = {
    "j": "gì", "ko": "không", "k0": "không", "hok": "không", "kg": "không", "khg": "không",
    "dc": "được", "đc": "được", "bn": "bao nhiêu", "bnh": "bao nhiêu", "vs": "với",
    "ntn": "như thế nào", "z": "vậy", "r": "rồi", "ng": "người", "mn": "mọi người",
    "ad": "admin", "tr": "trường", "mk": "mình", "thg": "tháng", "bh": "bao giờ",
    "bg": "bao giờ", "cx": "cũng", "cg": "cũng", "trc": "trước", "trk": "trước", "ms": "mới",
    "sdt": "số điện thoại", "sđt": "số điện thoại", "pk": "phải không",
    "khum": "không", "bnhiu": "bao nhiêu", "nhiu": "nhiêu", "hnay": "hôm nay", "kq": "kết quả",
    "tgian": "thời gian", "dki": "đăng ký", "đki": "đăng ký", "wa": "qua",
}
# "bao h" is "bao giờ"; "h" alone is an hour ("8h").
_BAO_H = re.compile(r"\bbao\s+h\b")
_PLACE_SHORT = (
    (re.compile(r"\bq\.?\s?(\d{1,2})\b|\bdistrict\s+(?:no\.?\s*)?(\d{1,2})\b"),
     lambda m: f"quận {m.group(1) or m.group(2)}"),
    (re.compile(r"\bward\s+(\d{1,2})\b"), r"phường \1"),
    (re.compile(r"\bp\.?\s?(\d{1,2})\b"), r"phường \1"),
    (re.compile(r"\btp\.?\s?hcm\b|\bhcm\b|\bsài gòn\b|\bsai gon\b"), "thành phố hồ chí minh"),
    (re.compile(r"\btp\.?\s"), "thành phố "),
    (re.compile(r"\bhn\b"), "hà nội"),
)

@lru_cache(maxsize=1_024)  # a question is normalised three times while it is analysed
def normalise(question: str) -> str:
    """Lower case, NFC, shorthand spelled out, filler removed; diacritics kept as typed."""
    text = spell_it(nfc(strip_markup(question))).lower()
    text = re.sub(r"(?<=\w)['’]s\b", "", text)  # English possessives
    text = english_clauses(re.sub(r"[“”\"'`´‘’]", " ", text))
    text = _BAO_H.sub("bao giờ", text).replace("%", " phần trăm ")
    for pattern, repl in _PLACE_SHORT:
        text = pattern.sub(repl, text)
    text = without_filler(text)
    text = without_by_document(text)
    text = re.sub(r"[^\W_]+", lambda m: _chat(m.group(0)), text)
    return " ".join(text.split())


def _chat(word: str) -> str:
    return CHAT.get(word, word) if fold(word) == word or word in CHAT else word


# -- what kind of fact the question asks for ----------------------------------------------------

_TOPIC_NUMBER = "topic-number"
"""A question about a share or a limit ("tỷ lệ", "tối đa") asks for a number unless it asks
something else about it ("nâng tỷ lệ khen cho đối tượng nào")."""
_OTHER_QUESTION = re.compile(r"\b(nao|gi|sao|the nao|which|who|whom|where|when|"
                             r"what(?! (?:is|are|was) the\b))\b")

_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (CAMPAIGNS, re.compile(
        r"(phong trao|cuoc van dong)( thi dua)?( nao| gi)( .*)?( dang| hien nay| hien tai|"
        r" nam nay| dien ra| trien khai| phat dong)|cac phong trao( thi dua)?( hien nay| dang|"
        r" nam nay)|(which|what) (emulation )?(campaigns|movements)|campaigns? (are )?"
        r"(running|ongoing|active|current|under way)")),
    (EMAIL, re.compile(r"\b(e-?mail|mail|thu dien tu|hop thu dien tu)\b")),
    (MONEY, re.compile(r"\b(bao nhieu tien|may tien|muc tien|tien thuong|kinh phi|muc thuong|"
                       r"so tien|ty dong|trieu dong|bao nhieu dong|how much money|amount|cash|"
                       r"prize money|money|budget|ngan sach)\b")),
    (DATE, re.compile(
        r"\b(khi nao|bao gio|luc nao|ngay nao|ngay may|ngay bao nhieu|thang nao|thang may|"
        r"chung nao|hom nao|tuan nao|may gio|"
        r"nam nao|thoi han|han chot|han cuoi|han nop|han gui|thoi diem|thoi gian nao|"
        r"truoc ngay nao|den ngay nao|when|deadline|due|what date|which date|what day|"
        r"by when|what time)\b|^han\b|\bhan\b(?! che)")),
    (DOCNUMBER, re.compile(
        r"\b(so hieu|so van ban|so ke hoach|so quyet dinh|so cong van|van ban so|"
        r"van ban nao|theo van ban|can cu (van ban|vao van ban)|document number|"
        r"reference number|which document|what document|number of the)\b|"
        r"\b(ke hoach|van ban|quyet dinh|cong van|thong tu|nghi dinh|chi thi|nghi quyet|"
        r"huong dan|thong bao) so (may|bao nhieu|nao)\b")),
    (PERSON, re.compile(r"\b(ai|nguoi nao|who|whom|whose)\b")),
    (OFFICE, re.compile(
        r"\b(ve dau|o dau|noi nao|cho nao|phong nao|bo phan nao|co quan nao|don vi nao|cap nao|"
        r"gui dau|nop dau|where|which office|which department|which body|which agency|"
        r"to whom)\b")),
    (NUMBER, re.compile(r"\b(bao nhieu|may|bao lau|how many|how much|how long|"
                        r"what percentage)\b")),
    (_TOPIC_NUMBER, re.compile(
        r"\b(ty le|ti le|phan tram|so luong|toi da|toi thieu|it nhat|percent|percentage|"
        r"proportion|share|rate|maximum|minimum|at least|at most|quota)\b|%")),
    (LIST, re.compile(
        r"\b(gom nhung|gom gi|bao gom|nhung gi|(dieu kien|tieu chuan|tieu chi) gi|"
        r"nhung (noi dung|tieu chi|tieu chuan|loai|"
        r"hinh thuc|giay to|tai lieu|viec|danh hieu|buoc)|cac (tieu chi|tieu chuan|noi dung|"
        r"hinh thuc|buoc|danh hieu|giay to)|thanh phan|what (documents|items|forms|criteria|"
        r"titles|papers|steps)|which (documents|forms|titles|awards)|list|include|consist|"
        r"contain)\b")),
)


# The words that only say what kind of fact is asked for, dropped from the search once the kind
# is known (the answer is checked for that kind instead): folded, as whole words.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    NUMBER: ("bao nhieu", "bao lau", "toi da", "toi thieu", "it nhat", "ty le", "ti le",
             "phan tram", "so luong", "may"),
    MONEY: ("bao nhieu tien", "bao nhieu", "so tien", "muc tien"),
    OFFICE: ("bo phan nao", "co quan nao", "noi nao", "o dau", "ve dau", "gui dau", "nop dau",
             "phong nao", "don vi nao", "cap nao"),
    PERSON: ("nguoi nao", "nhung ai", "ai"),
    LIST: ("nhung gi", "bao gom", "gom nhung", "nhung loai nao", "cac loai", "gom"),
    TEXT: ("nhu the nao", "the nao", "ra sao", "cai gi", "lam gi", "bang cach nao", "xong",
           "nhu nao", "ten la gi", "ten gi", "co ten la gi", "danh cho"),
    DATE: ("khoang thoi gian nao", "thoi gian nao", "xong"),
}


def drop_kind_words(text: str, kind: str) -> str:
    """The question without the words that only name the kind of fact it asks for."""
    phrases = KIND_WORDS.get(kind, ()) + (KIND_WORDS[TEXT] if kind != TEXT else ())
    phrases += KIND_WORDS_EN.get(kind, ())
    folded = fold(text)
    if len(folded) != len(text):
        return text
    keep = [True] * len(text)
    for phrase in sorted(phrases, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded):
            if phrase == "may" and not re.search(r"(?<!\w)may(?!\w)", text[m.start():m.end()]
                                                 .replace("mấy", "may")):
                continue
            for i in range(m.start(), m.end()):
                keep[i] = False
    return "".join(c if k else " " for c, k in zip(text, keep, strict=True))


# "máy" typed without marks is "may", as "mấy" is: the words it makes are not "how many".
_MACHINE = re.compile(r"\b(?:bo|nha|xe|thong|cai|chiec) may\b|\bmay (?:tinh|moc|in|chieu|lanh|"
                      r"anh|phat|bay|ao|chu|cham)\b")


def answer_kind(normalised: str) -> str:
    """The kind of fact asked for: a date, a number, an email, a person, an office, …"""
    folded = _MACHINE.sub(" ", fold(normalised))
    if reads_english(folded):  # "what may the leader use": the English "may", not "mấy"
        folded = without_may(folded)
    # the English structure is read before the words: "how often" asks for a number
    for kind, pattern in (*_KIND_RULES[:2], *EN_KIND_RULES, *_KIND_RULES[2:]):
        if pattern.search(folded):
            if kind == _TOPIC_NUMBER:
                if _OTHER_QUESTION.search(folded):
                    continue
                return NUMBER
            return kind
    return TEXT


_HOW_MANY = re.compile(r"(?<!số )(?<!so )(?:bao nhiêu|bao nhieu|mấy|may)\s+([^\W\d_]+)")
_NOT_UNITS = frozenset({"phan", "tien", "ngay", "thang", "nam", "gio", "lan", "cho", "la", "thi",
                        "duoc", "de", "cua", "va", "trong", "tren", "o", "voi", "nguoi", "so",
                        "ty", "ti", "phut", "tuan", "quy", "nhu"})


def counted(normalised: str) -> str | None:
    """What a "how many" question counts: "mấy bản" → "bản", "bao nhiêu giấy khen" →
    "giấy khen" (as typed); None when it counts nothing named."""
    m = _HOW_MANY.search(normalised)
    if not m or _MACHINE.search(fold(normalised[max(0, m.start() - 8):m.end()])):
        return None
    unit = m.group(1)
    return None if fold(unit) in _NOT_UNITS else unit


_HOW_MANY_EN = re.compile(r"\bhow many ((?:[a-z][\w-]*(?: |$))+)")
_NP_END = re.compile(r"\b(?:can|could|may|might|must|should|shall|will|would|are|is|was|were|do|"
                     r"does|did|have|has|had|go|goes|get|gets|be|need|needs|per|each|in|for|to|"
                     r"at|from|by|on)\b")
_NOT_COUNTED_EN = frozenset({"times", "years", "months", "days", "weeks", "hours", "minutes",
                             "people", "persons", "percent", "consecutive"})


def counted_english(asked: str, render: Callable[[str], list[str]]) -> str | None:
    """What an English "how many" counts, in the documents' word (``render`` translates a
    noun phrase into its pieces): "how many paper copies" → "bản", "how many certificates of
    merit" → "giấy" (of "giấy khen"); None for times, years, days (periods, not things)."""
    m = _HOW_MANY_EN.search(fold(asked))
    if not m:
        return None
    phrase = _NP_END.split(m.group(1))[0].strip()
    if not phrase or _NOT_COUNTED_EN & set(phrase.split()):
        return None
    pieces = render(phrase)
    if not pieces:
        return None
    head = pieces[0] if " of " in f" {phrase} " else pieces[-1]  # "copies of X"; "paper copies"
    unit = head.split()[0]
    return None if fold(unit) in _NOT_UNITS else unit


_WHICH = re.compile(r"((?:[^\W\d_]+ )?[^\W\d_]+) (?:nào|nao)\b")
_NOT_WHICH = frozenset({"khi", "luc", "the", "ngay", "thang", "nam", "gio", "hom", "tuan", "cach",
                        "nhung", "cac", "la", "thuoc", "cua", "o", "tu", "den", "ve", "cho",
                        "bao", "chung", "noi", "dau"})


def which_words(normalised: str) -> frozenset[str]:
    """The noun a "… nào" question asks which of ("những quận huyện nào" → quan, huyen),
    folded: it asks something even when the document's own name holds it."""
    found: set[str] = set()
    for m in _WHICH.finditer(fold(normalised)):
        words = m.group(1).split()
        if words[-1] in _NOT_WHICH:
            continue
        found |= {w for w in words if w not in _NOT_WHICH}
    return frozenset(found)
