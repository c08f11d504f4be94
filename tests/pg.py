"""The PostgreSQL test server: ``DATABASE_URL`` (or ``TEST_DATABASE_URL``) names it.

Each test gets a schema of its own on that server, dropped afterwards, so tests never see each
other's rows. The variable is taken out of the environment at start-up, so bots started by the
tests (and ``load_config``) do not pick it up by accident.
"""

from __future__ import annotations

import os
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


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A URL whose tables land in a new, empty schema; the schema is dropped afterwards."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_schema(SERVER_URL, schema)
    finally:
        with psycopg.connect(SERVER_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
