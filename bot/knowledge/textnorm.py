"""Vietnamese-aware text normalisation: NFC, diacritic folding, tokens, shorthands.

Two forms of every word are kept: the *exact* form (lower case, NFC, with its diacritics) and the
*folded* form (diacritics removed, đ→d). A question typed with diacritics is matched on exact
forms, so "lương" (salary) does not match "lượng" (quality); one typed without is matched on
folded forms, so "han nop bao cao so ket" finds "hạn nộp báo cáo sơ kết".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MARKUP = re.compile(r"\*+")

# Shorthands typed on phones and used in the documents, in folded form → their expansion.
SHORTHANDS: dict[str, str] = {
    "gv": "giáo viên", "hs": "học sinh", "cb": "cán bộ", "nv": "nhân viên",
    "bc": "báo cáo", "kh": "kế hoạch", "skkn": "sáng kiến kinh nghiệm",
    "tdkt": "thi đua khen thưởng", "hdtdkt": "hội đồng thi đua khen thưởng",
    "pgd": "phòng giáo dục", "sgd": "sở giáo dục", "gd": "giáo dục", "ht": "hiệu trưởng",
    "ldtt": "lao động tiên tiến", "cstd": "chiến sĩ thi đua", "gddt": "giáo dục đào tạo",
    "ubnd": "ủy ban nhân dân", "hdnd": "hội đồng nhân dân", "attp": "an toàn thực phẩm",
    "dvtt": "đơn vị trực thuộc", "cbgvnv": "cán bộ giáo viên nhân viên", "mn": "mầm non",
    "thcs": "trung học cơ sở", "thpt": "trung học phổ thông", "td": "thi đua",
    "kt": "khen thưởng", "bgd": "bộ giáo dục", "cntt": "công nghệ thông tin",
    "cccvc": "công chức viên chức", "ntm": "nông thôn mới", "hcth": "hành chánh tổng hợp",
    "ptht": "phó hiệu trưởng", "pht": "phó hiệu trưởng", "vp": "văn phòng",
    "sk": "sơ kết", "tk": "tổng kết", "ptdt": "phong trào thi đua",
    "cstdcs": "chiến sĩ thi đua cơ sở",
}

# Words that carry no content in a question: Vietnamese (exact forms; the folded set leaves out
# folded forms that are also content words, "de": để / đề nghị) and English.
def wordlist(text: str) -> list[str]:
    return text.split()


_STOP_VI = wordlist("""
    là gì nào ai thế như à nhé ơi vậy ạ thì mà cho với của và hoặc các những một được có
    không ko k để tại ở đây đó kia này tôi em mình bạn cần phải muốn xin hỏi giúp vui lòng
    cảm ơn sao gồm bao ra biết về từ đến trong khi ngày lúc mấy giờ đâu nhỉ nha vào
    đã sẽ đang cũng rất bị bởi nhằm nếu vẫn đều nữa ấy rồi""")
_STOP_EN = wordlist("""
    when what which who whom where why how is are was were be been the a an of to for in on
    at by with and or do does did can could should must i we you my our your me please tell
    about there any it its this that these those have has had will would from into as than
    then so if not no yes get all need needs their they them she his her him""")
AMBIGUOUS = frozenset(wordlist(
    "de the co bao khi may chi o ve tu den dau sao cho ban gio ra trong ma mot cac day do can"
    " hoi thi nha minh toi on da se dang cung bi boi nham neu van nua"))
STOP_EXACT: frozenset[str] = frozenset(_STOP_VI)
STOP_EN: frozenset[str] = frozenset(_STOP_EN)
QUESTION_PHRASES: tuple[str, ...] = (
    "bao nhiêu", "bao nhieu", "như thế nào", "nhu the nao", "thế nào", "the nao",
    "là gì", "la gi", "gồm những gì", "gom nhung gi", "những gì", "nhung gi",
    "ở đâu", "o dau", "ra sao", "có không", "co khong", "được không", "duoc khong",
    "cho tôi hỏi", "cho toi hoi", "cho em hỏi", "cho em hoi", "số mấy", "so may",
    "thứ mấy", "thu may", "là ai", "la ai", "những ai", "nhung ai", "phải làm gì",
    "phai lam gi", "cần làm gì", "can lam gi", "làm gì", "lam gi", "làm thế nào", "lam the nao",
    # what someone named is charged with, or holds: the section under their name answers
    "làm nhiệm vụ gì", "có nhiệm vụ gì", "có những nhiệm vụ gì", "nhiệm vụ là gì",
    "phụ trách việc gì", "phụ trách những việc gì", "phụ trách những gì", "phụ trách gì",
    "được phân công làm gì", "được giao làm gì", "được giao nhiệm vụ gì",
    "giữ chức vụ gì", "chức vụ là gì", "chức vụ gì",
    # what a document mentions is in its text: the verb is not searched for
    "nhắc tới", "nhắc đến", "đề cập tới", "đề cập đến",
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """One lower-case word without diacritics: "Đoàn" → "doan"."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold(text: str) -> str:
    """Lower case, diacritics folded, NFC; punctuation kept (for substring checks)."""
    return fold_word(nfc(text))


