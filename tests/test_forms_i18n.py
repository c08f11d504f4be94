"""The PO fragment has every message the report flow uses, translated, placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
FRAGMENTS = [ROOT / "locales" / "fragments" / name
             for name in ("forms.po", "reports.po", "admin.po")]


def used_msgids() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "bot" / "forms").glob("*.py"):
        for _line, msg, _comments, _ctx in extract_from_file(
                "python", str(path), keywords={"_": None, "N_": None}):
            found.add(msg)
    return found


def test_every_msgid_is_in_the_fragment_and_translated() -> None:
    translated: dict[str, str] = {}
    for fragment in FRAGMENTS:
        with fragment.open("rb") as fh:
            translated |= {m.id: m.string for m in read_po(fh, locale="vi") if m.id}
    used = used_msgids()
    assert used, "no messages found"
    assert sorted(used - set(translated)) == []
    assert sorted(k for k in used if not translated[k]) == []
    for msgid in used:
        assert set(re.findall(r"\{\w+\}", msgid)) == set(
            re.findall(r"\{\w+\}", translated[msgid])), msgid
        assert re.findall(r"</?\w+>", msgid) == re.findall(r"</?\w+>", translated[msgid]), msgid


def test_no_formatting_inside_translation_calls() -> None:
    for path in (ROOT / "bot" / "forms").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\b_\(f[\"']", source), path
        assert "datetime.now(" not in source and "date.today(" not in source, path
        assert "import telegram" not in source and "from telegram" not in source, path
