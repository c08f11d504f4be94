"""The ``school-bot`` command line: configuration errors, ask, import-plan."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.helpers import ROOT


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[bot]\ndatabase = "{tmp_path / "bot.sqlite3"}"\ndata_dir = "{ROOT / "data"}"\n'
        f'units_csv = "{ROOT / "data" / "units.csv"}"\nfiles_dir = "{tmp_path / "files"}"\n',
        encoding="utf-8")
    return path


def test_ask_prints_the_answer_the_bot_gives(config_file: Path, capsys) -> None:
    code = main(["--config", str(config_file), "ask", "han nop bao cao so ket la khi nao"])
    out = capsys.readouterr().out
    assert code == 0 and "31/5" in out and "<" not in out
    code = main(["--config", str(config_file), "ask", "When is the interim report due?",
                 "--lang", "en"])
    assert code == 0 and "The documents give these dates" in capsys.readouterr().out
    code = main(["--config", str(config_file), "ask", "giá vàng hôm nay bao nhiêu"])
    assert code == 1  # not confident: the exit code says so too


def test_import_plan_json_and_dry_run(config_file: Path, tmp_path: Path, capsys) -> None:
    plan = tmp_path / "kh-2027.txt"
    text = (ROOT / "data" / "plans" / "003_4969b40fad21c702.txt").read_text(encoding="utf-8")
    plan.write_text(text.replace("2024", "2027"), encoding="utf-8")
    assert main(["--config", str(config_file), "import-plan", str(plan), "--dry-run",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"title", "issuer", "number", "date", "campaigns", "deadlines"} <= set(data)
    dates = {d["date"] for d in data["deadlines"]}
    assert {"2027-05-31", "2027-11-10"} <= dates
    assert main(["--config", str(config_file), "import-plan", str(plan)]) == 0
    assert "imported" in capsys.readouterr().out
    assert main(["--config", str(config_file), "import-plan", str(plan)]) == 0
    assert "nothing changed" in capsys.readouterr().out


def test_unreadable_plan_and_missing_file(config_file: Path, tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    assert main(["--config", str(config_file), "import-plan", str(empty)]) == 1
    assert "Cannot import empty.txt" in capsys.readouterr().err
    assert main(["--config", str(config_file), "import-plan", str(tmp_path / "nope")]) == 2


def test_a_bad_config_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[reminders]\nhour = 25\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(bad), "ask", "x"], cwd=ROOT,
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "[reminders] hour must be a whole number from 0 to 23" in result.stderr


def test_without_a_token_it_runs_in_the_terminal(config_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config_file)], cwd=ROOT,
        input="Nguyễn Thị Lan\nHOASEN-GV-4821\n/quit\n", capture_output=True, text=True,
        timeout=60, env={"PATH": "/usr/bin:/bin", "USER": "lan", "HOME": str(config_file.parent)})
    assert result.returncode == 0
    assert "No Telegram or Zalo token" in result.stderr
    assert "Trường Mầm non Hoa Sen" in result.stdout
