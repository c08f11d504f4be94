"""Catalog upkeep: report untranslated or fuzzy messages, fill English.

The catalogs in ``locales/<lang>/LC_MESSAGES/messages.po`` are the one source of every text a
user reads: Vietnamese is written there, by hand, after ``make i18n`` extracts new msgids.
``python -m bot.catalogs`` prints what is missing or fuzzy (exit 1 if anything is);
``--fill-en`` copies each English msgid into the en catalog where it has no text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.i18n import LANGUAGES, LOCALES_DIR


def catalog_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"


def read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def write(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as fh:
        write_po(fh, catalog, width=99, omit_header=False, sort_output=True, no_location=True)


def _translated(message: object) -> bool:
    string = getattr(message, "string", "")
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def missing(lang: str) -> list[str]:
    """The msgids with no text in this language's catalog."""
    catalog = read(catalog_path(lang), lang)
    return [str(m.id) for m in catalog if m.id and not _translated(m)]


def fuzzy(lang: str) -> list[str]:
    """The msgids whose text is marked fuzzy: a guess ``pybabel update`` made, not a
    translation (gettext would not use it)."""
    catalog = read(catalog_path(lang), lang)
    return [str(m.id) for m in catalog if m.id and m.fuzzy]


def fill_english() -> int:
    path = catalog_path("en")
    catalog = read(path, "en")
    filled = 0
    for m in catalog:
        if m.id and not _translated(m):
            m.string = m.id if isinstance(m.id, str) else tuple(m.id)
            filled += 1
    write(path, catalog)
    return filled


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bot.catalogs")
    p.add_argument("--fill-en", action="store_true")
    args = p.parse_args(argv)
    if args.fill_en:
        print(f"filled {fill_english()} English texts")
    problems = 0
    for lang in LANGUAGES:
        for msgid in missing(lang):
            print(f"{lang}: untranslated: {msgid!r}")
            problems += 1
        for msgid in fuzzy(lang):
            print(f"{lang}: fuzzy: {msgid!r}")
            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
