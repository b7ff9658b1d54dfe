"""Screenshots of the web app's main pages, for anyone to look at without running it.

Starts the app on 127.0.0.1 (a free port), opens each page in headless Chromium (Debian's
``chromium`` and ``chromium-driver``, driven by Selenium) at desktop and phone widths, and saves
full-page PNGs into ``benchmarks/out/`` (gitignored). Prints the path of each file.

    python benchmarks/screenshots.py                 # a temporary home holding the knowledge base
    python benchmarks/screenshots.py --home ~/qanoon  # your own home, with your ingested texts
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qanoon.search import Library  # noqa: E402
from qanoon.web import make_server  # noqa: E402
from qanoon.web.browser import CHROMEDRIVER, CHROMIUM, chrome  # noqa: E402

PAGES = {
    "home": "/",
    "search": "/search?q=punishment+for+trafficking+a+child",
    "provision": "/provision/pk/act/2018/ptpa/sec_3",
    "instrument": "/instrument/pk/act/2018/ptpa",
    "compare": "/compare?topic=minimum-marriage-age",
    "compare-pair": "/compare?a=PTPA&b=PSMA",
    "gaps": "/gaps",
    "gaps-cell": "/gaps?topic=minimum-marriage-age&jurisdiction=punjab",
    "brief": "/brief?topic=trafficking-vs-smuggling&format=html&inline=1",
    "brief-handout": "/brief?topic=trafficking-vs-smuggling&format=html&inline=1&handout=1",
    "answer": "/search?q=does+Punjab+have+its+own+trafficking+law",
    "plan": "/plan?jurisdiction=punjab&topic=forced-labour",
}
PHONE_PAGES = ("home", "search", "provision", "gaps")
WIDTHS = {"desktop": 1280, "phone": 390}
MAX_HEIGHT = 6000


def browser():  # -> selenium WebDriver
    return chrome(extra_flags=("--hide-scrollbars",))


def shoot(driver, url: str, width: int, path: Path) -> None:
    """A full-page screenshot: the window is resized to the page's height (capped)."""
    driver.set_window_size(width, 900)
    driver.get(url)
    height = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    driver.set_window_size(width, min(int(height) + 20, MAX_HEIGHT))
    driver.save_screenshot(str(path))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", help="Qanoon home to serve (default: a temporary one with the knowledge base only)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out"), help="folder for the PNG files")
    args = ap.parse_args()
    for exe in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(exe):
            print(f"{exe} is missing: apt-get install chromium chromium-driver", file=sys.stderr)
            return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qanoon-shots-") as tmp:
        lib = Library(args.home or tmp)
        server = make_server(lib, "127.0.0.1", 0, quiet=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        driver = browser()
        try:
            for name, path in PAGES.items():
                for device, width in WIDTHS.items():
                    if device == "phone" and name not in PHONE_PAGES:
                        continue
                    png = out / f"{name}-{device}.png"
                    shoot(driver, base + path, width, png)
                    print(png)
        finally:
            driver.quit()
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
