"""Practice examples in Chromium: searching the collection with and without JavaScript,
writing and publishing an example, importing an export; every page passes axe."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from participation.practice import services
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.harness.scenarios import practice_export
from tests.practice.factories import RICH

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def _example(office, title: str, **fields):
    fields.setdefault("format", "workshop")
    example = services.create(
        actor=office,
        data=services.ExampleInput(title=title, summary="Kurz gesagt, was geschah.", **fields),
    )
    services.publish(actor=office, example=example)
    return example


def test_search_and_filter_the_collection(any_page, live_server, make_user):
    office = make_user("coordinator")
    _example(office, "Werkstatt im Ihme-Zentrum", target_groups=("seniors",))
    _example(office, "Befragung der Jugend", format="survey")
    page = any_page
    page.goto("/praxisbeispiele")
    page.get_by_label("Suche").fill("Ihme")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_load_state()
    page.get_by_text("1 Praxisbeispiel gefunden").wait_for()
    assert "Befragung der Jugend" not in page.content()
    page.goto("/praxisbeispiele?format=survey")
    page.get_by_role("link", name="Befragung der Jugend").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Befragung der Jugend"


def test_write_publish_and_import(any_page, live_server, make_user, tmp_path):
    office = make_user("coordinator")
    page = any_page
    sign_in(page, office.email)
    page.goto("/verwaltung/praxisbeispiele/neu")
    page.get_by_label("Titel").fill("Spaziergang in Linden")
    page.get_by_label("Kurzfassung").fill("Zu Fuß durch den Stadtteil.")
    page.get_by_label("Format", exact=True).select_option("neighbourhood_walk")
    page.get_by_label("Personaltage").fill("4")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "/bearbeiten" in page.url
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_load_state()
    page.goto("/praxisbeispiele")
    assert "Spaziergang in Linden" in page.content()

    export = tmp_path / "export.json"
    export.write_bytes(practice_export(SimpleNamespace(n=1)))
    page.goto("/verwaltung/praxisbeispiele/import")
    page.get_by_label("JSON-Export eines anderen Portals").set_input_files(str(export))
    page.get_by_role("button", name="Datei prüfen und übernehmen").click()
    page.wait_for_load_state()
    assert "Neu: 1" in page.content() and "Importiertes Beispiel" in page.content()


def test_practice_pages_have_no_violations(page, live_server, make_user, tmp_path):
    office = make_user("coordinator")
    published = _example(office, "Werkstatt am Markt", **RICH)
    draft = services.create(
        actor=office, data=services.ExampleInput(title="Entwurf", format="workshop")
    )
    problems = []

    def check(path=None):
        if path:
            page.goto(path)
        problems.extend(f"{page.url}: {v}" for v in axe_violations(page))

    for path in (
        "/praxisbeispiele",
        "/praxisbeispiele?format=zaubern",
        f"/praxisbeispiele/{published.slug}",
    ):
        check(path)
    sign_in(page, office.email)
    for path in (
        "/verwaltung/praxisbeispiele",
        "/verwaltung/praxisbeispiele/neu",
        f"/verwaltung/praxisbeispiele/{draft.id}/bearbeiten",
        f"/verwaltung/praxisbeispiele/{published.id}/bearbeiten",
        f"/praxisbeispiele/{draft.slug}",
        "/verwaltung/praxisbeispiele/import",
    ):
        check(path)
    page.goto("/verwaltung/praxisbeispiele/neu")
    page.get_by_label("Titel").fill("")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    check()
    broken = tmp_path / "kaputt.json"
    broken.write_text("{kaputt", encoding="utf-8")
    page.goto("/verwaltung/praxisbeispiele/import")
    page.get_by_label("JSON-Export eines anderen Portals").set_input_files(str(broken))
    page.get_by_role("button", name="Datei prüfen und übernehmen").click()
    page.wait_for_load_state()
    assert page.locator("#document-error").count() == 1
    check()
    assert problems == [], "\n".join(problems)
