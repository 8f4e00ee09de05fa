"""Browser helpers: sign in through the real form, read mails of the live server."""

from __future__ import annotations

import re

from tests.conftest import PASSWORD


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    assert "/anmelden" not in page.url, page.content()[:2000]


def last_link(live_server, recipient: str, prefix: str) -> str:
    mails = [m for m in live_server.app.extensions.get("mail_memory", []) if m["To"] == recipient]
    assert mails, f"no mail to {recipient}"
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S*)", mails[-1].get_content())
    assert match, mails[-1].get_content()
    return match.group(1)
