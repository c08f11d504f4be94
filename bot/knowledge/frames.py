"""Question frames that only make a question, searched without: "có … không" (yes or no), and
"gửi cho những ai" about a document (its list of recipients)."""

from __future__ import annotations

import re

from bot.knowledge.textnorm import fold

_YES_NO = re.compile(r"(?<!\w)(co|da)\s+(?:(can|phai|bat buoc|duoc|nen)\s+)?"
                     r"(?=\S).+?\s(khong|chua)\s*[?.!]*\s*$")


def drop_yes_no(text: str) -> str:
    """A yes/no question without its frame: "biên bản họp có cần trong hồ sơ không" asks
    whether the dossier holds the minutes; "có … không", "có cần/phải … không", "đã … chưa"
    only make it a question."""
    folded = fold(text)
    m = _YES_NO.search(folded)
    if len(folded) != len(text) or not m:
        return text
    keep = [True] * len(text)
    for group in (1, 2, 3):
        if m.group(group):
            for i in range(m.start(group), m.end(group)):
                keep[i] = False
    return "".join(c if k else " " for c, k in zip(text, keep, strict=True))


def signer_marks(text: str) -> str:
    """"ai ky …", "người ky …" typed without marks asks who signed (ký), not about a term
    (kỳ) or discipline (kỷ luật): the marks are put back so the question is read as one
    about the document's signer."""
    return _SIGNER.sub(lambda m: m.group(1) + " ký", text)


_SIGNER = re.compile(r"(?<!\w)(ai|người|nguoi|Ai|Người|Nguoi)\s+ky(?!\w)"
                     r"(?! (?:luat|luật)(?! (?:thi|tdkt|tđkt|này|nay|số|so|năm|nam|\d)))")
"""Not "ai ky luat" (who disciplines), unless a law's name follows ("ai ky luat tdkt 2022")."""


def drop_only_then(text: str) -> str:
    """"phải mấy lần … mới được xét": "mới" only says "only then", not "new" ("nông thôn mới",
    "đổi mới" keep it); typed without marks it may be "mỗi" or "mời", and stays."""
    return _ONLY_THEN.sub(" ", text)


_ONLY_THEN = re.compile(r"(?<!thôn )(?<!đổi )(?<!tạo )(?<!\bcái )\bmới(?= (?:được|có thể|đủ|"
                        r"xét|có)\b)")


_RECIPIENTS = re.compile(
    r"\b(ke hoach|van ban|huong dan|cong van|thong bao|quyet dinh|thong tu|nghi dinh|luat|"
    r"kh|vb|hd|cv|qd|tt|nd)\b"
    r".*\b(gui|goi|ban hanh|phat hanh)( cho| den| toi| ve)?( nhung| cac)?"
    r" (ai|dau|noi nao|don vi nao|co quan nao|nhung noi nao)\b|"
    r"\b(who|which \w+) (receives?|gets?|is sent|are sent)\b.*\b(plan|document|guidance|"
    r"letter|decision|circular)\b|\b(plan|document|guidance|letter|decision|circular)\b.*"
    r"\b(sent|addressed|distributed) to\b|\b(recipients?|recipient list)\b|"
    r"\b(where|to whom)\b.*\b(plan|document|guidance|letter|decision|circular)\b.*"
    r"\b(sent|addressed|distributed)\s*\??$")


def asks_recipients(normalised: str) -> bool:
    """Whether the question asks whom a document is sent to: its "Nơi nhận" answers."""
    return bool(_RECIPIENTS.search(fold(normalised)))


_ASKING_VERB = re.compile(
    r"(?<!\w)(yeu cau|quy dinh|de ra|neu|noi|nhac den|nhac toi|de cap|huong dan)"
    r"(?: cac| nhung)?(?: [a-z]+)?(?= (?:nhung |cac )?(?:gi|dieu gi|noi dung gi|viec gi)(?!\w))")


_ASKING_VERB_EN = re.compile(
    r"\b(?:what|which [a-z]+) (?:does|do|did|must|should|will|would) (?:[\w-]+ ){1,6}?"
    r"(require|requires|say|says|state|states|stipulate|stipulates|specify|specifies|"
    r"provide|provides|set out|sets out|mention|mentions|prescribe|prescribes|need|needs|"
    r"meet|meets)\b|"
    r"\b(?:is|are|was|were) (stated|specified|stipulated|provided|prescribed|mentioned|"
    r"set out|laid down|regulated)(?= (?:in|by|for|under|about)\b)|"
    r"\b(?:what|which) (?:[\w-]+ ){1,4}?(exist|exists|existed)\b")


def drop_asking_verb(text: str) -> str:
    """"X yêu cầu những gì", "kế hoạch quy định gì", "what does X require", "what did X need",
    "what is stated in X", "which titles exist": the verb only asks what X says or has, which
    a document does not repeat; searched without it."""
    folded = fold(text)
    if len(folded) != len(text):
        return text
    keep = [True] * len(text)
    for m in _ASKING_VERB_EN.finditer(folded):
        group = next(g for g in (1, 2, 3) if m.group(g))
        for i in range(m.start(group), m.end(group)):
            keep[i] = False
    for m in _ASKING_VERB.finditer(folded):
        for i in range(m.start(1), m.end(1)):
            keep[i] = False
    return "".join(c if k else " " for c, k in zip(text, keep, strict=True))


_BY_DOCUMENT = re.compile(
    r"(?<!\w)theo\s+(?=(?:luat|ke hoach|kh|huong dan|hd|thong tu|nghi dinh|quy dinh|van ban|"
    r"cong van|quyet dinh)(?!\w)(?!\s+(?:nao|gi|so|cua ai)\b))")
""""Theo luật", "theo kế hoạch": the document is named; "theo" itself asks nothing. Not when
the document is what is asked ("theo quy định nào", "theo kế hoạch số mấy"). Read folded."""


def without_by_document(text: str) -> str:
    folded = fold(text)
    if len(folded) != len(text):
        return text
    for m in reversed(list(_BY_DOCUMENT.finditer(folded))):
        text = text[:m.start()] + text[m.end():]
    return text
