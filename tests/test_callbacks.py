"""The one button codec: what it writes reads back the same, and everything else — forged,
oversized, of another version, or written before the upgrade — is refused and gets the one
stale reply."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.callbacks import (
    DATE,
    INT,
    KEY,
    MAX_BYTES,
    WORD,
    Codec,
    choice,
    member,
    optional,
)
from bot.core import Core
from bot.forms.actions import REPORT, Verb
from bot.models import Role, UnitType
from tests.helpers import ROOT

SAMPLE = Codec("tt", 3, {
    "all": (INT, WORD, KEY, DATE, choice("yes", "no"), member(UnitType), optional(INT)),
    "none": (),
})


def test_round_trip_keeps_every_type() -> None:
    data = SAMPLE.build("all", 42, "interim", "MN-HOASEN", dt.date(2027, 5, 31), "yes",
                       UnitType.DVTT, 7)
    assert data == "tt3:all:42:interim:MN-HOASEN:2027-05-31:yes:DVTT:7"
    press = SAMPLE.parse(data)
    assert press is not None and press.verb == "all"
    assert press.integer(0) == 42 and press.text(1) == "interim" and press.text(2) == "MN-HOASEN"
    assert press.date(3) == dt.date(2027, 5, 31) and press.text(4) == "yes"
    assert press.member(5, UnitType) is UnitType.DVTT and press.number(6) == 7
    assert SAMPLE.parse(SAMPLE.build("none")) is not None


def test_an_optional_field_may_be_left_off() -> None:
    data = SAMPLE.build("all", 1, "a", "b", dt.date(2027, 1, 1), "no", UnitType.MN)
    assert not data.endswith(":")
    press = SAMPLE.parse(data)
    assert press is not None and press.number(6) is None
    audit = Codec("au", 1, {"pg": (INT, optional(WORD), optional(INT), optional(KEY))})
    press = audit.parse(audit.build("pg", 0, "", 5, ""))
    assert press is not None and press.arg(1) is None and press.number(2) == 5


@pytest.mark.parametrize("data", [
    "", ":", "tt3", "tt3:", "tt3:nope", "tt3:none:extra", "tt3:all:1",
    "tt3:all:x:interim:U:2027-05-31:yes:MN",  # not a number
    "tt3:all:01:interim:U:2027-05-31:yes:MN",  # not as written
    "tt3:all:-1:interim:U:2027-05-31:yes:MN",
    "tt3:all:1234567890123:interim:U:2027-05-31:yes:MN",  # too many digits
    "tt3:all:1:Interim:U:2027-05-31:yes:MN",  # a word is lower case
    "tt3:all:1:interim:U:2027-02-30:yes:MN",  # no such day
    "tt3:all:1:interim:U:2027-05-31:maybe:MN",  # not one of the choices
    "tt3:all:1:interim:U:2027-05-31:yes:ĐVTT",  # enums are written by name
    "tt3:all:1:interim:U:2027-05-31:yes:MN:1:2",  # a field too many
    "tt3:all:1:interim:U\n:2027-05-31:yes:MN",  # a control character
    "tt3:all:1:" + "a" * 60,  # longer than a button may carry
    "tt2:none", "tt4:none", "tt:none", "TT3:none", "tt3:none\x00",
    "\u202e", "x" * 300,
])
def test_forged_data_is_refused(data: str) -> None:
    assert SAMPLE.parse(data) is None


def test_build_refuses_what_it_could_not_read_back() -> None:
    with pytest.raises(ValueError):
        SAMPLE.build("nope")
    with pytest.raises(ValueError):
        SAMPLE.build("none", 1)
    with pytest.raises(ValueError):
        SAMPLE.build("all", "x", "a", "b", dt.date(2027, 1, 1), "yes", UnitType.MN)
    with pytest.raises(ValueError):
        SAMPLE.build("all", 1, "a:b", "b", dt.date(2027, 1, 1), "yes", UnitType.MN)
    with pytest.raises(ValueError):
        SAMPLE.build("all", 1, "a" * 24, "b" * 40, dt.date(2027, 1, 1), "yes", UnitType.MN)
    with pytest.raises(ValueError):
        Codec("t1", 1)  # a prefix has no digits: they would read as its version


def test_report_actions_are_at_most_64_bytes_and_read_back() -> None:
    data = REPORT.build(Verb.CHOICE, 10**11, "f" * 20, "o" * 20)
    assert len(data.encode()) <= MAX_BYTES
    press = REPORT.parse(data)
    assert press is not None and press.verb == Verb.CHOICE and press.integer(0) == 10**11


def test_every_feature_has_its_own_codec(core: Core) -> None:
    heads = [r.codec.head for r in core.registry.actions]
    prefixes = [r.codec.prefix for r in core.registry.actions]
    assert len(set(prefixes)) == len(prefixes) >= 15
    assert core.registry.route_action(REPORT.build(Verb.MINE)) is not None
    assert all(h[-1].isdigit() for h in heads)
    with pytest.raises(ValueError):
        core.registry.action(REPORT, core.registry.actions[0].handler)


# Data as the bot wrote it before the codec (messages still in people's chats).
OLD_BUTTONS = ["rp:new:interim", "rp:ok:1", "rp:v:1", "lang:en", "nt:each", "chan:all",
               "mem:u:MN-HOASEN", "mem:role:1:leader", "st:remind:1:2027-05-31", "st:no",
               "sub:list:interim:2027", "sub:ok:1", "ex:t:all", "kb:cs", "kb:c:1:g",
               "ask:more:1", "imp:ok", "bc:aud:all", "au:0:::", "au:f:kind:::",
               "rm:go:1:2027-05-31", "rm:later:1:2027-05-31:7", "rm:adm:list",
               "oa:faq", "oa:page:1"]


async def test_buttons_from_before_the_upgrade_get_the_stale_reply(user_factory) -> None:
    admin = user_factory("admin")
    await admin.onboard("Quản Trị", "")
    leader = user_factory("leader")
    await leader.onboard("Hiệu Trưởng", "HOASEN-HT-7390")
    for data in OLD_BUTTONS:
        for who in (admin, leader):
            replies = await who.press_data(data)
            assert len(replies) == 1 and "Nút này không còn hiệu lực" in who.text(), (data, who)


async def test_an_unknown_version_gets_the_stale_reply(user_factory) -> None:
    admin = user_factory("admin")
    await admin.onboard("Quản Trị", "")
    for data in ("rp2:my", "oa2:faq", "lang9:set:en", "mem0:u:MN-HOASEN"):
        await admin.press_data(data)
        assert "Nút này không còn hiệu lực" in admin.text(), data
    await admin.press_data("oa1:faq")
    assert "Nút này không còn hiệu lực" not in admin.text()


async def test_a_role_check_comes_before_the_fields_are_read(core: Core,
                                                             user_factory) -> None:
    teacher = user_factory("t")
    await teacher.onboard("Giáo Viên", "HOASEN-GV-4821")
    await teacher.press_data("mem1:role:1:" + Role.LEADER.name)
    assert "không dành cho" in teacher.text() or "not available" in teacher.text()
    assert (await core.audit.latest())[0].action == "denied"


def test_one_stale_text_in_the_code() -> None:
    """"That button no longer works" is written once, in ``bot.callbacks.stale``."""
    found = [p.relative_to(ROOT) for folder in ("bot", "handlers")
             for p in (ROOT / folder).rglob("*.py")
             if "button no longer" in p.read_text(encoding="utf-8")
             or "button is no longer" in p.read_text(encoding="utf-8")]
    assert [str(p) for p in found] == ["bot/callbacks.py"]
