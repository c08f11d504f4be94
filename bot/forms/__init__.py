"""Report submissions through conversation flows: report types as data, drafts, receipts.

``ReportService`` is the entry point for the dispatcher; report types are loaded with
``bot.forms.loader.load_registry()`` from ``data/report_types/*.toml`` and ``data/deadlines.toml``.
"""

from bot.forms.files import FileStore, StoredFile
from bot.forms.schema import ReportType, ReportTypeRegistry, SchemaError
from bot.forms.service import ReportService
from bot.forms.submit import Notifier

__all__ = [
    "FileStore",
    "Notifier",
    "ReportService",
    "ReportType",
    "ReportTypeRegistry",
    "SchemaError",
    "StoredFile",
]
