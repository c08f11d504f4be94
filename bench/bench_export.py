"""Export of 5,000 submissions: time and peak memory, XLSX and CSV; each file is read back
(the workbook with openpyxl, the CSV with the csv module) and every row checked against what
was stored: a lost, duplicated or altered row stops the benchmark with an error."""

from __future__ import annotations

import asyncio
import csv
import json
import resource
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from _common import show

ROWS = 5000
RECEIPT = "BC-2027-{n:06d}"


def answers_of(n: int) -> dict[str, Any]:
    """The form answers stored for submission ``n``."""
    return {"staff_total": 40 + n % 30, "participants": 35 + n % 5,
            "campaigns": "“Dạy tốt – Học tốt”; “Đổi mới sáng tạo trong dạy và học”",
            "highlights": f"Hội giảng cấp trường lần {n}; thư viện xanh; "
                          "3 giáo viên dạy giỏi cấp quận",
            "good_examples": n % 7, "difficulties": "Cơ sở vật chất còn thiếu"}


def _text(value: Any) -> str:
    """A cell as text, so a workbook's numbers and a CSV's strings compare alike."""
    return "" if value is None else str(value)


def check_rows(label: str, head: Sequence[Any], rows: Iterable[Sequence[Any]],
               expected: dict[str, dict[int, str]], receipt_col: int) -> None:
    """Every exported row is one stored submission, each exactly once, with its content."""
    seen: Counter[str] = Counter()
    wrong: list[str] = []
    for row in rows:
        cells = [_text(v) for v in row]
        receipt = cells[receipt_col] if len(cells) > receipt_col else ""
        seen[receipt] += 1
        want = expected.get(receipt)
        if want is None:
            wrong.append(f"a row that was never stored: {cells[:6]!r}")
            continue
        if len(cells) != len(head):
            wrong.append(f"{receipt}: {len(cells)} cells for {len(head)} columns")
            continue
        diff = [f"{head[i]}: {cells[i]!r} ≠ {text!r}"
                for i, text in want.items() if cells[i] != text]
        if diff:
            wrong.append(f"{receipt}: " + "; ".join(diff))
    lost = sorted(set(expected) - set(seen))
    doubled = sorted(r for r, k in seen.items() if k > 1)
    if lost or doubled or wrong:
        raise SystemExit(
            f"{label}: {sum(seen.values()):,} rows read back for {len(expected):,} stored; "
            f"lost {len(lost)} {lost[:3]}, duplicated {len(doubled)} {doubled[:3]}, "
            f"wrong {len(wrong)} {wrong[:3]}")
    show(f"{label}: rows read back, each checked", f"{sum(seen.values()):,} of {len(expected):,}")


def expected_rows(units: Sequence[Any], fields: Sequence[Any]) -> dict[str, dict[int, str]]:
    """Receipt → {column: text} of what each exported row must hold: the unit's code, name
    and type, the submitter, the receipt, the version, and every form field's answer."""
    out: dict[str, dict[int, str]] = {}
    first_field = 11  # after the fixed columns of bot.admin.export.fixed_headers()
    for n in range(ROWS):
        unit = units[n % len(units)]
        answers = answers_of(n)
        cells = {0: unit.id, 1: unit.name, 2: unit.type.value, 3: f"Hiệu trưởng {n}",
                 5: RECEIPT.format(n=n), 6: "1"}
        cells |= {first_field + i: _text(answers.get(f.key)) for i, f in enumerate(fields)}
        out[RECEIPT.format(n=n)] = cells
    return out


async def main() -> None:
    from openpyxl import load_workbook

    from bot.admin.export import export, fixed_headers
    from bot.app import build_core
    from bot.clock import ManualClock
    from tests.helpers import TZ, at, make_config

    with tempfile.TemporaryDirectory() as tmp:
        clock = ManualClock(at("2027-06-01 09:00"))
        core = await build_core(make_config(Path(tmp)), clock)
        units = await core.units.all()
        async with core.db.transaction():
            for n in range(ROWS):
                await core.db.execute(
                    "INSERT INTO submissions (receipt, report_type, period, scope_key, version,"
                    " unit_id, submitter_name, answers, submitted_at, on_time)"
                    " VALUES (?, 'interim', '2027', ?, 1, ?, ?, ?, ?, ?)",
                    (RECEIPT.format(n=n), f"entry:{n}", units[n % len(units)].id,
                     f"Hiệu trưởng {n}", json.dumps(answers_of(n), ensure_ascii=False),
                     at("2027-05-20 09:00").isoformat(), n % 4 != 0))
        registry = core.report_types
        rt = registry.get("interim")
        assert rt is not None
        fixed = fixed_headers()
        if len(fixed) != 11:
            raise SystemExit("the export's fixed columns changed: update expected_rows()")
        expected = expected_rows(units, rt.fields)
        print(f"Export of {ROWS:,} interim-report submissions")
        for fmt in ("xlsx", "csv"):
            t0 = time.perf_counter()
            result = await export(core.submissions, core.units, registry, Path(tmp) / "out",
                                  tz=TZ, report_type="interim", period="2027", fmt=fmt)
            elapsed = time.perf_counter() - t0
            tracemalloc.start()  # a second run, for memory: tracing slows it down
            await export(core.submissions, core.units, registry, Path(tmp) / "mem", tz=TZ,
                         report_type="interim", period="2027", fmt=fmt)
            _now, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            show(f"{fmt.upper()}: time", f"{elapsed:.2f} s")
            show(f"{fmt.upper()}: peak Python memory (tracemalloc)", f"{peak / 2**20:.1f} MiB")
            show(f"{fmt.upper()}: file size", f"{result.path.stat().st_size / 2**20:.2f} MiB")
            if result.rows != ROWS or len(set(result.submission_ids)) != ROWS:
                raise SystemExit(f"{fmt}: export says {result.rows:,} rows, "
                                 f"{len(set(result.submission_ids)):,} submissions")
            if fmt == "xlsx":
                book = load_workbook(result.path, read_only=True)
                sheet = next(ws for ws in book.worksheets
                             if [c.value for c in next(ws.iter_rows(max_row=1))][:len(fixed)]
                             == fixed)
                rows = sheet.iter_rows(values_only=True)
                head = next(rows)
                check_rows("XLSX", head, rows, expected, 5)
                book.close()
            else:
                with result.path.open(encoding="utf-8-sig", newline="") as fh:
                    reader = csv.reader(fh)
                    head = next(reader)
                    check_rows("CSV", head, reader, expected, 5)
        max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        show("process peak resident memory (ru_maxrss)", f"{max_rss:.0f} MiB")
        await core.close()


if __name__ == "__main__":
    asyncio.run(main())
