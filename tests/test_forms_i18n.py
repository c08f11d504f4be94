"""The report flow's code keeps to the house rules for texts, dates and layering (its messages
are checked with every other in tests/test_i18n.py)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_formatting_inside_translation_calls() -> None:
    for path in (ROOT / "bot" / "forms").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\b_\(f[\"']", source), path
        assert "datetime.now(" not in source and "date.today(" not in source, path
        assert "import telegram" not in source and "from telegram" not in source, path
