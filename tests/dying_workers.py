"""Helpers for tests of what a worker killed half-way through something leaves behind."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable


class KillsItsWriter:
    """Shared memory whose writer is killed as it writes: a worker killed (by the out-of-memory
    killer, say) in the middle of the few lines it runs under a shared lock."""

    def __init__(self, real: object) -> None:
        self.real = real

    def __getitem__(self, key: object) -> object:
        return self.real[key]  # type: ignore[index]

    def __setitem__(self, key: object, value: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)


def finishes(call: Callable[[], object], seconds: float = 5) -> bool:
    """Whether `call` returns within `seconds` (it runs in a thread that may never end)."""
    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(seconds)
    return not thread.is_alive()
