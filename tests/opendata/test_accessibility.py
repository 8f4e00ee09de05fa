"""The open-data page with data and every column table open: no axe violations (the
sweep of tests/browser checks it with the tables folded)."""

from __future__ import annotations

from tests.browser.axe import axe_violations


def test_open_data_page_with_every_table_open_has_no_violations(
    page, live_server, make_process, make_proposal
):
    make_proposal(make_process("Ein Verfahren"), title="Ein Vorschlag")
    page.goto("/opendata")
    assert page.locator("a[href='/opendata/vorschlaege.csv']").count() == 1
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert axe_violations(page) == []
