"""A small bilingual glossary (English → the plans' Vietnamese, the lexicon's fallback), synonyms
and the words that make a question about a deadline."""

from __future__ import annotations

from bot.knowledge.phrases import TypedPhrases
from bot.knowledge.textnorm import fold, has_diacritics, wordlist

# English phrase → Vietnamese words, longest phrases first when applied.
EN_VI: dict[str, str] = {
    "six-month interim report": "báo cáo sơ kết 6 tháng", "six-month": "6 tháng",
    "six months": "6 tháng", "school year": "năm học", "patriotic": "yêu nước",
    "interim report": "báo cáo sơ kết", "interim review": "sơ kết", "interim": "sơ kết",
    "mid-year report": "báo cáo sơ kết", "six-month report": "báo cáo sơ kết 6 tháng",
    "final report": "báo cáo tổng kết", "year-end report": "báo cáo tổng kết",
    "final review": "tổng kết", "year-end": "tổng kết", "final": "tổng kết",
    "report": "báo cáo", "reports": "báo cáo", "deadline": "", "deadlines": "",
    "award dossier": "hồ sơ đề nghị khen thưởng", "dossier": "hồ sơ", "file": "hồ sơ",
    "award forms": "hình thức khen thưởng", "which awards": "hình thức khen thưởng",
    "what awards": "hình thức khen thưởng", "kinds of awards": "hình thức khen thưởng",
    "forms of award": "hình thức khen thưởng",
    "kinds of award": "hình thức khen thưởng", "types of award": "hình thức khen thưởng",
    "award": "khen thưởng", "awards": "khen thưởng", "commendation": "khen thưởng",
    "reward": "khen thưởng", "rewards": "khen thưởng",
    "certificate of merit": "giấy khen", "certificates of merit": "giấy khen",
    "merit certificate": "giấy khen", "labour order": "huân chương lao động",
    "labor order": "huân chương lao động", "medal": "huân chương",
    "initiative": "sáng kiến", "initiatives": "sáng kiến", "innovation": "sáng tạo",
    "criteria": "tiêu chí", "criterion": "tiêu chí", "standards": "tiêu chuẩn",
    "goal": "mục đích", "goals": "mục đích", "purpose": "mục đích", "aims": "mục đích",
    "requirements": "yêu cầu", "requirement": "yêu cầu",
    "campaign": "phong trào", "campaigns": "phong trào", "emulation": "thi đua",
    "movement": "cuộc vận động", "theme": "chủ đề", "name": "tên",
    "meeting minutes": "biên bản họp", "minutes": "biên bản", "evidence": "minh chứng",
    "cover submission": "tờ trình", "submission": "tờ trình",
    "achievement report": "báo cáo thành tích", "achievements": "thành tích",
    "achievement": "thành tích", "summary": "tóm tắt",
    "food safety": "an toàn thực phẩm", "school culture": "văn hóa trường học",
    "traffic safety": "an toàn giao thông", "digital transformation": "chuyển đổi số",
    "administrative reform": "cải cách hành chính", "new rural": "nông thôn mới",
    "new countryside": "nông thôn mới", "rural": "nông thôn", "poor": "người nghèo",
    "poverty": "người nghèo", "register": "đăng ký", "registration": "đăng ký",
    "emulation title": "danh hiệu thi đua", "emulation titles": "danh hiệu thi đua",
    "titles": "danh hiệu", "title": "danh hiệu", "teacher": "giáo viên",
    "teachers": "giáo viên", "student": "học sinh", "students": "học sinh",
    "staff": "cán bộ giáo viên nhân viên", "principal": "hiệu trưởng",
    "unit": "đơn vị", "units": "đơn vị", "school": "trường", "schools": "trường",
    "send": "gửi", "submit": "gửi", "sent": "gửi", "email": "email", "e-mail": "email",
    "address": "địa chỉ", "start": "bắt đầu", "starts": "bắt đầu", "begin": "bắt đầu",
    "launch": "phát động", "pledged work": "công trình thi đua", "signed": "ký",
    "signer": "ký", "issued": "ban hành", "number": "số lượng", "per unit": "mỗi đơn vị",
    "how many": "số lượng", "nominee": "đề nghị", "nominate": "đề nghị",
    "propose": "đề nghị", "proposal": "đề nghị", "cluster": "cụm thi đua",
    "zone": "cụm thi đua", "good example": "gương điển hình", "good examples":
    "gương điển hình", "good deeds": "người tốt việc tốt", "percent": "%",
    "experience": "kinh nghiệm", "recognised": "công nhận", "recognized": "công nhận",
    "district": "quận", "city": "thành phố", "province": "tỉnh", "office": "phòng",
    "department": "sở", "international integration": "hội nhập quốc tế",
    "review": "tổng kết", "implementation": "tổ chức thực hiện", "period": "giai đoạn",
    "content": "nội dung", "contents": "nội dung", "include": "", "includes": "",
    "contain": "", "consist": "", "required": "", "needed": "", "plan": "kế hoạch",
}

