"""Opportunities for tests: `opportunity(member, ...)` for code with an app context, and
the `make_opportunity` / `org_member` fixtures."""

from __future__ import annotations

import pytest


def opportunity_input(**overrides):
    from participation.volunteering.services import OpportunityInput

    values = {
        "title": "Lesepat*in in der Stadtteilbibliothek",
        "tasks": "Einmal in der Woche Kindern vorlesen und mit ihnen über Bücher sprechen.",
        "district_code": "10",
        "rhythm": "regular",
        "hours": 2,
        "times": "dienstags 16 bis 18 Uhr",
        "weekdays": "2",
        "volunteers_wanted": 3,
        "skills": "Freude am Vorlesen",
        "languages": "Deutsch",
        "for_newcomers": True,
        "contact_name": "Frau Beispiel",
        "contact_role": "Koordination Ehrenamt",
    }
    values.update(overrides)
    return OpportunityInput(**values)


def opportunity(member, organisation=None, *, publish: bool = True, **overrides):
    from participation.extensions import db
    from participation.partners.models import PartnerOrganisation
    from participation.volunteering import services

    if organisation is None:
        organisation = db.session.get(PartnerOrganisation, min(member.organisation_ids()))
    made = services.create(
        actor=member, organisation=organisation, data=opportunity_input(**overrides)
    )
    if publish:
        services.publish(actor=member, opportunity=made)
    return made


@pytest.fixture
def org_member(make_user):
    return make_user("partner_member")


@pytest.fixture
def make_opportunity(org_member):
    def make(member=None, **overrides):
        return opportunity(member or org_member, **overrides)

    return make
