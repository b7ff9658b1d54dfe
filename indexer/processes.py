"""Child processes that end with their parent: ingest's reader processes and the web app's
worker processes. A SIGKILLed parent runs no cleanup, and a child blocked on a pipe or a socket
would wait for ever; orphaned, its ``getppid`` changes, and a daemon thread notices."""

from __future__ import annotations

import os
import threading
import time

PARENT_POLL = 0.25   # seconds between checks that the parent is alive


def die_with_parent() -> None:
    """Start the watch in this (child) process: exit as soon as the process that started it is gone."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
