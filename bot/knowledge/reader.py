"""Read a plan document (.txt, .md, .docx, .doc, .pdf) into plain text.

A PDF is read by ``pdftotext`` (poppler-utils), which keeps Vietnamese syllables whole where
pure-Python readers split them ("th ưởng"); a PDF that is only scanned images has no text to
read, and the admin is told so. An old Word .doc is read by ``antiword``, or ``catdoc`` for the
files antiword refuses. Without those tools the admin is told what to send instead."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

from bot.i18n import _
from bot.knowledge.model import PlanReadError
from bot.knowledge.textnorm import nfc

SUPPORTED = (".txt", ".md", ".docx", ".doc", ".pdf")
CONVERT_SECONDS = 60
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")  # how a Word 97-2003 file begins
PDF_MIN_WORDS = 20  # fewer words than this in a PDF: a scan, not a text
MAX_BYTES = 5_000_000
MAX_TEXT_BYTES = 1_000_000  # a .txt/.md plan; the longest shipped one is under 100 KB
MAX_UNPACKED_XML = 4_000_000  # the XML inside a .docx, unpacked (a zip can unpack 300-fold)


def read_plan_file(path: Path) -> tuple[str, bytes]:
    """The document's text and its raw bytes (for the content hash).

    Raises ``PlanReadError`` with a translated message for a file that is missing, too big,
    of an unsupported kind, corrupt or without any text.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise PlanReadError(_("I can read plans as .txt, .md, .docx, .doc or .pdf files, not "
                              "{kind}.")
                            .format(kind=suffix or _("files without an extension")))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanReadError(_("I could not open that file.")) from exc
    if len(data) > MAX_BYTES:
        raise PlanReadError(_("That file is too big for a plan (over 5 MB)."))
    if suffix in (".txt", ".md") and len(data) > MAX_TEXT_BYTES:
        raise PlanReadError(_("That text file is too big for a plan (over {n} MB).").format(
            n=MAX_TEXT_BYTES // 1_000_000))
    if suffix == ".docx":
        _check_unpacked_size(path)
    if suffix == ".docx":
        text = _docx_text(path)
    elif suffix == ".pdf":
        text = _pdf_text(path)
    elif suffix == ".doc":
        text = _doc_text(path, word_file=data.startswith(_OLE))
    else:
        text = _decode(data)
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    if not text.strip():
        raise PlanReadError(_("That file has no text in it."))
    return text, data


def _pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise PlanReadError(_("This server cannot read .pdf files yet (it needs the "
                              "poppler-utils package). Please send the plan as .docx or .txt."))
    text = _run([tool, "-enc", "UTF-8", "-q", str(path), "-"])
    if text is None:
        raise PlanReadError(_("That .pdf file is damaged or is not really a PDF."))
    if len(text.split()) < PDF_MIN_WORDS:
        raise PlanReadError(_("That .pdf file holds only images (a scan), no text I can read. "
                              "Please send the plan as .docx or .txt, or a PDF saved from the "
                              "original document."))
    return text


def _doc_text(path: Path, *, word_file: bool) -> str:
    """``word_file``: the file begins like a Word 97-2003 file (catdoc reads anything)."""
    antiword, catdoc = shutil.which("antiword"), shutil.which("catdoc")
    if antiword is None and catdoc is None:
        raise PlanReadError(_("This server cannot read old Word .doc files (it needs antiword "
                              "or catdoc). Please save the plan as .docx and send it again."))
    text = _run([antiword, "-w", "0", "-m", "UTF-8.txt", str(path)]) if antiword else None
    if text is None and catdoc and word_file:
        text = _run([catdoc, "-w", "-d", "utf-8", str(path)])
    if text is None:
        raise PlanReadError(_("That .doc file is damaged or is not really a Word file."))
    return text


def _run(command: list[str]) -> str | None:
    """A converter's text output; None when it fails. Too slow a file is refused."""
    try:
        done = subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PlanReadError(_("That file takes too long to read.")) from exc
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace").replace("\f", "\n")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:2000]:
        raise PlanReadError(_("That file does not look like text."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258")  # Vietnamese Windows
    except UnicodeDecodeError as exc:
        raise PlanReadError(_("I could not read the text of that file (unknown encoding).")) \
            from exc


def _check_unpacked_size(path: Path) -> None:
    """Refuse a .docx whose XML unpacks to more than a plan ever holds, before parsing it."""
    try:
        with zipfile.ZipFile(path) as archive:
            xml = sum(i.file_size for i in archive.infolist()
                      if i.filename.lower().endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, OSError) as exc:
        raise PlanReadError(_("That .docx file is damaged or is not really a Word file.")) \
            from exc
    if xml > MAX_UNPACKED_XML:
        raise PlanReadError(_("That .docx file unpacks to more than {n} MB of text, far more "
                              "than a plan holds. Please check the file, or save it again from "
                              "Word.").format(n=MAX_UNPACKED_XML // 1_000_000))


def _docx_text(path: Path) -> str:
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise PlanReadError(_("Reading .docx files is not available here.")) from exc
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError,
            EOFError, zlib.error) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise PlanReadError(_("That .docx file is damaged or is not really a Word file.")) \
            from exc
    lines: list[str] = []
    for para in document.paragraphs:
        lines.append(_docx_paragraph(para))
        lines.append("")
    for table in document.tables:  # as "|a|b|": the importer reads tables (tables.py)
        for row in table.rows:
            cells = [" ".join(c.text.split()) for c in row.cells]
            merged = ["" if i and c == cells[i - 1] else c for i, c in enumerate(cells)]
            lines.append("|" + "|".join(merged) + "|")
        lines.append("")
    return "\n".join(lines)


def _docx_paragraph(para: object) -> str:
    """A paragraph's text, as a bullet when Word styles it as a list item."""
    text = para.text.strip()  # type: ignore[attr-defined]
    style = getattr(getattr(para, "style", None), "name", "") or ""
    if text and "List" in style and not re.match(r"[-–•]|[IVX]+\.|\d+\.", text):
        return "- " + text
    return text
