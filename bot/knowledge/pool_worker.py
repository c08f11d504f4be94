"""The worker process of ``pool.py``: ``python -m bot.knowledge.pool_worker``, a fresh
interpreter that reads "load" (the rows to build its answerer from) and "ask" (a question)
from its stdin and writes each reply, with its peak memory and CPU time, to its stdout.

Messages are pickles with a 4-byte length, both ways, between a bot process and its own child.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import pickle
import struct
import sys
from pathlib import Path
from typing import Any, BinaryIO

from bot.i18n import language
from bot.knowledge.warmth import warm

log = logging.getLogger(__name__)
HEADER = struct.Struct(">I")


def default_processes() -> int:
    """1 when this process may use more than one CPU, else 0 (answer in-process)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return 1 if cpus > 1 else 0



def frame(message: tuple[Any, ...]) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def _read(stream: BinaryIO) -> tuple[Any, ...] | None:
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None  # the parent closed the pipe, or died
    size = HEADER.unpack(head)[0]
    data = stream.read(size)
    if len(data) < size:
        return None
    message: tuple[Any, ...] = pickle.loads(data)  # from our own parent
    return message


def _usage() -> tuple[int, float]:
    """This process's peak resident memory (KB) and CPU time (seconds). The peak is Linux's
    VmHWM: ``ru_maxrss`` would count the parent's memory at the fork before the exec."""
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF)
    peak = used.ru_maxrss
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1])
    return int(peak), used.ru_utime + used.ru_stime


WARM_UP = (("vi", "hạn nộp báo cáo là khi nào?"), ("en", "who signed the plan?"))


def _warm_up(answerer: Any) -> None:
    """Read what the ranking reads of every piece (``warmth``), and answer a question in each
    language once, so the tables the answerer reads on first use are read before the first
    person's question (answers thrown away)."""
    warm(answerer.pieces)
    for lang, question in WARM_UP:
        with language(lang), contextlib.suppress(Exception):
            answerer.answer(question, today=dt.date(2026, 1, 1))


def serve(inp: BinaryIO, out: BinaryIO) -> int:
    """The worker's loop: build on "load", answer on "ask", until the end of its input."""
    from bot.knowledge.service import AnswerSources, build_answerer

    answerer = None
    while (message := _read(inp)) is not None:
        reply: tuple[Any, ...]
        try:
            if message[0] == "load":
                sources: AnswerSources = message[2]
                answerer = build_answerer(sources.plans, sources.campaigns, sources.sections,
                                          sources.deadlines, sources.home)
                _warm_up(answerer)
                reply = ("loaded", message[1])
            elif message[0] == "ask" and answerer is not None:
                _kind, question, lang, today, offset = message
                with language(lang):
                    reply = ("answer", answerer.answer(question, today=today, offset=offset))
            else:
                reply = ("error", f"unexpected {message[0]!r}")
        except Exception as exc:  # reported to the parent, which answers in-process
            log.exception("knowledge worker")
            reply = ("error", type(exc).__name__)
        out.write(frame((*reply, *_usage())))
        out.flush()
    return 0


def main() -> int:
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print cannot break the pipe
    logging.basicConfig(level=logging.WARNING, format="knowledge worker: %(message)s")
    try:
        return serve(sys.stdin.buffer, out)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
