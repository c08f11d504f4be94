"""How people type a question, undone before it is searched: chat shorthand, filler, "q11".

Everything here is general Vietnamese chat usage, not the words of any one document; what the
documents themselves abbreviate is resolved against the corpus (``acronyms.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from bot.knowledge.filler import without_filler
from bot.knowledge.frames import without_by_document
from bot.knowledge.glossary import EN_ONLY
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
_IT = re.compile(r"\b(?:IT|ICT)\b")  # in capitals, not "it": information technology
# English "when" in the middle of a question, not followed by a verb that makes it ask ("how do
# units vote when electing …"), joins two clauses: it asks for no date.
_WHEN_JOINS = re.compile(
    r"(?<=[a-z,] )when(?= (?!(?:is|are|was|were|do|does|did|will|would|shall|should|must|can|"
    r"could|may|might|has|have|had)\b)[a-z])")
# "When several people qualify, what share …": a clause opened by "when" or "if" before the
# question proper sets a condition; it asks for no date.
_CONDITION = re.compile(
    r"^(?:when|if|once|whenever) (?!(?:is|are|was|were|do|does|did|will|would|shall|should|"
    r"must|can|could|may|might|has|have|had)\b)(?=[^,?]+, (?:and |so |then )?(?:what|which|"
    r"who|whom|whose|how|where|is|are|was|were|do|does|did|can|could|must|should|may)\b)")
# "What does the plan say about the staff who handle …": after a question opened by another
# question word, a "who" that follows a noun starts a clause about it; it asks for no person.
_ASKED_FIRST = re.compile(r"^(?:what|which|how|when|where|whose|is|are|do|does|did|can|must)\b")
_RELATIVE_WHO = re.compile(
    r"(?<=[a-z] )(?<!\bto )(?<!\bby )(?<!\bfor )(?<!\bfrom )(?<!\bwith )(?<!\bof )"
    r"(?<!\band )(?<!\bor )(?<!\bbut )(?<!\babout )(?<!\bis )(?<!\bare )(?<!\bwas )"
    r"(?<!\bwere )who(?= [a-z])")
# "keep carrying out", "go on holding": an aspect ("tiếp tục" + the verb), not "giữ" (hold).
_KEEP_DOING = re.compile(
    r"\b(?:keeps?|kept|keeping|go(?:es)? on|went on)(?: on)? (?=[a-z]{2,}ing\b)")
# "the number of the district's 2024 plan" is its document number, not a count.
_NUMBER_OF_DOC = re.compile(
    r"(?<!document )\bnumber of (?=(?:the |this |that |its )?(?:[\w-]+ ){0,8}(?:plan|decision|"
    r"directive|circular|decree|guidance|letter|dispatch|resolution)\b)")
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
    text = _IT.sub("information technology", nfc(strip_markup(question))).lower()
    text = re.sub(r"(?<=\w)['’]s\b", "", text)  # English possessives
    text = re.sub(r"[“”\"'`´‘’]", " ", text)
    text = _WHEN_JOINS.sub(" ", _CONDITION.sub("", text))
    if _ASKED_FIRST.match(text):
        text = _RELATIVE_WHO.sub(" ", text)
    text = _NUMBER_OF_DOC.sub("document number of ", text)
    text = _KEEP_DOING.sub("continue ", text)
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

DATE, NUMBER, MONEY, EMAIL, PERSON, OFFICE, DOCNUMBER, LIST, CAMPAIGNS, TEXT = (
    "date", "number", "money", "email", "person", "office", "docnumber", "list", "campaigns",
    "text")

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


# The same in English: "what share of members" asks for a number, which holds it ("100%").
KIND_WORDS_EN: dict[str, tuple[str, ...]] = {
    NUMBER: ("how many", "how much", "how long", "what share of",
             "what percentage of", "what proportion of", "what share", "what percentage",
             "what proportion", "what rate", "percentage of", "proportion of", "percentage",
             "proportion"),
    MONEY: ("how much money", "how much", "what amount of", "amount of"),
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


_AUX = r"(?:is|are|was|were|do|does|did|must|should|can|could|may|might|will|would|have|has|had)"
_PLURAL = r"[a-z]{2,}(?<!ss)(?<!us)(?<!is)s"
# English question structure, read before the words above: "how often" asks for a number,
# "what activities does …" (a plural asked for) a list.
_DOC_WORDS = (r"(?:plan|guidance|guideline|law|decision|circular|decree|document|letter|"
              r"dispatch|directive|resolution|regulation|notice|instruction)")
_EN_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "what are the holiday dates?", "which day is the deadline?"
    (DATE, re.compile(
        r"^(?:what|which) (?:is|are|was|were) (?:the )?(?:[\w-]+ ){0,6}?(?:date|dates|day|days|"
        r"deadline|deadlines)\s*[?.]*$")),
    (NUMBER, re.compile(r"\b(?:how often|how many times|multiplier|coefficient)\b|"
                        r"\b(?:what|which) (?:[\w-]+ )?(?:share|proportion|percentage|ratio|rate|"
                        r"cap|ceiling|quota)\b")),
    (DOCNUMBER, re.compile(r"\b(?:document|reference) (?:number|reference|symbol)\b|"
                           rf"\b(?:what|which) (?:[\w'-]+ ){{0,6}}?{_DOC_WORDS} (?:number|no)\b|"
                           rf"^which (?:[\w'-]+ ){{0,3}}?{_DOC_WORDS}\b.*\b(?:rel(?:y|ies) on|"
                           rf"based on|implements?|follows?|cites?|carr(?:y|ies) out)\b")),
    # "which section should schools send the report to?": where it goes
    (OFFICE, re.compile(
        r"^(?:what|which) (?:section|team|division|desk|unit|body|office|department)\b.*\b"
        r"(?:send|sent|submit|submitted|hand|handed|forward|forwarded|deliver|delivered|"
        r"report|reported|address|addressed|return|returned) (?:[\w'-]+ ){0,8}?to\s*[?.]*$")),
    (LIST, re.compile(
        rf"^(?:and |so )?(?:what|which) (?:are|were)\b|\b(?:what|which) (?:[\w-]+ ){{0,2}}"
        rf"{_PLURAL} (?:{_AUX}|exist)\b|\bwho\b.*\b(?:apply|applies) to\b|"
        rf"\b(?:goes|go) into\b|\bmakes? up\b")),
)


# English words that no Vietnamese syllable typed without marks is ("the" may be "thể"): two of
# them make a question English.
_EN_ONLY = EN_ONLY - {"in", "on", "be", "can", "me", "at", "as", "get"}
_MAY = re.compile(r"\bmay\b")


def answer_kind(normalised: str) -> str:
    """The kind of fact asked for: a date, a number, an email, a person, an office, …"""
    folded = _MACHINE.sub(" ", fold(normalised))
    english = len(_EN_ONLY.intersection(folded.split())) >= 2
    if english:  # "what may the leader use": the English "may", not "mấy" (how many)
        folded = _MAY.sub(" ", folded)
    for kind, pattern in (*_KIND_RULES[:2], *_EN_KIND_RULES, *_KIND_RULES[2:]):
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
