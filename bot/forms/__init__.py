"""Report submissions through conversation flows: report types as data, drafts, receipts.

``ReportService`` is the entry point for ``bot.features.reports`` (the form is the flow
``report``); report types are loaded with ``bot.forms.loader.load_registry()`` from
``data/report_types/*.toml`` and ``data/deadlines.toml``. The modules: ``schema``, ``fields``
(kinds of field), ``answers`` (typed answers), ``loader`` with ``table`` and ``field_loader``
(reading the TOML), ``engine`` and ``rules`` (pure), ``flow`` (asking), ``submit``, ``sent``
(reports already sent), ``repo`` (all SQL), ``files``, ``views`` and ``listing``.
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
