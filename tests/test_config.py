from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError
from bot.config_file import EXAMPLE_CONFIG, find_config_file, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_loads_with_documented_defaults() -> None:
    config = load_config(EXAMPLE_CONFIG, env={})
    assert config.bot.timezone == "Asia/Ho_Chi_Minh"
    assert config.reminders.offsets_days == (14, 7, 3, 1, 0)
    assert config.telegram.token == "" and config.telegram.mode == "polling"
    assert config.bot.admins == ("console:admin",)


def test_answer_processes_default_to_the_machine(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.app import answer_processes
    from bot.knowledge import pool

    unset = load_config(write(tmp_path, ""), env={})
    assert unset.knowledge.processes is None
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda _pid: {0, 1})
    assert answer_processes(unset) == 1
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda _pid: {0})
    assert answer_processes(unset) == 0
    for n in (0, 3):
        chosen = load_config(write(tmp_path, f"[knowledge]\nprocesses = {n}\n"), env={})
        assert answer_processes(chosen) == n


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\ntoken = "from-file"\n[bot]\nadmins = [1]\n')
    config = load_config(path, env={
        "BOT_TOKEN": "123:abc", "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
        "BOT_ADMIN_IDS": "42, 43,console:boss",
    })
    assert config.telegram.token == "123:abc"
    assert config.telegram.api_base_url == "http://127.0.0.1:9/bot"
    assert config.telegram.file_base_url == "http://127.0.0.1:9/file/bot"
    assert config.bot.admins == ("telegram:42", "telegram:43", "console:boss")
    assert config.is_admin("telegram", "42") and not config.is_admin("telegram", "1")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[reminders]\nhour = "eight"\n', "[reminders] hour must be a whole number from 0 to 23"),
        ("[reminders]\noffsets_days = [7, 'x']\n", "[reminders] offsets_days must be a list"),
        ('[bot]\ntimezone = "Mars/Base"\n', "timezone 'Mars/Base' is not a known time zone"),
        ('[telegram]\nmode = "push"\n', "[telegram] mode must be one of polling, webhook"),
        ("[bots]\n", "unknown section [bots]"),
        ("[bot\n", "not valid TOML"),
        ('[bot]\nadmins = ["abc"]\n', "'abc' is not a Telegram user id"),
        ("[knowledge]\nprocesses = -1\n",
         "[knowledge] processes must be a whole number from 0 to 16"),
    ],
)
def test_malformed_keys_give_one_clear_line(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text), env={})
    message = str(err.value)
    assert expected in message and "\n" not in message


def test_bad_admin_env_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="BOT_ADMIN_IDS"):
        load_config(write(tmp_path, ""), env={"BOT_ADMIN_IDS": "12,x y"})


def test_config_file_lookup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert find_config_file(env={}) == EXAMPLE_CONFIG
    with pytest.raises(ConfigError, match="does not exist"):
        find_config_file(env={"BOT_CONFIG": "nope.toml"})
    local = write(tmp_path, "")
    assert find_config_file(env={}).resolve() == local.resolve()
    assert load_config(env={}).bot.database == Path("var/bot.sqlite3")  # relative to cwd


def test_webhook_mode_needs_a_url(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="webhook_url is required"):
        load_config(write(tmp_path, '[telegram]\nmode = "webhook"\n'), env={"BOT_TOKEN": "1:a"})
