"""Phone-style variants of an evaluation question, made by rule so nobody writes them by hand.

Each base question (written with diacritics) gets: no diacritics, partial diacritics (some
syllables accented, some not), shorthand, conversational filler, a one-letter typo, and its
English phrasing (written by a person). Every variant is a pure function of the question and a
seed, so a run is repeatable.
"""

from __future__ import annotations

import random
import re
import zlib

from bot.knowledge.textnorm import fold_word, nfc

KINDS = ("base", "no_diacritics", "partial", "shorthand", "filler", "typo", "english")

# What people type for the documents' words (longest first when applied). Taken from the issue's
# list of phone shorthand and DOMAIN.md, not from the evaluation questions.
_SHORTHAND: tuple[tuple[str, str], ...] = tuple(sorted((
    ("sáng kiến kinh nghiệm", "skkn"), ("thi đua, khen thưởng", "tđkt"),
    ("thi đua khen thưởng", "tđkt"), ("lao động tiên tiến", "lđtt"),
    ("chiến sĩ thi đua cơ sở", "cstđcs"), ("chiến sĩ thi đua", "cstđ"),
    ("phòng giáo dục và đào tạo", "pgd"), ("phòng gd&đt", "pgd"), ("phòng giáo dục", "pgd"),
    ("sở giáo dục và đào tạo", "sgd"), ("sở gd&đt", "sgd"), ("sở giáo dục", "sgd"),
    ("giáo dục và đào tạo", "gdđt"), ("giáo dục - đào tạo", "gdđt"),
    ("phổ thông dân tộc", "ptdt"), ("nông thôn mới", "ntm"), ("báo cáo", "bc"),
    ("sơ kết", "sk"), ("tổng kết", "tk"), ("kế hoạch", "kh"), ("khen thưởng", "kt"),
    ("giáo viên", "gv"), ("học sinh", "hs"), ("hiệu trưởng", "ht"), ("quận 11", "q11"),
    ("quận 1", "q1"), ("bình phước", "bp"), ("bao nhiêu", "bn"), ("không", "ko"),
    ("được", "dc"), ("bao giờ", "bao h"), ("với", "vs"), ("gì", "j"),
    ("ủy ban nhân dân", "ubnd"), ("cán bộ", "cb"), ("nhân viên", "nv"),
), key=lambda pair: -len(pair[0])))

_FILLER_BEFORE = ("cho em hỏi ", "dạ cho em hỏi ", "thầy cô cho em hỏi ", "cho mình hỏi chút, ",
                  "em chào thầy cô, cho em hỏi ", "xin hỏi ")
_FILLER_AFTER = (" ạ", " vậy ạ", " với ạ", " ạ?", " nhé", " vậy")
_KEYS = "qwertyuiopasdfghjklzxcvbnm"
_NEIGHBOURS = {k: "" for k in _KEYS}
for _row in ("qwertyuiop", "asdfghjkl", "zxcvbnm"):
    for _i, _k in enumerate(_row):
        _NEIGHBOURS[_k] = _row[max(0, _i - 1):_i] + _row[_i + 1:_i + 2]
_SYLLABLE = re.compile(r"[^\W\d_]+", re.UNICODE)


def rng(*parts: str) -> random.Random:
    return random.Random(zlib.crc32("\x1f".join(parts).encode()))


def no_diacritics(question: str) -> str:
    return _SYLLABLE.sub(lambda m: fold_word(m.group(0)), nfc(question))


def partial_diacritics(question: str, seed: str) -> str:
    """About half of the accented syllables lose their marks; at least one keeps them."""
    r = rng(seed, "partial")
    accented = [m for m in _SYLLABLE.finditer(nfc(question))
                if fold_word(m.group(0)) != m.group(0).lower()]
    if len(accented) < 2:
        return no_diacritics(question)
    keep = r.randrange(len(accented))
    drop = {i for i in range(len(accented)) if i != keep and r.random() < 0.6}
    drop = drop or {(keep + 1) % len(accented)}
    out, pos = [], 0
    text = nfc(question)
    for i, m in enumerate(accented):
        out.append(text[pos:m.start()])
        out.append(fold_word(m.group(0)) if i in drop else m.group(0))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def shorthand(question: str, seed: str) -> str | None:
    """The documents' words replaced by what people type; None when none applies."""
    text = nfc(question).lower()
    changed = False
    for long, short in _SHORTHAND:
        new = re.sub(rf"(?<!\w){re.escape(long)}(?!\w)", short, text)
        changed = changed or new != text
        text = new
    if not changed:
        return None
    return no_diacritics(text) if rng(seed, "shorthand").random() < 0.5 else text


def filler(question: str, seed: str) -> str:
    r = rng(seed, "filler")
    body = nfc(question).rstrip(" ?")
    body = body[:1].lower() + body[1:]
    return r.choice(_FILLER_BEFORE) + body + r.choice(_FILLER_AFTER)


def typo(question: str, seed: str) -> str:
    """One letter wrong in one word of three or more letters: a neighbour key, a missing, a
    doubled or a swapped letter, as thumbs do."""
    r = rng(seed, "typo")
    text = nfc(question)
    words = [m for m in _SYLLABLE.finditer(text) if len(m.group(0)) >= 3]
    if not words:
        return text
    m = r.choice(words)
    word = m.group(0)
    i = r.randrange(len(word))
    base = fold_word(word[i])
    how = r.choice(("neighbour", "drop", "double", "swap"))
    if how == "neighbour" and base in _NEIGHBOURS and _NEIGHBOURS[base]:
        new = word[:i] + r.choice(_NEIGHBOURS[base]) + word[i + 1:]
    elif how == "drop":
        new = word[:i] + word[i + 1:]
    elif how == "double":
        new = word[:i] + word[i] + word[i:]
    elif i + 1 < len(word):
        new = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    else:
        new = word[:-1]
    return text[:m.start()] + new + text[m.end():]


def variants(question: str, english: str | None, seed: str) -> dict[str, str]:
    """Every variant kind of one base question (a kind that does not apply is left out)."""
    out = {"base": question, "no_diacritics": no_diacritics(question),
           "partial": partial_diacritics(question, seed), "filler": filler(question, seed),
           "typo": typo(question, seed)}
    short = shorthand(question, seed)
    if short:
        out["shorthand"] = short
    if english:
        out["english"] = english
    return out
