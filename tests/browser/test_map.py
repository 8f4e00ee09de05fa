"""The proposal map in Chromium, with and without JavaScript: opened from its summary, a
quarter in the table leads to the filtered list, an area of the map is reached with the Tab
key and leads to its quarters; zero axe violations with the map open, in German and in
English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participation.districts.models import Quarter
from participation.extensions import db
from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def _quarter_id(name: str) -> int:
    return db.session.scalar(select(Quarter.id).where(Quarter.name == name))


def test_a_resident_finds_the_proposals_of_one_quarter(
    any_page, live_server, make_process, make_proposal
):
    page = any_page
    process = make_process("Plätze in Linden", district="10")
    make_proposal(process, title="Bank am Küchengarten", quarter_id=_quarter_id("Linden-Nord"))
    make_proposal(process, title="Fähre nach Limmer", quarter_id=_quarter_id("Limmer"))

    page.goto(f"/verfahren/{process.slug}/vorschlaege")
    page.get_by_text("Karte: Vorschläge nach Stadtteil").click()
    expect(page.get_by_role("table", name="Vorschläge nach Stadtteil")).to_be_visible()
    link = page.get_by_role("link", name="Linden-Nord", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_text("Bank am Küchengarten")).to_be_visible()
    expect(page.get_by_text("Fähre nach Limmer")).to_have_count(0)
    expect(page.get_by_label("Stadtteil", exact=True)).to_have_value(
        str(_quarter_id("Linden-Nord"))
    )


def test_the_tab_key_reaches_a_district_on_the_map(
    any_page, live_server, make_process, make_proposal
):
    page = any_page
    process = make_process("Ganz Hannover", district=None)
    make_proposal(process, title="Mehr Grün am Zoo", quarter_id=_quarter_id("Zoo"))

    page.goto(f"/verfahren/{process.slug}/vorschlaege")
    summary = page.locator("details.proposal-map > summary")
    summary.focus()
    page.keyboard.press("Enter")  # opens the map
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Mitte: 1 Vorschlag"
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#karte-bezirk-01'")
    zoo = page.locator("#karte-bezirk-01").get_by_role("link", name="Zoo")
    expect(zoo).to_be_visible()
    zoo.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_text("Mehr Grün am Zoo")).to_be_visible()
    expect(page.locator("#proposal-list-title")).to_have_text("1 Vorschlag")


def test_the_open_map_has_no_violations(page, live_server, make_process, make_proposal):
    district = make_process("Plätze in Linden", district="10")
    city = make_process("Ganz Hannover", district=None)
    make_proposal(district, quarter_id=_quarter_id("Linden-Süd"))
    make_proposal(city, quarter_id=_quarter_id("Zoo"))
    problems = []
    for language in ("de", "en"):
        if language == "en":
            page.goto("/")
            page.get_by_role("button", name="English").click()
            page.wait_for_load_state()
        for process in (district, city):
            for path in (
                f"/verfahren/{process.slug}/vorschlaege?ansicht=karte",
                f"/verfahren/{process.slug}?ansicht=karte",
            ):
                page.goto(path)
                expect(page.locator("details.proposal-map[open]")).to_have_count(1)
                problems += [f"{language} {path}: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)
