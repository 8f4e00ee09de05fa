"""Documents for the upload tests: real ones, disguised ones and ZIP bombs, made in memory."""

from __future__ import annotations

import zipfile
from io import BytesIO

HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def pdf_bytes(text: str = "Arbeitshilfe") -> bytes:
    """A real one-page PDF (pypdf)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip(entries: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(stored_first, entries[stored_first], zipfile.ZIP_STORED)
        for name, data in entries.items():
            if name != stored_first:
                archive.writestr(name, data)
    return out.getvalue()


def odt_bytes() -> bytes:
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b'<?xml version="1.0"?><office:document-content/>',
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest/>',
        },
        stored_first="mimetype",
    )


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx_bytes(document: bytes = b'<?xml version="1.0"?><w:document/>') -> bytes:
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document})


def docx_bomb() -> bytes:
    """A DOCX whose document.xml unpacks to 300 MB of zeros (some 300 kB packed)."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = bytes(1024 * 1024)
            for _ in range(300):
                entry.write(chunk)
    return out.getvalue()


def docx_ratio_bomb() -> bytes:
    """Under the size limit, but packed far beyond any real document (20 MB of zeros)."""
    return docx_bytes(bytes(20 * 1024 * 1024))


def docx_many_entries(count: int = 3000) -> bytes:
    entries = {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"}
    entries.update({f"word/media/{n}.xml": b"x" for n in range(count)})
    return _zip(entries)