# English words that say nothing about the subject (beyond the shared stop words).
EN_FILLER = frozenset(wordlist("""whom whose which also up out just only more most some much many
    one two per via go goes going give gives given make made let lets show shows say says
    said know mean means happen happens take takes explain list describe according
    document documents should shall may might under among amongst toward towards upon whether
    own come comes came coming happen happens happened exactly actually really currently still
    ever else anything something thing things"""))

# Vietnamese synonyms in the plans' wording (exact forms): the question's word → alternatives.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "nộp": ("gửi",), "gửi": ("nộp",), "hạn": (), "thưởng": ("khen",), "giải": ("khen",),
    "mục tiêu": ("mục đích",),
}

# Question phrases → the plans' wording (applied to the question's text, exact and folded).
REWRITES: dict[str, str] = {
    "tỉ lệ": "phần trăm", "tỷ lệ": "phần trăm", "bao nhiêu phần trăm": "phần trăm",
    "mấy phần trăm": "phần trăm", "phần thưởng": "khen thưởng", "được thưởng": "khen thưởng",
    "giấy tờ": "hồ sơ", "đăng kí": "đăng ký",
    # asked as "conditions", written as "standards" (tiêu chuẩn) in the law and the plans
    "điều kiện gì": "tiêu chuẩn gì", "điều kiện nào": "tiêu chuẩn nào",
    "những điều kiện": "những tiêu chuẩn", "cần điều kiện": "cần tiêu chuẩn",
    "đạt điều kiện": "đạt tiêu chuẩn", "đủ điều kiện gì": "đủ tiêu chuẩn gì",
}


# A question about a date: these phrases (exact and folded) and English words.
INTENT_VI = ("hạn chót", "hạn cuối", "thời hạn", "hạn nộp", "hạn gửi", "hạn", "khi nào",
              "ngày nào", "lúc nào", "bao giờ", "tháng nào", "thời điểm nào", "mấy giờ",
              "deadline", "mốc thời gian", "năm nào", "tháng mấy", "ngày mấy", "năm mấy",
              "hạn cuối cùng", "trước ngày nào", "đến ngày nào", "chậm nhất", "muộn nhất",
              "trễ nhất")
_INTENT_EN = ("by when", "what date", "which date", "what day", "when", "deadline",
              "deadlines", "due date", "due", "at the latest", "no later than")


def _fold(text: str) -> str:
    return fold(text)


_INTENT = TypedPhrases([*INTENT_VI, *_INTENT_EN], after=r"(?! che(?!\w))")

_REWRITE = TypedPhrases(REWRITES)
_REWRITTEN = {_fold(k): v for k, v in REWRITES.items()}


def rewrite(text: str) -> str:
    """Put the plans' words for a few common question phrases ("tỉ lệ" → "phần trăm"),
    without marks when the phrase was typed without them."""
    return _REWRITE.sub(text, lambda folded, typed: _REWRITTEN[folded] if has_diacritics(typed)
                        else _fold(_REWRITTEN[folded]))


_SYNONYMS_FOLDED = {_fold(k): v for k, v in SYNONYMS.items()}


def synonyms_of(word: str) -> tuple[str, ...]:
    """The plans' words for ``word`` (exact or typed without diacritics)."""
    return SYNONYMS.get(word) or _SYNONYMS_FOLDED.get(_fold(word), ())


def strip_intent(text: str) -> tuple[str, bool]:
    """The question without its "when / hạn / khi nào" words, and whether it had any."""
    new, count = _INTENT.remove(text)
    return new, count > 0


# English words that are not also Vietnamese words typed without diacritics ("so", "to", "an").
EN_ONLY = frozenset(wordlist("""when what which who where why how is are was were be been of for
    in on at by with and or does did can could should must we you my our your me please tell
    about there any it its this that these those have has had will would from into as than
    then if not yes get all need needs"""))
