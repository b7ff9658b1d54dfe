"""A schematic map of Pakistan's jurisdictions, drawn offline as one line of SVG.

No border data ships with Qanoon, and a map that looks exact but is not would mislead; so each
jurisdiction is a tile placed roughly where it lies (Gilgit-Baltistan at the top, Sindh at the
bottom, Balochistan to the west, AJK to the east), shaded by a value (darker is higher) or, where
no value is recorded, by whether it has its own law. The picture says it is schematic.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

# column, row on a 4 x 4 grid
TILES = {"gb": (2, 0), "kp": (1, 1), "ict": (2, 1), "ajk": (3, 1), "punjab": (2, 2), "balochistan": (0, 2),
         "sindh": (1, 3)}
SHORT = {"gb": "Gilgit-Baltistan", "kp": "Khyber Pakhtunkhwa", "ict": "Islamabad (ICT)", "ajk": "AJK", "punjab": "Punjab",
         "balochistan": "Balochistan", "sindh": "Sindh"}
STATUS_FILL = {"own": "#6a9f6e", "federal": "#e0b44c", "none": "#c8625a", "unknown": "#bdbdbd"}
STATUS_WORDS = {"own": "own law", "federal": "federal law", "none": "no law", "unknown": "not assessed"}
W, H, GAP = 150, 64, 8


def shade(value: float, low: float, high: float) -> str:
    """Light to dark blue as ``value`` goes from ``low`` to ``high``."""
    t = 0.0 if high == low else (value - low) / (high - low)
    r, g, b = (int(a + (z - a) * t) for a, z in ((214, 40), (230, 90), (245, 150)))
    return f"#{r:02x}{g:02x}{b:02x}"


@dataclass(frozen=True)
class Tile:
    """One jurisdiction's tile: where it sits, what it says, its colour."""

    col: int
    row: int
    name: str
    note: str
    fill: str
    shown: bool   # False: the grid has no row for it (a comparison limited to some jurisdictions)


def tiles(grid: list[dict[str, Any]]) -> tuple[list[Tile], bool]:
    """The tiles for a comparison's grid rows (``search.compare.GridRow`` as dicts), and whether
    they are shaded by a value (else by whose law applies). Every drawing of the map uses these."""
    rows = {r["jurisdiction"]: r for r in grid if r["jurisdiction"] in TILES}
    numbers = [r["first"] for r in rows.values() if r.get("first") is not None]
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 0.0)
    out = []
    for j, (col, row) in TILES.items():
        r = rows.get(j)
        if r is None:
            fill, note = "#ffffff", "not shown"
        elif numbers and r.get("first") is not None:
            fill, note = shade(r["first"], low, high), f"{r['first']:g}"
        elif numbers:
            fill, note = "#eeeeee", "not recorded"
        else:
            fill, note = STATUS_FILL.get(r["status"], "#ffffff"), STATUS_WORDS.get(r["status"], r["status"])
        out.append(Tile(col, row, SHORT[j], note, fill, r is not None))
    return out, bool(numbers)


def svg(grid: list[dict[str, Any]], measure: str = "") -> str:
    """The map for a comparison's grid rows, as one line of SVG."""
    drawn, by_value = tiles(grid)
    width, height = 4 * (W + GAP), 4 * (H + GAP) + 40
    key = f"{measure or 'The value'}: darker is higher" if by_value else "Own law, federal law, no law, not assessed"
    title = f"{key} (schematic, not to scale)"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="tilemap" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{html.escape(title)}"><title>{html.escape(title)}</title>']
    for t in drawn:
        x, y = t.col * (W + GAP), t.row * (H + GAP)
        dark = sum(int(t.fill[i:i + 2], 16) for i in (1, 3, 5)) < 380
        ink = "#ffffff" if dark else "#111111"
        parts.append(f'<g><rect x="{x}" y="{y}" width="{W}" height="{H}" rx="6" fill="{t.fill}" stroke="#555"/>'
                     f'<text x="{x + W / 2}" y="{y + 26}" text-anchor="middle" font-size="13" fill="{ink}">{html.escape(t.name)}</text>'
                     f'<text x="{x + W / 2}" y="{y + 46}" text-anchor="middle" font-size="15" font-weight="bold" fill="{ink}">'
                     f'{html.escape(t.note)}</text></g>')
    parts.append(f'<text x="4" y="{height - 14}" font-size="12" fill="#333">{html.escape(title)}</text></svg>')
    return "".join(parts)
