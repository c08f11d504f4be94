"""Export of 5,000 submissions: time and peak memory, XLSX and CSV; the workbook is opened
again with openpyxl to check it holds every row."""

from __future__ import annotations

import asyncio
import json
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from _common import show

ROWS = 5000


async def main() -> None:
    from openpyxl import load_workbook

    from bot.admin.export import export
    from bot.app import build_core
    from bot.clock import ManualClock
    from tests.helpers import TZ, at, make_config

    with tempfile.TemporaryDirectory() as tmp:
        clock = ManualClock(at("2027-06-01 09:00"))
        core = await build_core(make_config(Path(tmp)), clock)
        units = await core.units.all()
        async with core.db.transaction():
            for n in range(ROWS):
                answers = {"staff_total": 40 + n % 30, "participants": 35 + n % 5,
                           "campaigns": "“Dạy tốt – Học tốt”; “Đổi mới sáng tạo trong dạy và học”",
                           "highlights": f"Hội giảng cấp trường lần {n}; thư viện xanh; "
                                         "3 giáo viên dạy giỏi cấp quận",
                           "good_examples": n % 7, "difficulties": "Cơ sở vật chất còn thiếu"}
                await core.db.execute(
                    "INSERT INTO submissions (receipt, report_type, period, scope_key, version,"
                    " unit_id, submitter_name, answers, submitted_at, on_time)"
                    " VALUES (?, 'interim', '2027', ?, 1, ?, ?, ?, ?, ?)",
                    (f"BC-2027-{n:06d}", f"entry:{n}", units[n % len(units)].id,
                     f"Hiệu trưởng {n}", json.dumps(answers, ensure_ascii=False),
                     at("2027-05-20 09:00").isoformat(), n % 4 != 0))
        registry = core.report_types
        print(f"Export of {ROWS:,} interim-report submissions")
        for fmt in ("xlsx", "csv"):
            t0 = time.perf_counter()
            result = await export(core.db, registry, Path(tmp) / "out", tz=TZ,
                                  report_type="interim", period="2027", fmt=fmt)
            elapsed = time.perf_counter() - t0
            tracemalloc.start()  # a second run, for memory: tracing slows it down
            await export(core.db, registry, Path(tmp) / "mem", tz=TZ,
                         report_type="interim", period="2027", fmt=fmt)
            _now, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            show(f"{fmt.upper()}: time", f"{elapsed:.2f} s")
            show(f"{fmt.upper()}: peak Python memory (tracemalloc)", f"{peak / 2**20:.1f} MiB")
            show(f"{fmt.upper()}: file size", f"{result.path.stat().st_size / 2**20:.2f} MiB")
            if fmt == "xlsx":
                sheet = load_workbook(result.path, read_only=True).worksheets[0]
                show("XLSX rows read back with openpyxl (with header)", f"{sheet.max_row:,}")
        max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        show("process peak resident memory (ru_maxrss)", f"{max_rss:.0f} MiB")
        await core.close()


if __name__ == "__main__":
    asyncio.run(main())
