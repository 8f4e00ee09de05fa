"""Shortcuts for the volunteer phone tests: a callback request, an adviser, hours."""

from __future__ import annotations

from datetime import time

from participation.volunteerphone import services
from participation.volunteerphone.services import CallbackInput


def callback(first_name: str = "Ida", phone: str = "0511 1234567", topic: str = "social"):
    return services.request_callback(
        CallbackInput(
            first_name=first_name,
            phone=phone,
            preferred_time="vormittags",
            topic=topic,
            district_code="10",
            consent=True,
        )
    )


def adviser(office, user, organisation_id=None, show_name=False):
    return services.add_adviser(
        actor=office, email=user.email, organisation_id=organisation_id, show_name=show_name
    )


def weekday_hours(office, *, weekdays=range(5), starts=time(10), ends=time(13)):
    for weekday in weekdays:
        services.add_slot(actor=office, weekday=weekday, starts=starts, ends=ends)
