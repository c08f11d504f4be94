"""Every message of bot/knowledge is in locales/fragments/knowledge.po (or another fragment),
translated."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def test_fragment_covers_every_message() -> None:
    used = {m[2] for m in extract_from_dir(str(ROOT / "bot" / "knowledge"), keywords=KEYWORDS)}
    with (ROOT / "locales" / "fragments" / "knowledge.po").open("rb") as fh:
        catalog = read_po(fh, locale="vi")
    ids = {m.id for m in catalog if m.id}
    for other in (ROOT / "locales" / "fragments").glob("*.po"):  # e.g. harden.po: file limits
        with other.open("rb") as fh:
            ids |= {m.id for m in read_po(fh, locale="vi") if m.id and m.string}
    assert used, "no messages found"
    assert not {u for u in used if u not in ids}, "missing from the fragment"
    for message in catalog:
        if not message.id:
            continue
        raw = message.string
        strings = [str(s) for s in raw] if isinstance(raw, tuple | list) else [str(raw or "")]
        assert all(strings), message.id
        ident = str(message.id[0] if isinstance(message.id, tuple | list) else message.id)
        for placeholder in ("{date}", "{n}", "{title}", "{who}", "{source}", "{items}"):
            if placeholder in ident:
                assert all(placeholder in s for s in strings), message.id
