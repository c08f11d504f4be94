"""Files sent with reports: downloaded from the channel into the data folder, with sha256.

Files are stored by content (``ab/abcdef….pdf`` under the root), so downloading the same file
twice — a second confirm, a retry — writes nothing new and yields the same record.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.downloads import Downloads
from bot.filetypes import content_matches
from bot.forms.fields import MAX_FILE_BYTES


class FileUnavailable(Exception):
    """The file could not be fetched (no downloader for the channel, network, too large)."""


class FileRefused(FileUnavailable):
    """The content does not match the file's name (an ``.exe`` called ``.pdf``), or is empty."""


@dataclass(frozen=True)
class StoredFile:
    path: str  # relative to the store's root
    sha256: str
    size: int


class FileStore:
    def __init__(self, root: Path, downloads: Downloads) -> None:
        self.root = Path(root)
        self.downloads = downloads  # each channel's, added as the app starts it
        self.max_bytes = MAX_FILE_BYTES

    async def save(self, channel: str, file_id: str, name: str | None = None) -> StoredFile:
        """Download ``file_id`` from ``channel`` and keep it; ``FileUnavailable`` on failure."""
        download = self.downloads.get(channel)
        if download is None:
            raise FileUnavailable(f"no downloader for channel {channel!r}")
        try:
            data = await download(file_id)
        except FileUnavailable:
            raise
        except Exception as exc:  # a network or API error: the caller asks to try again
            raise FileUnavailable(f"{channel} download failed: {exc}") from exc
        if len(data) > self.max_bytes:
            raise FileUnavailable(f"{len(data)} bytes, over the {self.max_bytes} byte limit")
        suffix = _suffix(name)
        if not content_matches(data, suffix):
            raise FileRefused(f"{len(data)} bytes that are not a {suffix or 'known'} file")
        return await asyncio.to_thread(self._write, data, suffix)

    def _write(self, data: bytes, suffix: str) -> StoredFile:
        digest = hashlib.sha256(data).hexdigest()
        rel = f"{digest[:2]}/{digest}{suffix}"
        target = self.root / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return StoredFile(rel, digest, len(data))

    def path(self, rel: str) -> Path | None:
        """The stored file at ``rel``, if it is inside the root and exists."""
        root = self.root.resolve()
        target = (root / rel).resolve()
        if root not in target.parents or not target.is_file():
            return None
        return target

    def verify(self, rel: str, sha256: str) -> bool:
        """Whether the stored file is still intact."""
        target = self.path(rel)
        return target is not None and hashlib.sha256(target.read_bytes()).hexdigest() == sha256


def _suffix(name: str | None) -> str:
    if not name or "." not in name:
        return ""
    ext = name.rsplit(".", 1)[1].lower()
    return f".{ext}" if re.fullmatch(r"[a-z0-9]{1,8}", ext) else ""
