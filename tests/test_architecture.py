"""The core never depends on the Telegram framework or the handlers."""

from __future__ import annotations

import ast

from tests.helpers import ROOT


def imported_modules(path) -> set[str]:  # type: ignore[no-untyped-def]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_core_imports_neither_telegram_nor_handlers() -> None:
    offenders = []
    for path in (ROOT / "bot").rglob("*.py"):
        if path.name == "cli.py":
            continue  # the composition root may start the Telegram channel
        for module in imported_modules(path):
            if module.split(".")[0] in ("telegram", "handlers"):
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_cli_only_imports_handlers_lazily() -> None:
    tree = ast.parse((ROOT / "bot" / "cli.py").read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    names = {getattr(n, "module", None) or n.names[0].name for n in top_level}
    assert not any(str(n).startswith(("telegram", "handlers")) for n in names)
