"""Work started in several threads at the same moment (the PostgreSQL concurrency tests)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def at_once(count: int, work: Callable[[int], None], timeout: float = 60
            ) -> list[BaseException]:
    """Run ``work(n)`` in ``count`` threads released together; the errors raised.

    Each thread has its own database connection (closed when it ends); ``timeout``
    is how long each thread may take once released."""
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            start.wait(timeout=30)
            work(n)
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads)
    return errors
