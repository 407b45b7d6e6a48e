"""Worker processes never outlive the tacitus process that started them.

A parent killed with -9 (or its terminal closed) runs no clean-up: two 350 MB workers
were seen holding the caller's pipes for 26 minutes. Each worker runs a thread that
checks every second that its parent still lives and exits when it does not. (Not
Linux's PR_SET_PDEATHSIG: it fires when the parent *thread* that started the worker
ends, and it is Linux-only.)

- `exit_with_parent()`: call it first thing in a worker we start ourselves
  (`ingest --workers`).
- `forked_children_exit_with_parent()`: around a library call that forks its own
  workers (spaCy's `nlp.pipe(n_process=N)`, used by `code --workers`): every process
  forked meanwhile starts the watch.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

POLL_SECONDS = 1.0

_forking_workers = 0
_hook_lock = threading.Lock()
_hook_registered = False


def exit_with_parent() -> None:
    """Start a daemon thread that ends this process when its parent is gone."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="tacitus-parent-watch", daemon=True).start()


def _after_fork_in_child() -> None:
    if _forking_workers > 0:
        exit_with_parent()


@contextmanager
def forked_children_exit_with_parent() -> Iterator[None]:
    """Processes forked inside this block watch their parent (see `exit_with_parent`)."""
    global _forking_workers, _hook_registered
    with _hook_lock:
        if not _hook_registered:
            os.register_at_fork(after_in_child=_after_fork_in_child)
            _hook_registered = True
        _forking_workers += 1
    try:
        yield
    finally:
        with _hook_lock:
            _forking_workers -= 1
