"""A fund with an office, a speaker-group juror and two applying organisations."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.fund.factories import fund_call, speaker_organisation


@dataclass
class Fund:
    office: object
    juror: object  # a member of a speaker-group organisation that does not apply
    call: object
    applicant: object  # a partner (organisation, contact)
    other: object  # a second partner, whose contact is also a juror (recused for its own)


@pytest.fixture
def fund(app, make_user, make_partner):
    office = make_user("coordinator")
    seat = make_partner("Sprecherverein")
    speaker_organisation(seat.organisation)
    other = make_partner("Nachbarschaftshilfe")
    speaker_organisation(other.organisation)
    applicant = make_partner("Ehrenamt Linden")
    juror = make_user("partner_member", organisation=seat.organisation.slug)
    call = fund_call(office, jurors=[juror, other.contact])
    return Fund(office, juror, call, applicant, other)
