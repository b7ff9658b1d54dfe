"""Where Qanoon keeps its data: ``--home DIR``, else ``QANOON_HOME``, else the platform's user
data folder. The index, the extraction cache and the locks live there, never in the source tree."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def default_home() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "qanoon"


def resolve_home(home: str | Path | None = None) -> Path:
    """The home folder to use, created if missing."""
    path = Path(home or os.environ.get("QANOON_HOME") or default_home()).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path
