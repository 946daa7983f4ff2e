"""XLSX workbooks as every export writes them: openpyxl in write-only mode (each sheet streams
row by row to a temporary file, so memory stays flat), a bold header row, bytes or a file out.

openpyxl is imported when a workbook is made, not when the app loads: it costs a web worker
about 20 MB that only the few requests for an export need (``make bench`` reports worker RSS).
"""

from __future__ import annotations

import io


def workbook():
    """A new write-only workbook."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


def header(sheet, titles) -> None:
    """Append ``titles`` to ``sheet`` as a bold first row."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)


def to_bytes(book) -> bytes:
    """The saved workbook as bytes (for a response or an e-mail attachment)."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
