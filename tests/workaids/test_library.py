"""The library: uploads checked by content and served as attachments, versions, staff-only
aids hidden from everyone else, filters and search."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.workaids import library
from participation.workaids.library import VersionInput
from participation.workaids.models import WorkAid, WorkAidVersion
from tests.projects.images import stored_files
from tests.workaids.conftest import post_with_file
from tests.workaids.files import HTML_AS_PDF, docx_bomb, odt_bytes, pdf_bytes

FORM = {
    "title": "Leitfaden: Gute Beteiligung",
    "summary": "Wie ein Dialog gelingt.",
    "kind": "guide",
    "audiences": "district_managers",
    "phases": "dialogue",
    "action_fields": "wohnen",
    "is_public": "y",
    "note": "Erste Fassung",
}
PDF = "application/pdf"


@pytest.fixture
def staff(client, office):
    client.sign_in(office)
    return client


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_office_uploads_a_pdf_and_anyone_downloads_it_as_an_attachment(app, staff):
    response = post_with_file(
        staff, "/verwaltung/arbeitshilfen/neu", FORM, (pdf_bytes(), "leitfaden.pdf", PDF)
    )
    assert response.status_code == 303
    aid = db.session.scalar(select(WorkAid))
    assert response.headers["Location"] == f"/arbeitshilfen/{aid.slug}"
    staff.logout()
    page = staff.get(f"/arbeitshilfen/{aid.slug}").get_data(as_text=True)
    assert "Leitfaden: Gute Beteiligung" in page and "Herunterladen (PDF)" in page
    download = staff.get(f"/arbeitshilfen/{aid.slug}/fassungen/1/datei", buffered=True)
    assert download.status_code == 200
    assert download.mimetype == PDF
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=leitfaden-gute-beteiligung-fassung-1.pdf"
    )
    assert download.data == pdf_bytes()


def test_an_odt_is_served_with_the_type_its_content_decided(app, staff):
    post_with_file(
        staff,
        "/verwaltung/arbeitshilfen/neu",
        {**FORM, "title": "Vorlage Protokoll", "kind": "template"},
        # The client claims a PDF; the content says ODT.
        (odt_bytes(), "vorlage.pdf", PDF),
    )
    aid = db.session.scalar(select(WorkAid))
    download = staff.get(f"/arbeitshilfen/{aid.slug}/fassungen/1/datei", buffered=True)
    assert download.mimetype == "application/vnd.oasis.opendocument.text"
    assert download.headers["Content-Disposition"].endswith("vorlage-protokoll-fassung-1.odt")


@pytest.mark.parametrize(
    ("content", "message"),
    [(HTML_AS_PDF, "kein Dokument"), (docx_bomb(), "gepackt")],
    ids=["html-named-pdf", "docx-zip-bomb"],
)
def test_refused_files_are_shown_next_to_the_field_and_nothing_is_lost(
    app, staff, content, message
):
    response = post_with_file(
        staff, "/verwaltung/arbeitshilfen/neu", FORM, (content, "leitfaden.pdf", PDF)
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    errors = re.search(r'id="document-error">(.*?)</ul>', page, re.S)
    assert errors and message in errors.group(1)
    assert 'value="Leitfaden: Gute Beteiligung"' in page and "Wie ein Dialog gelingt." in page
    assert _count(WorkAid) == 0 and _count(WorkAidVersion) == 0
    assert stored_files(app) == []


def test_a_too_large_file_is_refused_next_to_the_field_not_with_a_bare_413(make_app, make_user):
    app = make_app(WORK_AID_MAX_BYTES=300)
    with app.app_context():
        client = app.test_client()
        client.sign_in(make_user("coordinator"))
        response = post_with_file(
            client, "/verwaltung/arbeitshilfen/neu", FORM, (pdf_bytes(), "gross.pdf", PDF)
        )
        assert response.status_code == 422
        assert "zu groß" in response.get_data(as_text=True)
        assert stored_files(app) == []


def test_the_clients_file_name_never_reaches_disk_or_headers(app, staff):
    # (A browser sends CR/LF in a file name percent-encoded; the rest as it is.)
    evil = "../../etc/passwd%0D%0AX-Evil: 1\x07\t.pdf"
    post_with_file(staff, "/verwaltung/arbeitshilfen/neu", FORM, (pdf_bytes(), evil, "text/html"))
    (stored,) = stored_files(app)
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored.name)
    aid = db.session.scalar(select(WorkAid))
    download = staff.get(f"/arbeitshilfen/{aid.slug}/fassungen/1/datei", buffered=True)
    assert "passwd" not in str(download.headers) and "X-Evil" not in download.headers
    assert download.mimetype == PDF


def test_a_file_and_a_text_together_or_neither_are_refused(app, staff):
    both = post_with_file(
        staff,
        "/verwaltung/arbeitshilfen/neu",
        {**FORM, "body_markdown": "Text"},
        (pdf_bytes(), "a.pdf", PDF),
    )
    neither = post_with_file(staff, "/verwaltung/arbeitshilfen/neu", FORM)
    assert both.status_code == neither.status_code == 422
    assert _count(WorkAid) == 0 and stored_files(app) == []


def test_versions_the_latest_is_shown_older_ones_kept(app, staff, make_aid, office):
    aid = make_aid("Leitfaden Werkstatt", pdf=True)
    response = staff.post_form(
        f"/verwaltung/arbeitshilfen/{aid.slug}/neue-fassung",
        {
            "body_markdown": "## Neu\n\nJetzt mit <script>x</script> **Beispielen**.",
            "note": "Ergänzt",
        },
    )
    assert response.status_code == 303
    page = staff.get(f"/arbeitshilfen/{aid.slug}").get_data(as_text=True)
    assert "<h2>Neu</h2>" in page and "<strong>Beispielen</strong>" in page
    assert "<script>x" not in page
    assert "Fassung 2" in page and "Frühere Fassungen" in page and "Fassung 1" in page
    # The first version stays: its page and its file.
    assert "Dies ist eine frühere Fassung" in staff.get(
        f"/arbeitshilfen/{aid.slug}/fassungen/1"
    ).get_data(as_text=True)
    assert (
        staff.get(f"/arbeitshilfen/{aid.slug}/fassungen/1/datei", buffered=True).data == pdf_bytes()
    )
    # A Markdown version has no file; a version that does not exist is a 404.
    assert (
        staff.get(f"/arbeitshilfen/{aid.slug}/fassungen/2/datei", buffered=True).status_code == 404
    )
    assert staff.get(f"/arbeitshilfen/{aid.slug}/fassungen/3").status_code == 404
    version = db.session.scalar(select(WorkAidVersion).where(WorkAidVersion.number == 2))
    assert version.author_id == office.id and version.note == "Ergänzt"


def test_version_numbers_follow_each_other(app, make_aid, office):
    aid = make_aid()
    for text in ("zwei", "drei"):
        library.add_version(actor=office, aid=aid, version=VersionInput(body_markdown=text))
    assert [v.number for v in library.versions_of(aid)] == [3, 2, 1]
    assert aid.version_count == 3


@pytest.mark.parametrize("role", [None, "resident", "partner_member", "council_member"])
def test_staff_only_aids_do_not_exist_for_others(app, client, make_user, make_aid, role):
    hidden = make_aid("Interne Vorlage", kind="template", public=False, pdf=True)
    make_aid("Öffentlicher Leitfaden")
    if role:
        client.sign_in(make_user(role))
    for path in ("", "/fassungen/1", "/fassungen/1/datei"):
        assert client.get(f"/arbeitshilfen/{hidden.slug}{path}", buffered=True).status_code == 404
    listing = client.get("/arbeitshilfen").get_data(as_text=True)
    assert "Öffentlicher Leitfaden" in listing and "Interne Vorlage" not in listing
    assert hidden.slug not in client.get("/sitemap.xml").get_data(as_text=True)


@pytest.mark.parametrize("role", ["district_manager", "coordinator"])
def test_staff_see_staff_only_aids(app, client, make_user, make_aid, role):
    hidden = make_aid("Interne Vorlage", kind="template", public=False, pdf=True)
    client.sign_in(make_user(role))
    assert "Interne Vorlage" in client.get("/arbeitshilfen").get_data(as_text=True)
    download = client.get(f"/arbeitshilfen/{hidden.slug}/fassungen/1/datei", buffered=True)
    assert download.status_code == 200
    assert "no-store" in download.headers["Cache-Control"]


def test_public_aids_are_in_the_sitemap(app, client, make_aid):
    aid = make_aid()
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"/arbeitshilfen/{aid.slug}<" in sitemap and "/arbeitshilfen<" in sitemap


def test_filters_and_search(app, client, make_aid):
    make_aid("Leitfaden Rückmeldung", audiences=("residents",), phase_kinds=("results",))
    make_aid(
        "Checkliste Ressourcen",
        kind="checklist",
        items=("Budget",),
        action_field_slugs=("wohnen",),
    )
    make_aid("Vorlage 100% sicher", kind="template")

    def titles(query: str) -> str:
        return client.get(f"/arbeitshilfen?{query}").get_data(as_text=True)

    assert "Checkliste Ressourcen" in titles("art=checklist")
    assert "Leitfaden Rückmeldung" not in titles("art=checklist")
    assert "Leitfaden Rückmeldung" in titles("zielgruppe=residents")
    assert "Checkliste Ressourcen" not in titles("zielgruppe=residents")
    assert "Leitfaden Rückmeldung" in titles("phase=results")
    assert "Checkliste Ressourcen" in titles("handlungsfeld=wohnen")
    assert "Vorlage 100" not in titles("handlungsfeld=wohnen")
    assert "Leitfaden Rückmeldung" in titles("q=rückmeld")
    assert "1 Arbeitshilfe gefunden" in titles("q=rückmeld")
    # LIKE wildcards are literal.
    assert "0 Arbeitshilfen gefunden" in titles("q=_heckliste")
    assert "3 Arbeitshilfen gefunden" in titles("q=%25")
    assert "1 Arbeitshilfe gefunden" in titles("q=100%25")
    bad = client.get("/arbeitshilfen?art=unbekannt&phase=x")
    assert bad.status_code == 400 and "3 Arbeitshilfen gefunden" in bad.get_data(as_text=True)


def test_htmx_gets_the_list_fragment(app, htmx_client, make_aid):
    make_aid()
    response = htmx_client.get("/arbeitshilfen?art=guide")
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="work-aid-list"') and "<html" not in body


def test_editing_keeps_versions_and_items(app, staff, make_aid):
    aid = make_aid("Checkliste Start", kind="checklist", items=("Eins", "Zwei"))
    response = staff.post_form(
        f"/verwaltung/arbeitshilfen/{aid.slug}/bearbeiten",
        {"title": "Checkliste Start neu", "kind": "checklist", "items": "Zwei\nDrei"},
    )
    assert response.status_code == 303
    db.session.refresh(aid)
    assert aid.title == "Checkliste Start neu" and not aid.is_public
    assert [item.text for item in aid.items] == ["Zwei", "Drei"]
    assert aid.version_count == 1


def test_items_only_for_checklists_and_unknown_values_refused(app, staff):
    for fields, field in (
        ({"kind": "guide", "items": "Eins"}, "items"),
        ({"kind": "poster"}, "kind"),
        ({"audiences": "aliens"}, "audiences"),
        ({"phases": "party"}, "phases"),
        ({"action_fields": "nirgends"}, "action_fields"),
    ):
        response = post_with_file(
            staff, "/verwaltung/arbeitshilfen/neu", {**FORM, "body_markdown": "Text", **fields}
        )
        assert response.status_code == 422, fields
        assert f'id="{field}-error"' in response.get_data(as_text=True), fields
    assert _count(WorkAid) == 0


def test_district_managers_use_the_library_but_do_not_add_to_it(app, client, make_user, make_aid):
    aid = make_aid()
    client.sign_in(make_user("district_manager"))
    assert client.get("/verwaltung/arbeitshilfen/neu").status_code == 403
    assert client.get(f"/verwaltung/arbeitshilfen/{aid.slug}/neue-fassung").status_code == 403
    assert client.get(f"/arbeitshilfen/{aid.slug}").status_code == 200
