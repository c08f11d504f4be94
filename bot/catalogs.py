"""Catalog upkeep: report untranslated messages, fill English, merge translation fragments.

``python -m bot.catalogs`` prints what is missing (exit 1 if anything is);
``--fill-en`` copies each English msgid into the en catalog where it has no text;
``--merge DIR`` takes Vietnamese texts from the .po fragments in DIR where vi has none.
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
    catalog = read(catalog_path(lang), lang)
    return [str(m.id) for m in catalog if m.id and not _translated(m)]


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


def merge_fragments(folder: Path) -> int:
    path = catalog_path("vi")
    catalog = read(path, "vi")
    merged = 0
    for fragment in sorted(folder.glob("*.po")):
        for m in read(fragment, "vi"):
            if not m.id or not _translated(m):
                continue
            target = catalog.get(m.id)
            if target is not None and not _translated(target):
                target.string = m.string
                merged += 1
    write(path, catalog)
    return merged


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bot.catalogs")
    p.add_argument("--fill-en", action="store_true")
    p.add_argument("--merge", type=Path)
    args = p.parse_args(argv)
    if args.merge:
        print(f"merged {merge_fragments(args.merge)} Vietnamese texts from {args.merge}")
    if args.fill_en:
        print(f"filled {fill_english()} English texts")
    problems = 0
    for lang in LANGUAGES:
        for msgid in missing(lang):
            print(f"{lang}: untranslated: {msgid!r}")
            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
