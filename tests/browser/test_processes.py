"""Process list and pages in Chromium: accessible in every phase, filters with and without
JavaScript, bookmarkable URLs and a working back button."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.projects.factories import PLANS

pytestmark = pytest.mark.browser


@pytest.fixture
def processes(make_process):
    made = {
        plan: make_process(
            f"Verfahren {plan}",
            plan=plan,
            district="10",
            scope_for_influence="Ausstattung",
            constraints="Standort",
            easy_summary="Kurz und einfach.",
            council_documents=("1234/2026",),
        )
        for plan in PLANS
    }
    made["city"] = make_process("Stadtweites Verfahren", district=None, field="finanzen")
    return made


def test_process_pages_have_no_violations(page, processes):
    problems = []
    for process in processes.values():
        page.goto(f"/verfahren/{process.slug}")
        problems += [f"{process.slug}: {v}" for v in axe_violations(page)]
    for path in [
        "/verfahren",
        "/verfahren?bezirk=10&phase=offen",
        "/verfahren?bezirk=99",
        "/bezirke/10",
    ]:
        page.goto(path)
        problems += [f"{path}: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)


def test_filters_with_htmx_push_the_url_and_back_works(page, processes):
    page.goto("/verfahren")
    assert page.locator(".process-card").count() == 6
    with page.expect_response(lambda r: "bezirk=stadtweit" in r.url):
        page.get_by_label("Stadtbezirk").select_option("stadtweit")
    expect(page.locator(".process-card")).to_have_count(1)
    assert "bezirk=stadtweit" in page.url
    assert page.locator(".process-card h3").inner_text() == "Stadtweites Verfahren"
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1, "no reload"
    page.go_back()
    expect(page.locator(".process-card")).to_have_count(6)
    assert "bezirk" not in page.url


def test_filters_without_javascript(page_no_js, processes):
    page = page_no_js
    page.goto("/verfahren")
    page.get_by_label("Stand").select_option("offen")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_load_state()
    assert "phase=offen" in page.url
    titles = page.locator(".process-card h3").all_inner_texts()
    assert sorted(titles) == ["Stadtweites Verfahren", "Verfahren dialogue"]


def test_search_box_finds_by_title(page, processes):
    page.goto("/verfahren")
    page.get_by_label("Suche").fill("stadtweites")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.locator(".process-card")).to_have_count(1)
    assert "q=stadtweites" in page.url
