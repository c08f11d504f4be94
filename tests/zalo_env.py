"""The Zalo channel on real Core, for end-to-end tests over the fake Zalo API."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

from bot.app import build_core
from bot.channels.runtime import run_channels
from bot.channels.zalo import Backoff, ZaloChannel
from bot.clock import ManualClock
from bot.config import Config, SendingSettings, ZaloSettings
from bot.core import Core
from tests.fakes.zalo_server import FakeZaloServer, FakeZaloUser
from tests.helpers import make_config

FAST = Backoff(base=0.01, cap=0.05, quota_pause=0.05, attempts=3)
SECRET = "s3cret-webhook-token"
REGISTERED = "Thầy/cô đã đăng ký là"


class Rig:
    """Builds Core on one database and runs a ZaloChannel on them; can restart."""

    def __init__(self, config: Config, clock: ManualClock, poll_timeout: float = 0.2) -> None:
        self.config = config
        self.clock = clock
        self.poll_timeout = poll_timeout
        self.core: Core | None = None
        self.channel: ZaloChannel | None = None
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def s(self) -> Core:
        assert self.core is not None
        return self.core

    async def start(self) -> ZaloChannel:
        self.core = await build_core(self.config, self.clock)
        self.channel = ZaloChannel(self.core, poll_timeout=self.poll_timeout, backoff=FAST)
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(
            run_channels(self.core, [self.channel], self._stop, idle_seconds=0.05))
        ready = asyncio.create_task(self.channel.ready.wait())
        await asyncio.wait({ready, self._task}, timeout=5,
                           return_when=asyncio.FIRST_COMPLETED)
        if self._task.done():
            ready.cancel()
            self._task.result()  # raises what went wrong
        assert self.channel.ready.is_set(), "the Zalo channel did not start"
        return self.channel

    async def stop(self) -> None:
        if self._task is not None:
            self._stop.set()
            await asyncio.wait_for(self._task, 5)
            self._task = None
        if self.core is not None:
            await self.core.close()
            self.core = None

    async def user_id(self, zalo_id: str) -> int:
        user = await self.s.users.by_identity("zalo", zalo_id)
        assert user is not None
        return user.id


def zalo_config(tmp_path: Path, server: FakeZaloServer, *, admins: tuple[str, ...] = (),
                **zalo: object) -> Config:
    """A config for the rig; ``admins`` ("zalo:ID") are added to the usual ones."""
    config = make_config(tmp_path)
    config = dataclasses.replace(
        config, bot=dataclasses.replace(config.bot, admins=config.bot.admins + admins))
    settings = ZaloSettings(token=server.token, api_base_url=server.base_url)
    return dataclasses.replace(
        config,
        zalo=dataclasses.replace(settings, **zalo),  # type: ignore[arg-type]
        sending=SendingSettings(messages_per_second=1000, per_chat_per_second=1000,
                                max_attempts=3),
    )


async def onboard(user: FakeZaloUser, name: str = "Nguyễn Thị Lan",
                  code: str = "HOASEN-GV-4821") -> str:
    await user.send("/start")
    await user.expect(contains="họ và tên")
    await user.send(name)
    await user.expect(contains="mã tham gia")
    await user.send(code)
    return await user.expect(contains=REGISTERED)


async def to_the_evidence_question(mai: FakeZaloUser) -> None:
    """Onboard Mai and answer a good-deed nomination up to its evidence (photo) question."""
    await onboard(mai, "Lê Thị Mai", "HOASEN-GV-4821")
    await mai.send("/report")
    await mai.expect(contains="Đề xuất gương điển hình")
    await mai.send("de xuat guong dien hinh, nguoi tot viec tot")
    await mai.expect(contains="Gương điển hình tiên tiến")
    await mai.send("2")
    await mai.expect(contains="Họ và tên người")
    await mai.send("Cô Trần Thị Mai")
    await mai.expect(contains="Chức vụ")
    await mai.send("Nhân viên y tế, Trường Mầm non Hoa Sen")
    await mai.expect(contains="ngày nào")
    await mai.send("12/3/2027")
    await mai.expect(contains="Tóm tắt")
    await mai.send("Nhặt được ví và trả lại người đánh rơi.")
    await mai.expect(contains="Gửi ảnh hoặc giấy tờ minh chứng")


