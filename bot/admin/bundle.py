"""An export with its files: a ZIP holding the workbook and every attached file, one folder
per unit, each file named ``<receipt>_<field>.<ext>``; split into parts that each stay under
a size limit (Telegram lets a bot send at most 50 MB), each part a ZIP that opens on its own."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.forms.submissions import SubmissionRepo

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
ZIP_OVERHEAD = 200  # bytes per entry for headers and the central directory, generously


@dataclass(frozen=True)
class BundledFile:
    source: Path
    name: str  # the path inside the ZIP
    size: int


def safe_name(text: str, limit: int = 80) -> str:
    """A file or folder name any system accepts: no separators, no control characters."""
    clean = _UNSAFE.sub("_", text).strip(" .") or "_"
    return clean[:limit]


def zip_entry(unit_name: str, receipt: str, field_key: str, seq: int, many: bool,
              original: str) -> str:
    """Where a file goes in the ZIP: ``<unit>/<receipt>_<field>[_<n>].<ext>``."""
    suffix = Path(original).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    return f"{safe_name(unit_name)}/{receipt}_{field_key}{f'_{seq}' if many else ''}{suffix}"


async def submission_files(submissions: SubmissionRepo, root: Path,
                           submission_ids: Iterable[int]) -> list[BundledFile]:
    """The stored files of these submissions, with their names inside the ZIP."""
    found: list[BundledFile] = []
    for r in await submissions.bundle_files(submission_ids, by_unit=True):
        name = zip_entry(r["unit_name"], r["receipt"], r["field_key"], r["seq"],
                         r["many"] > 1, r["name"])
        source = root / r["path"]
        if source.is_file():
            found.append(BundledFile(source, name, source.stat().st_size))
    return found


def write_parts(target: Path, workbook: Path, files: list[BundledFile],
                part_bytes: int) -> list[Path]:
    """Pack the workbook and the files into ``target``(-partN).zip, each under
    ``part_bytes`` where it can be (a single bigger file gets a part of its own)."""
    groups: list[list[BundledFile]] = [[]]
    used = workbook.stat().st_size + ZIP_OVERHEAD
    for f in files:
        need = f.size + ZIP_OVERHEAD + len(f.name.encode())
        if groups[-1] and used + need > part_bytes:
            groups.append([])
            used = 0
        groups[-1].append(f)
        used += need
    paths = []
    for n, group in enumerate(groups, start=1):
        path = target.with_name(f"{target.stem}-part{n}.zip") if len(groups) > 1 else (
            target.with_suffix(".zip"))
        # files are mostly PDFs and photos, already compressed: stored as they are
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
            if n == 1:
                zf.write(workbook, workbook.name)
            for f in group:
                zf.write(f.source, f.name)
        paths.append(path)
    return paths
