"""Work done on SQLite's own thread, a statement and its rows in one hop."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from bot.storage.common import Params


def run(conn: sqlite3.Connection, sql: str, params: Params) -> int:
    cur = conn.execute(sql, params)
    try:
        return cur.rowcount
    finally:
        cur.close()


def first(conn: sqlite3.Connection, sql: str, params: Params) -> Any:
    cur = conn.execute(sql, params)
    try:
        row = cur.fetchone()
        if row is not None and sql.lstrip()[:6].upper() != "SELECT":
            cur.fetchall()  # an INSERT … RETURNING ends when read to the end
        return row
    finally:
        cur.close()


def rows(conn: sqlite3.Connection, sql: str, params: Params) -> list[Any]:
    cur = conn.execute(sql, params)
    try:
        return cur.fetchall()
    finally:
        cur.close()


def run_all(conn: sqlite3.Connection, statements: Sequence[tuple[str, Params]]) -> None:
    for sql, params in statements:
        conn.execute(sql, params).close()


def run_in_tx(conn: sqlite3.Connection, statements: Sequence[tuple[str, Params]]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        run_all(conn, statements)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA quick_check`` finds wrong (its first five problems); empty when sound."""
    return [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)").fetchall()
            if str(r[0]) != "ok"]


def foreign_keys_to(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(table, column) of every foreign key that points at ``table``."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name")]
    found = []
    for name in names:
        quoted = name.replace('"', '""')
        for fk in conn.execute(f'PRAGMA foreign_key_list("{quoted}")').fetchall():
            if fk[2] == table:  # (id, seq, table, from, to, …)
                found.append((name, str(fk[3])))
    return found
