"""A brief as a Word handout (python-docx) and as a slide deck (python-pptx), for trainers who
hand out and project what they teach. Both carry what the printed handout carries: the
comparison at a glance, the schematic map (as coloured tiles: neither format takes our SVG),
the key provisions, the most severe flags and the questions for group work.

python-docx and python-pptx are optional (``pip install 'qanoon[office]'``); without them the
``docx`` and ``pptx`` formats say how to get them.
"""

from __future__ import annotations

import io
from typing import Any

from qanoon.indexer.errors import QueryError
from qanoon.search import tilemap

HINT = "pip install 'qanoon[office]' (python-docx and python-pptx)"
MAX_FLAGS = 6
MAX_PROVISIONS = 8


def _tiles(d: dict[str, Any]) -> list[tilemap.Tile]:
    """The tiles of the schematic map for the jurisdictions the comparison shows."""
    return [t for t in tilemap.tiles((d["comparison"] or {}).get("grid", []))[0] if t.shown]


def _provisions(d: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["citation"], c["summary"]) for p in d["provisions"] for c in p["cells"]][:MAX_PROVISIONS]


def to_docx(d: dict[str, Any]) -> bytes:
    """The brief as a Word handout."""
    try:
        from docx import Document
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
    except ImportError:
        raise QueryError(f"the docx format needs python-docx: {HINT}") from None
    doc = Document()
    doc.add_heading(d["title"], 0)
    doc.add_paragraph(d["intro"] or d["definition"])
    doc.add_paragraph(f"The knowledge base holds to {d['holds_to'] or 'an unrecorded date'}. {d['notice']}").italic = True
    grid = (d["comparison"] or {}).get("grid", [])
    if grid:
        doc.add_heading("At a glance", 1)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Jurisdiction", "Governing law", "Values", "Status"), strict=True):
            cell.text = text
        for g in grid:
            cells = table.add_row().cells
            for cell, text in zip(cells, (g["label"], g["governing"], "\n".join(g["values"]) or "-", g["status"]), strict=True):
                cell.text = text
        doc.add_heading("Map (schematic, not to scale)", 2)
        tiles = _tiles(d)
        picture = doc.add_table(rows=4, cols=4)
        picture.style = "Table Grid"
        for t in tiles:
            cell = picture.cell(t.row, t.col)
            cell.text = f"{t.name}\n{t.note}"
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:fill"), t.fill.lstrip("#"))
            cell._tc.get_or_add_tcPr().append(shading)
    if d["provisions"]:
        doc.add_heading("Key provisions", 1)
        for citation, summary in _provisions(d):
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(citation + ": ").bold = True
            p.add_run(summary)
    doc.add_heading("The gaps that matter most", 1)
    for f in d["flags"][:MAX_FLAGS]:
        doc.add_paragraph(f"[{f['severity']}] {f['summary']}", style="List Bullet")
    doc.add_heading("Questions for group work", 1)
    for q in d["questions"][:4]:
        doc.add_paragraph(q["question"], style="List Number")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_pptx(d: dict[str, Any]) -> bytes:
    """The brief as a slide deck: title, the grid, the map, key provisions, gaps, questions."""
    try:
        from pptx import Presentation
        from pptx.dml.color import RGBColor
        from pptx.util import Inches, Pt
    except ImportError:
        raise QueryError(f"the pptx format needs python-pptx: {HINT}") from None
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    title = deck.slides.add_slide(deck.slide_layouts[0])
    title.shapes.title.text = d["title"]
    title.placeholders[1].text = (d["intro"] or d["definition"])[:300]

    def bullets(heading: str, items: list[str]) -> None:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = heading
        frame = slide.placeholders[1].text_frame
        frame.text = items[0] if items else "-"
        for item in items[1:]:
            frame.add_paragraph().text = item
        for para in frame.paragraphs:
            for run in para.runs:
                run.font.size = Pt(16)

    grid = (d["comparison"] or {}).get("grid", [])
    if grid:
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = "At a glance"
        shape = slide.shapes.add_table(len(grid) + 1, 3, Inches(0.4), Inches(1.3), Inches(12.5), Inches(5.8))
        for col, text in enumerate(("Jurisdiction", "Governing law", "Values")):
            shape.table.cell(0, col).text = text
        for i, g in enumerate(grid, 1):
            for col, text in enumerate((g["label"], g["governing"], "; ".join(g["values"]) or "-")):
                cell = shape.table.cell(i, col)
                cell.text = text
                for para in cell.text_frame.paragraphs:
                    for run in para.runs:
                        run.font.size = Pt(10)
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = "Map (schematic, not to scale)"
        for t in _tiles(d):
            box = slide.shapes.add_shape(1, Inches(1.5 + t.col * 2.6), Inches(1.4 + t.row * 1.4), Inches(2.4), Inches(1.2))
            box.fill.solid()
            box.fill.fore_color.rgb = RGBColor.from_string(t.fill.lstrip("#").upper())
            box.text_frame.text = f"{t.name}\n{t.note}"
            for para in box.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(14)
                    run.font.color.rgb = RGBColor(0x11, 0x11, 0x11)
    if d["provisions"]:
        bullets("Key provisions", [f"{c}: {s[:160]}" for c, s in _provisions(d)])
    bullets("The gaps that matter most", [f"[{f['severity']}] {f['summary'][:200]}" for f in d["flags"][:MAX_FLAGS]])
    bullets("Questions for group work", [q["question"] for q in d["questions"][:4]])
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
