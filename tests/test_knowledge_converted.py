"""Plans sent as PDF or old Word .doc: read by pdftotext or antiword; a scan with no text, a
broken file and a server without the tool each get a clear message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.i18n import language
from bot.knowledge.importer import parse_file
from bot.knowledge.model import PlanReadError
from bot.knowledge.outline import clean_text
from bot.knowledge.reader import read_plan_file

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) is not installed")


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (ASCII, in Helvetica)."""
    text = " ".join(f"({line}) '" for line in lines)
    content = f"BT /F1 11 Tf 50 800 Td 14 TL {text} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return out


PLAN = ["KE HOACH", "Phong trao thi dua Day tot Hoc tot nam hoc 2030-2031",
        "I. MUC DICH", "Dong vien giao vien va hoc sinh thi dua day tot, hoc tot.",
        "II. TO CHUC THUC HIEN", "- Cac truong gui bao cao so ket ve Phong Giao duc qua email",
        "thiduaq5@example.edu.vn va gui ban giay ve To Thi dua."]


@needs_pdftotext
def test_a_pdf_plan_is_read_with_its_sections(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(tiny_pdf(PLAN))
    text, _raw = read_plan_file(path)
    assert "Day tot Hoc tot" in text and "thiduaq5@example.edu.vn" in text
    plan = parse_file(path)
    assert any("TO CHUC THUC HIEN" in (s.heading or "") for s in plan.sections)


@needs_pdftotext
@pytest.mark.parametrize(("content", "says"), [
    (tiny_pdf([]), "only images (a scan)"),
    (b"%PDF-1.4\nthis is not really a pdf\n", "damaged or is not really a PDF"),
])
def test_a_pdf_without_text_or_broken_is_refused_clearly(tmp_path: Path, content: bytes,
                                                       says: str) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(content)
    with language("en"), pytest.raises(PlanReadError, match=says.replace("(", r"\(")
                                       .replace(")", r"\)")):
        read_plan_file(path)


def test_a_server_without_pdftotext_says_what_to_send_instead(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(tiny_pdf(PLAN))
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with language("vi"), pytest.raises(PlanReadError, match="poppler-utils"):
        read_plan_file(path)


DOC = Path(__file__).parent / "fixtures" / "mau-so-08-bao-cao-thanh-tich.doc"
needs_antiword = pytest.mark.skipif(shutil.which("antiword") is None and shutil.which(
    "catdoc") is None, reason="neither antiword nor catdoc is installed")


@needs_antiword
def test_an_old_word_file_is_read_with_its_letterhead_as_lines() -> None:
    plan = parse_file(DOC)
    text = "\n".join(s.body for s in plan.sections)
    assert "THÀNH TÍCH ĐẠT ĐƯỢC" in " ".join(s.heading or "" for s in plan.sections)
    assert "Địa điểm trụ sở chính" in text
    raw, _bytes = read_plan_file(DOC)
    assert "|ĐƠN VỊ CẤP TRÊN" in raw and "|-------" in raw  # the letterhead is a table …
    lines = clean_text(raw).split("\n")
    assert "ĐƠN VỊ CẤP TRÊN" in lines and "-------" not in lines  # … read as lines


@needs_antiword
def test_a_broken_doc_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "hong.doc"
    path.write_bytes(b"hello, this is not a word file at all\n" * 20)
    with language("en"), pytest.raises(PlanReadError, match="damaged"):
        read_plan_file(path)


def test_a_server_without_word_tools_says_to_send_docx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with language("en"), pytest.raises(PlanReadError, match=r"save the plan as \.docx"):
        read_plan_file(DOC)
