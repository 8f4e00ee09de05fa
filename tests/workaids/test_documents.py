"""core.documents: the content decides what a document is; ZIP bombs are refused without
unpacking; stored names are random and download names carry nothing of the client's."""

from __future__ import annotations

import zipfile
from io import BytesIO
from unittest import mock

import pytest

from participation.core import documents
from participation.core.documents import DocumentRefused, ZipLimits
from tests.workaids.files import (
    HTML_AS_PDF,
    docx_bomb,
    docx_bytes,
    docx_many_entries,
    docx_ratio_bomb,
    odt_bytes,
    pdf_bytes,
)


@pytest.mark.parametrize(
    ("make", "expected"),
    [(pdf_bytes, "pdf"), (odt_bytes, "odt"), (docx_bytes, "docx")],
    ids=["pdf", "odt", "docx"],
)
def test_real_documents_are_recognised_by_content(app, make, expected):
    assert documents.check_document(make()) == expected


@pytest.mark.parametrize(
    "data",
    [
        HTML_AS_PDF,
        b"%PDF-1.7\n<html><script>alert(1)</script></html>",  # the magic, then no PDF
        b"GIF89a" + bytes(100),
        b"PK\x03\x04" + bytes(100),  # a broken ZIP
    ],
    ids=["html", "pdf-magic-then-html", "gif", "broken-zip"],
)
def test_what_is_not_a_document_is_refused(app, data):
    with pytest.raises(DocumentRefused):
        documents.check_document(data)


def test_a_zip_that_is_neither_odt_nor_docx_is_refused(app):
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/zip")
        archive.writestr("index.html", "<script>alert(1)</script>")
    with pytest.raises(DocumentRefused, match="kein Dokument"):
        documents.check_document(out.getvalue())


def test_a_docx_bomb_is_refused_without_unpacking(app):
    bomb = docx_bomb()
    with (
        mock.patch.object(zipfile.ZipFile, "read", side_effect=AssertionError("unpacked")),
        mock.patch.object(zipfile.ZipFile, "extractall", side_effect=AssertionError("unpacked")),
        pytest.raises(DocumentRefused, match="gepackt"),
    ):
        documents.check_document(bomb)


def test_each_zip_limit_refuses_on_its_own(app):
    with pytest.raises(DocumentRefused, match="gepackt"):
        documents.check_document(docx_ratio_bomb())  # the ratio
    with pytest.raises(DocumentRefused, match="gepackt"):
        documents.check_document(docx_many_entries(), limits=ZipLimits(max_entries=2000))
    with pytest.raises(DocumentRefused, match="gepackt"):
        documents.check_document(docx_bytes(b"x" * 5000), limits=ZipLimits(max_uncompressed=4000))
    # The same files within generous limits are documents.
    assert documents.check_document(docx_many_entries(), limits=ZipLimits(max_entries=5000))


def test_macros_are_refused(app):
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(DocumentRefused, match="Makros"):
        documents.check_document(out.getvalue())


def test_formats_can_be_narrowed(app):
    with pytest.raises(DocumentRefused, match="PDF"):
        documents.check_document(docx_bytes(), formats=(documents.PDF,))


def test_store_uses_a_random_name_and_the_size_limit(app, tmp_path):
    stored = documents.store_document(BytesIO(pdf_bytes()))
    assert documents.NAME.fullmatch(stored.name) and stored.format == "pdf"
    assert (documents.upload_folder() / stored.name).read_bytes() == pdf_bytes()
    with pytest.raises(DocumentRefused, match="zu groß"):
        documents.store_document(BytesIO(pdf_bytes()), max_bytes=100)
    with pytest.raises(DocumentRefused, match="leer"):
        documents.store_document(BytesIO(b""))
    documents.delete_document(stored.name)
    assert not (documents.upload_folder() / stored.name).exists()
    documents.delete_document("../../etc/passwd")  # not ours: ignored


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Leitfaden: Gute Beteiligung", "leitfaden-gute-beteiligung-fassung-2.pdf"),
        ("../../etc/passwd\r\nX-Evil: 1", "etc-passwd-x-evil-1-fassung-2.pdf"),
        ('Straße "Ü" \\ / \x00', "strasse-u-fassung-2.pdf"),
        ("", "dokument-fassung-2.pdf"),
    ],
)
def test_download_names_hold_only_safe_characters(title, expected):
    assert documents.download_name(title, "fassung-2", "pdf") == expected
