"""A question that asks two things ("Luật cũ số mấy, có hiệu lực từ bao giờ?", "Nộp trước
ngày nào, gửi về đâu?") is answered as two questions, the second with the first's subject.
Vietnamese only: an English question is read whole, by its own structure.

Both must be answered for the reply to be the two answers together. When only one is, the
reply gives that one and says plainly that the documents do not answer the other, and it is
not confident (the question goes to the office as unanswered): half an answer is never given
with confidence. When neither is, the question is answered whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from html import escape

from bot.i18n import _
from bot.knowledge.reply import Answer

_WH = r"(?:ai|gì|nào|đâu|bao nhiêu|mấy|bao giờ|bao lâu|khi nào|không|chưa|sao)"
_SECOND = re.compile(rf"\?\s+(?=\S)|,\s+(?=[^,?]*(?<!\w){_WH}(?!\w)[^,]*$)", re.I)
_ASKING = re.compile(r"(?<!\w)(?:(?:(?:trước|đến|từ|vào|là|có)\s+)?(?:ngày|tháng|năm|số|lần|giờ|"
                     r"thời gian|hạn)\s+(?:nào|mấy|bao nhiêu|bao giờ)|là gì|là ai|là bao nhiêu|"
                     r"gì|ai|nào|đâu|bao nhiêu|mấy|bao giờ|khi nào|không|chưa)(?!\w)", re.I)
_HAS_WH = re.compile(rf"(?<!\w){_WH}(?!\w)", re.I)


def split_question(question: str) -> list[str]:
    """The question's two asking clauses, the second with the first's words that are not
    asking words; the question alone when it asks one thing."""
    m = _SECOND.search(question.strip().rstrip("?").strip() + "?")
    if m is None:
        return [question]
    first, second = question[:m.start()].strip(), question[m.end():].strip()
    if not (_HAS_WH.search(first) and _HAS_WH.search(second)) or len(second.split()) < 2:
        return [question]
    subject = " ".join(_ASKING.sub(" ", first).split())
    parts = [first + "?", f"{subject} {second}"]
    asked = len(_HAS_WH.findall(question))
    if any(len(_HAS_WH.findall(part)) >= asked for part in parts):
        return [question]  # each part asks less than the whole: splitting comes to an end
    return parts


def answer_both(question: str, ask: Callable[[str], Answer],
                holds: Callable[[str, str], bool] = lambda part, quoted: False
                ) -> Answer | None:
    """Both clauses answered, their answers one after the other; None when the question asks
    one thing, or neither clause finds a confident answer. When only one clause is answered:
    that answer, if what it quotes also holds the kind of fact the other asks for
    (``holds(clause, quoted)``: "số mấy, ai ký" answered by a document's details that give
    both); otherwise that answer and what is not answered, not confident."""
    parts = split_question(question)
    if len(parts) != 2:
        return None
    first, second = ask(parts[0]), ask(parts[1])
    if not (first.confident or second.confident):
        return None
    if not (first.confident and second.confident):
        found, missing = (first, parts[1]) if first.confident else (second, parts[0])
        quoted = "\n".join(_QUOTE.findall(found.text))
        if quoted and holds(missing, quoted):
            return found
        return half_answer(found, missing)
    quotes = _QUOTE.findall(second.text)
    if first.text == second.text or (quotes and all(
            q.rstrip("”…") in first.text for q in quotes)):
        return first  # the first answer already quotes what the second would
    buttons = first.buttons + [row for row in second.buttons if row not in first.buttons]
    return replace(first, text=first.text + "\n\n" + second.text, has_more=False,
                   buttons=buttons)


def half_answer(found: Answer, missing: str) -> Answer:
    """The answer to one clause, and plainly that the documents do not answer the other."""
    note = _("The documents I have do not answer the other part of your question: "
             "“{part}”.").format(part=escape(missing.strip()))
    return replace(found, text=found.text + "\n\n" + note, confident=False, has_more=False)


_QUOTE = re.compile(r"<i>“(.*?)(?:”)?</i>", re.S)
