"""Fixtures of the engagement certificate tests: an organisation with two members, a
volunteer and a request."""

from __future__ import annotations

from datetime import date

import pytest


def engagement_input(**overrides):
    from participation.engagementcert.services import EngagementInput

    values = {
        "activities": "Hausaufgabenhilfe für Grundschulkinder, zweimal in der Woche",
        "held_from": date(2025, 9, 1),
        "held_until": date(2026, 2, 28),
        "hours_per_month": 8,
        "monthly": "",
    }
    values.update(overrides)
    return EngagementInput(**values)


@pytest.fixture
def organisation(make_organisation):
    return make_organisation(slug="nachbarschaft-linden", name="Nachbarschaftsladen Linden")


@pytest.fixture
def member(make_user, organisation):
    return make_user("partner_member", organisation=organisation.slug)


@pytest.fixture
def other_member(make_user, organisation):
    return make_user("partner_member", organisation=organisation.slug)


@pytest.fixture
def volunteer(make_user):
    return make_user("resident")


@pytest.fixture
def make_request(organisation, volunteer):
    from participation.engagementcert import services

    def make(who=None, at=None, name="Lotte Lindner", **overrides):
        return services.request_certificate(
            actor=who or volunteer,
            organisation=at or organisation,
            name=name,
            data=engagement_input(**overrides),
        )

    return make
