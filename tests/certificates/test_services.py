"""Issuing (idempotent), codes (unguessable), revoking, erasing with the account, the demo."""

from __future__ import annotations

import base64
from datetime import date

import pytest
from sqlalchemy import func, select

from participation.certificates import services
from participation.certificates.models import Certificate
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.extensions import db


def test_codes_carry_at_least_128_random_bits_and_are_url_safe(app):
    codes = {services.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:50]:
        assert len(code) == services.CODE_LENGTH == 32
        assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        assert len(base64.b32decode(code)) * 8 == 160 >= 128
    # Every character position takes many values: the code is not mostly fixed.
    assert all(len({code[i] for code in codes}) > 20 for i in range(31))


def test_a_typed_code_is_normalised_and_anything_else_refused(app):
    code = services.new_code()
    typed = " " + services.grouped(code).lower() + " "
    assert services.normalise_code(typed) == code
    assert services.normalise_code(code[:-1]) is None
    assert services.normalise_code(code + "A") is None
    assert services.normalise_code(code[:-1] + "1") is None
    assert services.normalise_code("") is None and services.normalise_code(None) is None


def test_issuing_twice_returns_the_same_certificate(make_user, make_certificate):
    holder = make_user("resident")
    first = make_certificate(holder, source_id=7)
    again = make_certificate(holder, name="Anders geschrieben", source_id=7)
    assert again.id == first.id and again.code == first.code
    assert again.holder_name == "Ida Beispiel"
    other = make_certificate(make_user("resident"), source_id=7)
    assert other.id != first.id and other.code != first.code
    assert db.session.scalar(select(func.count(Certificate.id))) == 2


def test_without_an_account_the_printed_name_identifies_the_holder(make_certificate):
    first = make_certificate(None, name="Jo  Beispiel", source_id=3)
    assert make_certificate(None, name="jo beispiel", source_id=3).id == first.id
    assert make_certificate(None, name="Ida Beispiel", source_id=3).id != first.id


def test_a_period_and_its_checks(make_user, make_certificate):
    certificate = make_certificate(
        make_user(), held_from=date(2026, 3, 1), held_until=date(2026, 5, 31)
    )
    assert (certificate.held_from, certificate.held_until) == (date(2026, 3, 1), date(2026, 5, 31))
    with pytest.raises(Invalid):
        make_certificate(make_user(), held_from=date(2026, 3, 1), held_until=date(2026, 2, 1))
    with pytest.raises(Invalid):
        make_certificate(make_user(), name="   ")
    assert make_certificate(make_user()).issuer.startswith("Koordinierungsstelle")
    assert make_certificate(make_user(), issuer="Verein Nord e. V.").issuer == "Verein Nord e. V."


def test_revoking_by_the_holder_or_the_office_only(make_user, make_certificate):
    holder = make_user("resident")
    certificate = make_certificate(holder)
    with pytest.raises(Forbidden):
        services.revoke(actor=make_user("resident"), certificate=certificate, reason="x")
    with pytest.raises(Forbidden):
        services.revoke(actor=make_user("district_manager"), certificate=certificate, reason="x")
    with pytest.raises(Invalid):
        services.revoke(actor=holder, certificate=certificate, reason=" ")
    services.revoke(actor=holder, certificate=certificate, reason="Nicht mehr öffentlich")
    assert certificate.is_revoked and certificate.revoked_reason == "Nicht mehr öffentlich"
    with pytest.raises(Conflict):
        services.revoke(actor=make_user("coordinator"), certificate=certificate, reason="x")
    office_case = make_certificate(make_user())
    services.revoke(actor=make_user("coordinator"), certificate=office_case, reason="Irrtum")
    assert office_case.is_revoked


def test_by_code_and_own_certificate(make_user, make_certificate):
    holder = make_user("resident")
    certificate = make_certificate(holder)
    assert services.by_code(services.grouped(certificate.code).lower()).id == certificate.id
    with pytest.raises(NotFound):
        services.by_code(services.new_code())
    with pytest.raises(NotFound):
        services.by_code("' OR 1=1 --")
    assert services.own_certificate(actor=holder, code=certificate.code).id == certificate.id
    with pytest.raises(NotFound):
        services.own_certificate(actor=make_user("coordinator"), code=certificate.code)


def test_deleting_the_account_erases_the_name_and_keeps_the_code(
    make_user, make_certificate, client
):
    from participation.privacy import deletion

    holder = make_user("resident")
    certificate = make_certificate(
        holder, name="Ida Beispiel", details={"Stunden": "vierzig Stunden"}
    )
    code = certificate.code
    kept = make_certificate(make_user("resident"), name="Bleibt Stehen", source_id=1)
    deletion.delete_account(actor=None, user=holder, delete_contributions=False)
    erased = services.by_code(code)
    assert erased.holder_id is None and erased.holder_name == "" and erased.details is None
    assert erased.is_erased and not erased.is_revoked
    assert erased.holder_ref == f"erased:{code}"
    assert services.by_code(kept.code).holder_name == "Bleibt Stehen"
    page = client.get(f"/bescheinigungen/{code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ida Beispiel" not in html and "vierzig" not in html
    assert "Name gelöscht" in html and "bestätigt deshalb niemanden mehr" in html


def test_the_export_holds_the_holders_certificates(built_export, make_user, make_certificate):
    holder = make_user("resident")
    certificate = make_certificate(holder, details={"Stunden": "12"})
    make_certificate(make_user("resident"), name="Jemand Anderes")
    _export, got = built_export(holder)
    (row,) = got.rows("certificate")
    assert row["code"] == certificate.code and row["holder_name"] == "Ida Beispiel"
    assert row["title"] == certificate.title and "holder_ref" not in row
    assert "Jemand Anderes" not in got.raw


def test_the_demo_issues_its_certificates_once(app, make_user):
    from participation.demo.certificates import CERTIFICATES, seed_certificates

    for email, *_rest in CERTIFICATES:
        make_user("resident", email=email)
    seed_certificates()
    seed_certificates()
    rows = db.session.scalars(select(Certificate)).all()
    assert len(rows) == len(CERTIFICATES) == 2
    assert {row.source_type for row in rows} == {"demo"}
    assert all(row.holder_id for row in rows)


def test_a_switched_off_check_stays_off_when_the_certificate_is_revoked(
    make_user, make_certificate, client
):
    holder = make_user("resident")
    certificate = make_certificate(holder)
    services.switch_verification(actor=holder, certificate=certificate, on=False)
    services.revoke(actor=make_user("coordinator"), certificate=certificate, reason="Irrtum")
    page = client.get(f"/bescheinigungen/{certificate.code}").get_data(as_text=True)
    assert "Nicht mehr gültig" in page
    assert certificate.holder_name not in page and certificate.title not in page
