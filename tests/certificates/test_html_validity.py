"""No Nu HTML checker (vnu) errors on the certificate pages: the form (with an error), a
valid, a revoked and an erased certificate, an unknown code, and the holder's list."""

from __future__ import annotations

from datetime import date

from participation.certificates import services
from participation.privacy import deletion
from tests.test_html_validity import nu_errors, skip_without_checker


def _pages(app, make_user, make_certificate) -> dict[str, str]:
    visitor, holder_client = app.test_client(), app.test_client()
    holder = make_user("resident")
    valid = make_certificate(holder, held_from=date(2026, 3, 1), held_until=date(2026, 3, 2))
    revoked = make_certificate(holder, title="Zurückgezogen")
    services.revoke(actor=holder, certificate=revoked, reason="Irrtum")
    leaving = make_user("resident")
    erased = make_certificate(leaving)
    deletion.delete_account(actor=None, user=leaving, delete_contributions=False)
    holder_client.login(holder)
    return {
        "form": visitor.get("/bescheinigungen").get_data(as_text=True),
        "form (error)": visitor.get("/bescheinigungen?code=falsch").get_data(as_text=True),
        "valid": visitor.get(f"/bescheinigungen/{valid.code}").get_data(as_text=True),
        "revoked": visitor.get(f"/bescheinigungen/{revoked.code}").get_data(as_text=True),
        "erased": visitor.get(f"/bescheinigungen/{erased.code}").get_data(as_text=True),
        "unknown": visitor.get("/bescheinigungen/unbekannt").get_data(as_text=True),
        "mine": holder_client.get("/konto/bescheinigungen").get_data(as_text=True),
    }


def test_certificate_pages_have_no_nu_checker_errors(app, make_user, make_certificate, tmp_path):
    skip_without_checker()
    errors = nu_errors(_pages(app, make_user, make_certificate), tmp_path)
    assert errors == [], "\n".join(errors[:40])
