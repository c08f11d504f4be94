"""End to end: plan files that are too big, packed to explode, or damaged (issue 12, items 5
and 13): refused with a clear message, not kept, and the chat never stalls meanwhile."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import docx
import pytest

from bot.knowledge.model import PlanReadError
from bot.knowledge.sandbox import parse_in_worker
from tests.fakes import FakeTelegramServer
from tests.helpers import ADMIN_TG_ID, ROOT
from tests.telegram_env import Chat, running_bot, telegram_config

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


def real_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rewrite(data: bytes, name: str, content: bytes) -> bytes:
    """The same .docx with one part replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, content if item.filename == name else src.read(item))
    return out.getvalue()


def docx_bomb(unpacked: int = 10_000_000) -> bytes:
    paragraph = b"<w:p><w:r><w:t>thi dua</w:t></w:r></w:p>"
    body = paragraph * (unpacked // len(paragraph))
    xml = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           b'wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>")
    return rewrite(real_docx("x"), "word/document.xml", xml)


def plan_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "files" / "plans"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


async def test_bad_plan_files_are_refused_clearly_and_not_kept(server: FakeTelegramServer,
                                                              tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    bomb = docx_bomb()
    assert len(bomb) < 100_000
    plan = (ROOT / "data" / "plans" / "003_4969b40fad21c702.txt").read_text(encoding="utf-8")
    damaged = rewrite(real_docx(plan), "word/document.xml",
                      b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p>')
    async with running_bot(server, config) as bot:
        admin = Chat(server, ADMIN_TG_ID, "Admin")
        await admin.join_as_admin()
        teacher = Chat(server, 5401, "Mai")
        await teacher.join("Phan Thị Mai", "KIMDONG-GV-4356")
        shipped = await bot.core.db.fetchval("SELECT COUNT(*) FROM plans")

        await admin.send_document("ke-hoach.docx", bomb, DOCX)
        refusal = await admin.sees("MB", timeout=30)
        assert "giải nén" in refusal
        await admin.send_document("ke-hoach.txt", b"Ke hoach thi dua\n" * 290_000, "text/plain")
        await admin.sees("quá lớn", timeout=30)
        downloads = len(server.calls("getFile"))
        await admin.send_document("ke-hoach-20mb.docx", b"PK\x03\x04" + b"0" * 6_000_000, DOCX)
        await admin.sees("trên 5 MB", timeout=30)
        assert len(server.calls("getFile")) == downloads  # refused before downloading
        await admin.send_document("ke-hoach-hong.docx", damaged, DOCX)
        damaged_reply = await admin.sees("bị hỏng", timeout=30)
        assert "sự cố" not in damaged_reply
        assert plan_files(tmp_path) == []  # nothing refused is kept

        await admin.send_document("ke-hoach-2027.docx",
                                  real_docx(plan.replace("2024", "2027")), DOCX)
        await admin.sees("Xem trước kế hoạch", timeout=30)
        assert len(plan_files(tmp_path)) == 1
        await admin.press("Hủy")
        await admin.sees("Không có gì được nhập")
        assert plan_files(tmp_path) == []  # a cancelled plan is not kept either
        assert await bot.core.db.fetchval("SELECT COUNT(*) FROM plans") == shipped
        await teacher.send("/help")
        await teacher.sees("/report")


async def test_the_chat_goes_on_while_a_plan_is_read(server: FakeTelegramServer,
                                                     tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config) as bot:
        admin = Chat(server, ADMIN_TG_ID, "Admin")
        await admin.join_as_admin()
        teacher = Chat(server, 5402, "Mai")
        await teacher.join("Phan Thị Mai", "KIMDONG-GV-4356")
        plan = (ROOT / "data" / "plans" / "003_4969b40fad21c702.txt").read_text("utf-8")
        await admin.send_document("ke-hoach-2027.docx",
                                  real_docx(plan.replace("2024", "2027") * 3), DOCX)
        await server.wait_until(lambda: server.calls("getFile"), what="the download")
        started = time.monotonic()
        await teacher.send("/help")
        await teacher.sees("/report")
        assert time.monotonic() - started < 2.0
        await admin.sees("Xem trước kế hoạch", timeout=30)
        assert bot.core is not None


async def test_the_worker_is_stopped_at_its_limits(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    text = (ROOT / "data" / "plans" / "003_4969b40fad21c702.txt").read_text("utf-8")
    path.write_text((text * 200)[:400_000], encoding="utf-8")
    plan, data = await parse_in_worker(path, "vi")
    assert plan.title and data == path.read_bytes()
    with pytest.raises(PlanReadError, match="too much time or memory"):
        await parse_in_worker(path, "en", wall_seconds=0.01)
    with pytest.raises(PlanReadError, match="too much time or memory"):
        await parse_in_worker(path, "en", memory_bytes=40 * 1024 * 1024)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
async def test_a_pdf_plan_is_previewed_and_a_scan_is_refused(server: FakeTelegramServer,
                                                             tmp_path: Path) -> None:
    from tests.test_knowledge_converted import PLAN, tiny_pdf

    config = telegram_config(tmp_path, server)
    async with running_bot(server, config):
        admin = Chat(server, ADMIN_TG_ID, "Admin")
        await admin.join_as_admin()
        await admin.send_document("ban-scan.pdf", tiny_pdf([]), "application/pdf")
        await admin.sees("bản scan", timeout=30)
        assert plan_files(tmp_path) == []
        await admin.send_document("ke-hoach.pdf", tiny_pdf(PLAN), "application/pdf")
        await admin.sees("Xem trước kế hoạch", timeout=30)
