"""Debian's headless Chromium, as the browser tests and the screenshot script drive it.

Flags keep Chromium off the network (this workplace refuses outside connections) and out of
the sandbox (it runs as root here). Nothing is ever downloaded: the browser is the system's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)


def available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


def chrome(extra_flags: tuple[str, ...] = (), prefs: dict[str, Any] | None = None) -> Any:
    """A Selenium driver for the system Chromium (selenium is a test dependency)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in (*CHROMIUM_FLAGS, *extra_flags):
        opts.add_argument(flag)
    if prefs:
        opts.add_experimental_option("prefs", prefs)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
