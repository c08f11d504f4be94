"""The PostgreSQL test server: ``DATABASE_URL`` (or ``TEST_DATABASE_URL``) names it.

Each test gets a schema of its own on that server, emptied afterwards (TRUNCATE, a few
milliseconds) and handed to a later test, so tests never see each other's rows and the
migrations run once per schema, not once per test. The schemas are dropped when the run ends.
The variable is taken out of the environment at start-up, so bots started by the tests (and
``load_config``) do not pick it up by accident.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

SERVER_URL = os.environ.pop("DATABASE_URL", "") or os.environ.get("TEST_DATABASE_URL", "")
_reachable: bool | None = None
_why = ""


def reachable() -> bool:
    """Whether the server answers (asked once per test run)."""
    global _reachable, _why
    if _reachable is None:
        if not SERVER_URL:
            _reachable, _why = False, "DATABASE_URL is not set"
        else:
            try:
                import psycopg

                with psycopg.connect(SERVER_URL, connect_timeout=3) as conn:
                    conn.execute("SELECT 1")
                _reachable = True
            except ImportError:
                _reachable, _why = False, "psycopg is not installed (pip install -e '.[postgres]')"
            except Exception as exc:
                _reachable, _why = False, f"no server at DATABASE_URL ({type(exc).__name__})"
    return _reachable


def skip_reason() -> str:
    return (f"PostgreSQL tests skipped: {_why}; `bash .ci/run` starts a throwaway server and "
            "runs them")


def with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


_free: list[str] = []
_made: list[str] = []


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A URL whose tables land in an empty schema of their own while the block runs."""
    import psycopg

    if _free:
        schema = _free.pop()
    else:
        schema = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(SERVER_URL, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        if not _made:
            atexit.register(_drop_all)
        _made.append(schema)
    try:
        yield with_schema(SERVER_URL, schema)
    finally:
        if _empty(schema):
            _free.append(schema)


def _empty(schema: str) -> bool:
    """Empty the schema's tables for the next test; False if it had to be dropped instead
    (a test made tables of its own, or the schema was never migrated)."""
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,))]
        if set(tables) == _schema_tables():
            listed = ", ".join(f'"{schema}"."{t}"' for t in tables if t != "schema_version")
            conn.execute(f"TRUNCATE {listed} RESTART IDENTITY CASCADE")
            return True
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        _made.remove(schema)
        return False


@functools.cache
def _schema_tables() -> frozenset[str]:
    """The tables the migrations make, and the migrations' own."""
    from bot.storage.db import migrations

    names = {"schema_version"}
    for _, path in migrations():
        names.update(re.findall(r"CREATE TABLE (\w+)", path.read_text(encoding="utf-8")))
    return frozenset(names)


def _drop_all() -> None:
    import psycopg

    try:
        with psycopg.connect(SERVER_URL, autocommit=True, connect_timeout=3) as conn:
            for schema in _made:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    except Exception:
        pass  # a throwaway server (.ci/run) goes anyway