STOP_FOLDED: frozenset[str] = frozenset({fold_word(w) for w in _STOP_VI} - AMBIGUOUS)


def has_diacritics(text: str) -> bool:
    low = nfc(text).lower()
    return fold(low) != low


def marks_fit(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` with some of its marks left out ("kêt" of "kết", "ket" of
    "kết"), rather than another word ("tiền" is not "tiến", "quỹ" is not "quy")."""
    a = unicodedata.normalize("NFD", typed.lower())
    b = unicodedata.normalize("NFD", word.lower())
    if fold_word(a) != fold_word(b):
        return False
    ia = ib = 0
    while ia < len(a) and ib < len(b):
        base_a, base_b = a[ia], b[ib]
        ia, ib = ia + 1, ib + 1
        marks_a, marks_b = set(), set()
        while ia < len(a) and unicodedata.combining(a[ia]):
            marks_a.add(a[ia])
            ia += 1
        while ib < len(b) and unicodedata.combining(b[ib]):
            marks_b.add(b[ib])
            ib += 1
        if not marks_a <= marks_b and not (base_a == "đ" and base_b == "đ"):
            return False
        if base_a != base_b and not (base_a == "d" and base_b == "đ"):
            return False
    return True


def strip_markup(text: str) -> str:
    """Remove **bold** and *italic* markers."""
    return _MARKUP.sub("", text)


_IY = str.maketrans("yýỹỷỳỵ", "iíĩỉìị")
_IY_WORD = re.compile(r"^[klmtsh][yýỹỷỳỵ]$")


def _spelling(word: str) -> str:
    """One spelling for words written both ways: "ký"/"kí", "lý"/"lí", "tỷ"/"tỉ"."""
    return word.translate(_IY) if _IY_WORD.match(word) else word


def words(text: str) -> list[str]:
    """Lower-case NFC words (letters and digits), markup removed."""
    text = nfc(strip_markup(text)).lower().replace("%", " phần trăm ").replace("&", "")
    text = text.replace("bảo đảm", "đảm bảo")
    return [_number(w) if w[0].isdigit() else _spelling(w) if len(w) == 2 else w
            for w in _WORD.findall(text)]


def _number(word: str) -> str:
    """A number as counted: "02 lần" is asked as "2 lần", "05 năm" as "5 năm"."""
    return (word.lstrip("0") or "0") if word[0] == "0" and word.isdigit() else word


_EXPANSIONS: dict[str, tuple[str, ...] | None] = {}


def _expansion(word: str) -> tuple[str, ...] | None:
    found = SHORTHANDS.get(fold_word(word))
    result = tuple(found.split()) if found else None
    if len(_EXPANSIONS) < 200_000:
        _EXPANSIONS[word] = result
    return result


def expand(tokens: list[str]) -> list[str]:
    """Replace shorthands ("gv", "TĐKT") by the words they stand for."""
    if not any(_EXPANSIONS.get(t, True) for t in tokens):
        return tokens
    out: list[str] = []
    for tok in tokens:
        exp = _EXPANSIONS[tok] if tok in _EXPANSIONS else _expansion(tok)
        if exp:
            out.extend(exp)
        else:
            out.append(tok)
    return out


def tokens(text: str) -> list[str]:
    """Exact-form tokens with shorthands expanded."""
    return expand(words(text))


def folded_tokens(text: str) -> list[str]:
    return [fold_word(t) for t in tokens(text)]


@lru_cache(maxsize=8_192)
def folded_words_of(text: str) -> tuple[str, ...]:
    """``folded_tokens``, remembered: the same pieces are read for question after question."""
    return tuple(folded_tokens(text))


def edit_distance_le1(a: str, b: str) -> bool:
    """Whether a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def deletes(word: str) -> set[str]:
    """The word with one character removed, every way (for the typo index)."""
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def truncate(text: str, limit: int) -> str:
    """Cut at a word boundary and add "…" when longer than ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-–")
    return cut + "…"
