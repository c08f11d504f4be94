"""Plan files are read and parsed in a worker process with a time and memory limit, so a
hostile or broken file (a .docx that unpacks to gigabytes, a huge text) cannot stall the chat
or exhaust the machine. The worker is ``python -m bot.knowledge.sandbox FILE LANG``; it writes
the pickled result on stdout."""

from __future__ import annotations

import asyncio
import pickle
import sys
from pathlib import Path

from bot.i18n import _, language
from bot.knowledge.model import ParsedPlan, PlanReadError

WALL_SECONDS = 30.0
CPU_SECONDS = 20
MEMORY_BYTES = 768 * 1024 * 1024


async def parse_in_worker(path: Path, lang: str, *, wall_seconds: float = WALL_SECONDS,
                          cpu_seconds: int = CPU_SECONDS, memory_bytes: int = MEMORY_BYTES,
                          ) -> tuple[ParsedPlan, bytes]:
    """``parse_file_with_bytes(path)`` off the event loop and out of this process; raises
    ``PlanReadError`` (in ``lang``) for a bad file or one that needs too much to read."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.knowledge.sandbox", str(path), lang, str(cpu_seconds),
        str(memory_bytes), stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        out, _err = await asyncio.wait_for(proc.communicate(), wall_seconds)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise PlanReadError(_too_much(lang)) from None
    except asyncio.CancelledError:
        proc.kill()
        await proc.wait()
        raise
    if proc.returncode != 0 or not out:
        raise PlanReadError(_too_much(lang))
    status, value = pickle.loads(out)  # our own child's output
    if status == "error":
        raise PlanReadError(value)
    plan, data = value
    return plan, data


def _too_much(lang: str | None = None) -> str:
    if lang is not None:
        with language(lang):
            return _too_much()
    return _("That file needs too much time or memory to read, far more than a plan. Please "
             "check it, or save it again as a plain .docx or .txt file.")


def _child(argv: list[str]) -> int:
    import resource

    path, lang, cpu, memory = Path(argv[0]), argv[1], int(argv[2]), int(argv[3])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    from bot.knowledge.importer import parse_file_with_bytes

    with language(lang):
        try:
            result: tuple[str, object] = ("ok", parse_file_with_bytes(path))
        except PlanReadError as exc:
            result = ("error", str(exc))
        except MemoryError:
            result = ("error", _too_much())
        except Exception:
            result = ("error", _("I could not read that file: it seems to be damaged."))
    sys.stdout.buffer.write(pickle.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
