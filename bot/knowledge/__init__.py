"""Campaign knowledge: import plan documents, answer questions from them, list campaigns and
deadlines. Plain Python; channels reach it through ``KnowledgeBase``."""

from bot.knowledge.answer import Answer
from bot.knowledge.model import ParsedPlan, PlanReadError, parsed_plan_to_json
from bot.knowledge.service import ImportResult, KnowledgeBase

__all__ = ["Answer", "ImportResult", "KnowledgeBase", "ParsedPlan", "PlanReadError",
           "parsed_plan_to_json"]
