"""Running one callable from several threads at once (each thread has its own connection)."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def run_concurrently(
    func: Callable[[int], Any], n: int = 10
) -> tuple[list[Any], list[BaseException]]:
    """Calls func(i) for i in range(n) in n threads released together by a barrier.

    Returns (results, errors): every thread's result or exception, in thread order.
    """
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = func(index)
        except BaseException as exc:  # reported to the test, never swallowed
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def is_postgres() -> bool:
    return connection.vendor == "postgresql"
