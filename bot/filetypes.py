"""Does a file's content match its name? A small table of magic bytes for the kinds users send
(PDF, Word/Excel/PowerPoint old and new, OpenDocument, ZIP, JPEG, PNG, GIF, WebP, HEIC), so an
``.exe`` renamed ``.pdf`` — or an empty file — is refused."""

from __future__ import annotations

from bot.i18n import _

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "docx": _ZIP, "xlsx": _ZIP, "pptx": _ZIP, "odt": _ZIP, "ods": _ZIP, "zip": _ZIP,
    "doc": _OLE, "xls": _OLE, "ppt": _OLE,
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
}
# Programs and scripts are never accepted, whatever the name says.
_EXECUTABLE = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


IMAGES = frozenset({"jpg", "jpeg", "png", "gif", "webp", "heic", "heif"})


def is_image(data: bytes) -> bool:
    return (data.startswith((*SIGNATURES["jpg"], *SIGNATURES["png"], *SIGNATURES["gif"]))
            or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
            or (data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1")))


def content_matches(data: bytes, extension: str) -> bool:
    """Whether ``data`` is plausibly a file of ``extension`` (without the dot)."""
    if not data or data.startswith(_EXECUTABLE):
        return False
    ext = extension.lower().lstrip(".")
    if ext in IMAGES:  # apps convert photos (a PNG sent as "photo.jpg"): any image will do
        return is_image(data)
    if ext in ("txt", "csv", "md"):
        return b"\x00" not in data[:4096]
    signatures = SIGNATURES.get(ext)
    if signatures is None:
        return True  # a kind without a known signature: only programs are refused
    return data.startswith(signatures)


def refused_message(name: str) -> str:
    """What the sender is told; ``name`` already escaped for HTML."""
    return _("That file is empty, or its content is not what its name says ({name}). Please "
             "send the real document.").format(name=name)
