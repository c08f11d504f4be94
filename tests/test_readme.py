"""The README's example report type is a real one: it loads as written."""

from __future__ import annotations

import re
from pathlib import Path

from bot.forms.fields import FieldKind
from bot.forms.loader import load_type
from tests.helpers import ROOT


def test_the_readme_report_type_example_loads(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [example] = [block for block in re.findall(r"```toml\n(.*?)```", readme, re.S)
                 if "[[fields]]" in block]
    path = tmp_path / "hoi_giang.toml"
    path.write_text(example, encoding="utf-8")
    rt = load_type(path)
    assert rt.receipt_prefix == "HG"
    assert [f.kind for f in rt.fields] == [FieldKind.CHOICE, FieldKind.FILE]
    rule = rt.fields[1].required_if  # the one conditional rule the README shows
    assert rule is not None and rule.holds({"subject": "math"}) and not rule.holds({})


def test_the_readme_opens_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## ")[0]
    assert "make run" in head and "make test" in head
