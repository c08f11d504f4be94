"""The console channel: numbered choices, typed answers, files by path."""

from __future__ import annotations

import asyncio
import io

from bot.channels.console import Console
from bot.channels.runtime import run_channels
from bot.channels.text import match_choice, render, split_text
from bot.core import Core
from bot.i18n import language
from bot.port import Button, Reply


def test_buttons_become_numbered_choices() -> None:
    text, actions = render(Reply("<b>Chọn</b> &amp; gửi", buttons=[
        [Button("Tiếng Việt", "lang1:set:vi"), Button("English", "lang1:set:en")],
        [Button("⬅ Quay lại", "rp1:back", command="back")],
    ]))
    assert text.splitlines()[0] == "Chọn & gửi"
    assert "  1. Tiếng Việt" in text and "  2. English" in text
    assert "/back ⬅ Quay lại" in text
    assert actions == ["lang1:set:vi", "lang1:set:en"]


def test_choices_match_numbers_and_text_without_diacritics() -> None:
    labels = ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"]
    assert match_choice("2", labels) == 1
    assert match_choice("chien si thi dua co so", labels) == 1
    assert match_choice("Lao động tiên tiến", labels) == 0
    assert match_choice("3", labels) is None
    assert match_choice("lao dong", labels) is None


def test_long_text_splits_at_paragraphs() -> None:
    text = ("a" * 1500 + "\n\n" + "b" * 900 + "\n\n" + "c" * 100)
    parts = split_text(text, 2000)
    assert parts == ["a" * 1500, "b" * 900 + "\n\n" + "c" * 100]
    assert all(len(p) <= 2000 for p in split_text("x " * 3000, 2000))


async def test_console_session(core: Core) -> None:
    out = io.StringIO()
    console = Console(core, "lan", stdin=io.StringIO(), stdout=out)
    await console.handle_line("/start")
    await console.handle_line("2")  # choose English from the numbered menu
    assert "Language set to English." in out.getvalue()
    await console.handle_line("Nguyễn Thị Lan")
    await console.handle_line("HOASEN-GV-4821")
    assert "registered as staff" in out.getvalue()


async def test_console_run_reads_until_end_of_input(core: Core) -> None:
    out = io.StringIO()
    stdin = io.StringIO("Trần Văn Hùng\nLLQ-HT-3857\n/me\n/quit\n")
    console = Console(core, "hung", stdin=stdin, stdout=out)
    await run_channels(core, [console], asyncio.Event())  # as school-bot console does
    assert "Trường Tiểu học Lạc Long Quân" in out.getvalue()


async def test_a_file_that_is_not_there_is_named_as_not_found(core: Core,
                                                              tmp_path) -> None:
    out = io.StringIO()
    console = Console(core, "lan", stdin=io.StringIO(), stdout=out)
    replies = await console.handle_line(f"/file {tmp_path}/bao-cao <1>.pdf")
    assert replies[0].text.startswith("Không tìm thấy tệp: ")
    assert "bao-cao &lt;1&gt;.pdf" in replies[0].text  # what was typed, escaped
    assert "Không tìm thấy tệp" in out.getvalue()
    replies = await console.handle_line("/file")
    assert "Không tìm thấy tệp" in replies[0].text


def test_a_single_choice_is_not_a_range() -> None:
    with language("en"):
        one, _actions = render(Reply("Chọn", buttons=[[Button("Gửi", "rp1:ok:1")]]))
        two, _actions = render(Reply("Chọn", buttons=[[Button("A", "a"), Button("B", "b")]]))
    assert "from 1 to 1" not in one and "(Reply with 1 to choose it.)" in one
    assert "from 1 to 2" in two
    with language("vi"):
        one, _actions = render(Reply("Chọn", buttons=[[Button("Gửi", "rp1:ok:1")]]))
    assert "(Trả lời bằng số 1 để chọn.)" in one and "1 đến 1" not in one
