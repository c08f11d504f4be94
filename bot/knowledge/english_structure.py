"""How an English question's structure is read, before its words are: the clauses that ask
nothing ("how do units vote when electing …", "If I'm sent on training, what …", "the staff who
handle …"), "the number of the plan" as its reference number, and the kind of fact the structure
asks for ("what share of" a number, "which month" a date, "what did X need for Y" a list of
conditions). A plural asked for ("what activities does …", "what are the …") is not by itself
a list: the Vietnamese "là gì" it stands for asks for the passage that names them."""

from __future__ import annotations

import re

from bot.knowledge.glossary import EN_ONLY
from bot.knowledge.kinds import DATE, DOCNUMBER, LIST, MONEY, NUMBER, OFFICE

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


def spell_it(text: str) -> str:
    """"IT" and "ICT" in capitals are information technology, not "it"."""
    return _IT.sub("information technology", text)


def english_clauses(text: str) -> str:
    """Lower-case text without the clauses that ask nothing, "the number of the plan" as its
    reference number, "keep doing" as an aspect."""
    text = _WHEN_JOINS.sub(" ", _CONDITION.sub("", text))
    if _ASKED_FIRST.match(text):
        text = _RELATIVE_WHO.sub(" ", text)
    text = _NUMBER_OF_DOC.sub("reference number of ", text)
    return _KEEP_DOING.sub("continue ", text)


# The English words that only name the kind of fact asked for: "what share of members" asks
# for a number, which holds it ("100%").
KIND_WORDS_EN: dict[str, tuple[str, ...]] = {
    NUMBER: ("how many", "how much", "how long", "what share of",
             "what percentage of", "what proportion of", "what share", "what percentage",
             "what proportion", "what rate", "percentage of", "proportion of", "percentage",
             "proportion", "maximum", "minimum", "at least", "at most", "no more than",
             "not more than", "no fewer than", "no less than", "not less than"),
    MONEY: ("how much money", "how much", "what amount of", "amount of"),
}


_DOC_WORDS = (r"(?:plan|guidance|guideline|law|decision|circular|decree|document|letter|"
              r"dispatch|directive|resolution|regulation|notice|instruction)")
EN_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "what are the holiday dates?", "which day is the deadline?"
    (DATE, re.compile(
        r"^(?:what|which) (?:is|are|was|were) (?:the )?(?:[\w-]+ ){0,6}?(?:date|dates|day|days|"
        r"deadline|deadlines)\s*[?.]*$|^(?:what|which) (?:is|are|was|were) the "
        r"(?:[\w-]+ (?:and|or) )?(?:date|dates|day|deadline)s? (?:of|for|on)\b")),
    # "in which month is the review held?", "which year's law …": a month or a year
    (DATE, re.compile(r"\b(?:what|which) (?:school |calendar |academic )?(?:month|months|year|"
                      r"years|week|weeks|quarter|semester|term)\b(?! (?:level|group|grade)s?\b)")),
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
        r"^what (?:does|do|did|must|should) (?:an? |the )?(?:[\w'-]+ ){1,5}?(?:need|needs|meet|"
        r"satisfy|fulfil|fulfill) (?:for|to)\b|"
        r"\bwho\b.*\b(?:apply|applies) to\b|\b(?:goes|go) into\b|\bmakes? up\b")),
)


# English words that no Vietnamese syllable typed without marks is ("the" may be "thể"): two of
# them make a question English.
_EN_ONLY = EN_ONLY - {"in", "on", "be", "can", "me", "at", "as", "get"}
_MAY = re.compile(r"\bmay\b")
# "May the head use …?": a question opened by "may" and an English subject asks leave
_MAY_ASKS = re.compile(r"(?:^|, )may (?:the|a|an|i|we|you|they|he|she|it|its|their|our|my|"
                       r"this|that|these|those|each|every|one|someone|anyone)\b")


def reads_english(folded: str) -> bool:
    """Whether a folded question is English by its function words: two of them, or one after
    "may" and its subject ("may the head use its seal"; "mấy thể loại" is not English)."""
    found = len(_EN_ONLY.intersection(folded.split()))
    return found >= 2 or (found >= 1 and bool(_MAY_ASKS.search(folded)))


def without_may(folded: str) -> str:
    """An English question without "may", which is not "mấy" (how many) typed without marks."""
    return _MAY.sub(" ", folded)
