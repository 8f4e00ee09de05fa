"""Downloads in open formats: CSV that no spreadsheet runs as a formula, and JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value) -> str:
    """The cell as text; one that a spreadsheet would run as a formula gets a leading
    apostrophe, which spreadsheets show as text and do not evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_response(header: Sequence[str], rows: Iterable[Sequence], filename: str) -> Response:
    """A UTF-8 CSV download (with a byte order mark, so spreadsheets detect the encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return download("\ufeff" + buffer.getvalue(), "text/csv; charset=utf-8", filename)


def download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
