"""One form of address: staff and leaders are "thầy/cô" in every Vietnamese text the bot
shows — the catalog and the report types."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from bot.forms.loader import load_registry
from tests.helpers import ROOT

BAN = re.compile(r"(?<![\wÀ-ỹ])[Bb]ạn(?![\wÀ-ỹ])")


def vietnamese_texts() -> list[str]:
    paths = [ROOT / "locales" / "vi" / "LC_MESSAGES" / "messages.po"]
    texts = []
    for path in paths:
        with path.open("rb") as fh:
            texts += [m.string for m in read_po(fh, locale="vi") if m.id and m.string]
    for rt in load_registry().all():
        texts += [rt.title.vi, *(f.prompt.vi for f in rt.fields), *(f.label.vi for f in rt.fields)]
    return [t for t in texts if isinstance(t, str)]


def test_nobody_is_called_ban() -> None:
    texts = vietnamese_texts()
    assert [t for t in texts if BAN.search(t)] == []
    assert any("thầy/cô" in t.lower() for t in texts)


def test_awkward_phrases_are_gone() -> None:
    joined = "\n".join(vietnamese_texts())
    assert "không muốn đoán" not in joined
    assert "lãnh đạo của {units} đơn vị" not in joined
