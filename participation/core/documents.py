"""Uploaded documents (PDF, ODT, DOCX): checked by their content, stored under random names
in UPLOAD_FOLDER, served as attachments.

Nothing the client says about a file (its name, its Content-Type) is trusted: the bytes
decide what the file is, and the media type it is served with. A PDF must start with
`%PDF-` and open with pypdf (an HTML page named .pdf does neither). ODT and DOCX are ZIP
archives: their central directory is read, never the compressed data beyond one short
entry, and an archive with too many entries, too much uncompressed data or a suspicious
compression ratio (a ZIP bomb) is refused before anything is unpacked. The stored name is
random; the name a download carries is built by the caller from its own data
(`download_name`), so no client-chosen character ever reaches a header.

Features choose the formats, the size limit and the ZIP limits (settings); work aids use
this module, and any other document upload should too.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import BinaryIO

from flask import current_app, send_from_directory
from flask_babel import gettext as _

from participation.core.uploads import (
    UploadRefused,
    random_stem,
    read_limited,
    save_file,
    upload_folder,
)

PDF, ODT, DOCX = "pdf", "odt", "docx"
MEDIA_TYPES = {
    PDF: "application/pdf",
    ODT: "application/vnd.oasis.opendocument.text",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMAT_LABELS = {PDF: "PDF", ODT: "ODT", DOCX: "DOCX"}
ALL_FORMATS = (PDF, ODT, DOCX)
NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|odt|docx)$")

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Real text documents hold dozens to a few hundred entries and compress XML about 5-20
# times; the limits leave room for large ones and stop archives built to explode.
DEFAULT_MAX_ENTRIES = 2000
DEFAULT_MAX_UNCOMPRESSED = 200 * 1024 * 1024
DEFAULT_MAX_RATIO = 100
# Below this size an entry's ratio says nothing (a few kB of repeated markup compress well).
RATIO_FLOOR = 1024 * 1024
ODT_MIMETYPE = MEDIA_TYPES[ODT].encode("ascii")
# Macros in a Word document: refused, a work aid has no need of them.
DOCX_MACROS = ("word/vbaProject.bin", "word/vbaData.xml")


class DocumentRefused(UploadRefused):
    """The upload is not a document we accept; the message says why, for the user."""


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int = DEFAULT_MAX_ENTRIES
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED
    max_ratio: int = DEFAULT_MAX_RATIO

    @classmethod
    def from_config(cls) -> ZipLimits:
        config = current_app.config
        return cls(
            max_entries=int(config.get("DOCUMENT_ZIP_MAX_ENTRIES", DEFAULT_MAX_ENTRIES)),
            max_uncompressed=int(
                config.get("DOCUMENT_ZIP_MAX_UNCOMPRESSED", DEFAULT_MAX_UNCOMPRESSED)
            ),
            max_ratio=int(config.get("DOCUMENT_ZIP_MAX_RATIO", DEFAULT_MAX_RATIO)),
        )


@dataclass(frozen=True)
class StoredDocument:
    name: str
    format: str
    size: int

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


def _not_accepted(formats) -> str:
    return _(
        "Die Datei ist kein Dokument im Format %(formats)s.",
        formats=", ".join(FORMAT_LABELS[f] for f in formats),
    )


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    broken = _("Die PDF-Datei ist beschädigt oder unvollständig. Bitte wählen Sie eine andere.")
    # pypdf reports repairs through logging and warnings; a file it can read is enough.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise DocumentRefused(
                    _("Die PDF-Datei ist verschlüsselt. Bitte laden Sie sie ohne Kennwort hoch.")
                )
            if len(reader.pages) < 1:
                raise DocumentRefused(broken)
    except DocumentRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise DocumentRefused(broken) from error
    except (RecursionError, OSError, AssertionError, ZeroDivisionError) as error:
        raise DocumentRefused(broken) from error
    finally:
        logger.setLevel(level)


def _check_zip_limits(archive: zipfile.ZipFile, limits: ZipLimits) -> None:
    """From the central directory only: entry count, total size, compression ratios."""
    entries = archive.infolist()
    bomb = _(
        "Die Datei ist ungewöhnlich stark gepackt und wird nicht angenommen. "
        "Bitte speichern Sie das Dokument neu und laden Sie es noch einmal hoch."
    )
    if len(entries) > limits.max_entries:
        raise DocumentRefused(bomb)
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    if total > limits.max_uncompressed:
        raise DocumentRefused(bomb)
    if total > RATIO_FLOOR and total > limits.max_ratio * max(packed, 1):
        raise DocumentRefused(bomb)
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise DocumentRefused(
                _("Das Dokument ist verschlüsselt. Bitte laden Sie es ohne Kennwort hoch.")
            )
        if entry.file_size > RATIO_FLOOR and entry.file_size > limits.max_ratio * max(
            entry.compress_size, 1
        ):
            raise DocumentRefused(bomb)


def _zip_format(data: bytes, formats, limits: ZipLimits) -> str:
    broken = _("Das Dokument ist beschädigt oder unvollständig. Bitte wählen Sie ein anderes.")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            _check_zip_limits(archive, limits)
            names = set(archive.namelist())
            if ODT in formats and "mimetype" in names:
                # Read at most a little more than the expected text, whatever the entry
                # claims to hold.
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(len(ODT_MIMETYPE) + 1)
                if mimetype.strip() == ODT_MIMETYPE:
                    return ODT
            if DOCX in formats and {"[Content_Types].xml", "word/document.xml"} <= names:
                if names & set(DOCX_MACROS):
                    raise DocumentRefused(
                        _("Dokumente mit Makros werden nicht angenommen. Bitte als DOCX speichern.")
                    )
                return DOCX
    except DocumentRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise DocumentRefused(broken) from error
    except (OSError, ValueError, KeyError, RuntimeError) as error:
        raise DocumentRefused(broken) from error
    raise DocumentRefused(_not_accepted(formats))


def check_document(data: bytes, *, formats=ALL_FORMATS, limits: ZipLimits | None = None) -> str:
    """The format of `data` (one of `formats`), decided by its content; DocumentRefused with
    the reason otherwise."""
    if data.startswith(b"%PDF-"):
        if PDF not in formats:
            raise DocumentRefused(_not_accepted(formats))
        _check_pdf(data)
        return PDF
    if data.startswith(b"PK\x03\x04") and (ODT in formats or DOCX in formats):
        return _zip_format(data, formats, limits or ZipLimits())
    raise DocumentRefused(_not_accepted(formats))


def store_document(
    stream: BinaryIO,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    formats=ALL_FORMATS,
    limits: ZipLimits | None = None,
) -> StoredDocument:
    """Check and store an uploaded document; raise DocumentRefused with the reason."""
    data = read_limited(stream, max_bytes, refusal=DocumentRefused)
    document_format = check_document(data, formats=formats, limits=limits)
    name = f"{random_stem()}.{document_format}"
    save_file(data, name)
    return StoredDocument(name, document_format, len(data))


def delete_document(name: str | None) -> None:
    """Remove a stored document; names that are not ours are ignored."""
    if name and NAME.fullmatch(name):
        (upload_folder() / name).unlink(missing_ok=True)


_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def download_name(title: str, suffix: str, document_format: str) -> str:
    """A file name from the caller's own words: ASCII letters, digits and dashes only, so
    no path separator, control character or quote reaches the Content-Disposition header."""
    text = unicodedata.normalize("NFKD", (title or "").replace("ß", "ss"))
    stem = _UNSAFE.sub("-", text.encode("ascii", "ignore").decode()).strip("-").lower()[:80]
    stem = stem.strip("-") or "dokument"
    tail = _UNSAFE.sub("-", suffix or "").strip("-").lower()
    return f"{stem}-{tail}.{document_format}" if tail else f"{stem}.{document_format}"


def document_response(name: str, *, download_name: str, private: bool = False):
    """A stored document as an attachment, with the media type its check decided and
    nosniff; `private` documents are never kept by shared caches."""
    match = NAME.fullmatch(name or "")
    if match is None:
        from werkzeug.exceptions import NotFound

        raise NotFound()
    response = send_from_directory(
        current_app.config["UPLOAD_FOLDER"],
        name,
        mimetype=MEDIA_TYPES[match.group(1)],
        as_attachment=True,
        download_name=download_name,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    if private:
        response.cache_control.private = True
        response.cache_control.no_store = True
    return response
