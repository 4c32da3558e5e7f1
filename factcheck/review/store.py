"""The reviewer's database connection, owned by one thread.

All queries run on that thread (the queue lives in TEMP tables of this one
connection), so the screen never waits on SQLite and the connection never
crosses threads.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import sqlite_utils

from ..db import open_db


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factcheck-review-db")
        self.db: sqlite_utils.Database | None = None

    def _open(self) -> None:
        self.db = open_db(self.path)

    async def open(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._executor, self._open)

    async def call(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        """Run ``fn(db, *args, **kwargs)`` on the database thread."""
        def run():
            return fn(self.db, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._executor, run)

    def changed_elsewhere(self, db: sqlite_utils.Database, last: list[int]) -> bool:
        """Whether another connection committed since the last check (``PRAGMA data_version``)."""
        version = db.execute("PRAGMA data_version").fetchone()[0]
        changed = bool(last) and version != last[0]
        last[:] = [version]
        return changed

    async def close(self) -> None:
        if self.db is not None:
            await self.call(lambda db: db.close())
            self.db = None
        self._executor.shutdown(wait=True)
