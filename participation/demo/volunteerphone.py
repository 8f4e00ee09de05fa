"""Demo data of the volunteer phone: weekday hours, a holiday and a day with special
hours, two advisers (the office and a partner's volunteer) on a two-week roster, and
three callbacks — one open, one taken, one reached and logged."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.core.clock import local_today, travel, utcnow
from participation.extensions import db
from participation.partners.models import PartnerOrganisation
from participation.volunteerphone import services
from participation.volunteerphone.models import PhoneSlot
from participation.volunteerphone.services import CallbackInput, ConversationInput


def _next_christmas(today: date) -> date:
    christmas = date(today.year, 12, 25)
    return christmas if christmas >= today else date(today.year + 1, 12, 25)


def _callback(first_name: str, phone: str, topic: str, district: str, when: str):
    return services.request_callback(
        CallbackInput(
            first_name=first_name,
            phone=phone,
            preferred_time=when,
            topic=topic,
            district_code=district,
            consent=True,
        )
    )


def seed_volunteer_phone(coordinator) -> None:
    if db.session.scalar(select(PhoneSlot.id).limit(1)) is not None:
        return
    for weekday in range(5):
        services.add_slot(actor=coordinator, weekday=weekday, starts=time(10), ends=time(13))
    services.add_slot(actor=coordinator, weekday=3, starts=time(16), ends=time(19))
    today = local_today()
    services.add_exception(
        actor=coordinator,
        day=_next_christmas(today),
        starts=None,
        ends=None,
        note="1. Weihnachtstag",
    )
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 + 7)
    services.add_exception(
        actor=coordinator,
        day=saturday,
        starts=time(10),
        ends=time(14),
        note="Freiwilligentag auf dem Lindener Marktplatz",
    )
    office_adviser = services.add_adviser(
        actor=coordinator, email=coordinator.email, organisation_id=None, show_name=True
    )
    partner = accounts.find_by_email("partner@example.org")
    organisation = db.session.scalar(
        select(PartnerOrganisation).where(
            PartnerOrganisation.slug == "nachbarschaftsinitiative-nord",
            PartnerOrganisation.status == "active",
        )
    )
    advisers = [office_adviser]
    if partner is not None and organisation is not None:
        advisers.append(
            services.add_adviser(
                actor=coordinator,
                email=partner.email,
                organisation_id=organisation.id,
                show_name=False,
            )
        )
    for offset in range(14):
        day = today + timedelta(days=offset)
        if day.weekday() < 5:
            adviser = advisers[day.weekday() % len(advisers)]
            services.add_duty(
                actor=coordinator, adviser_id=adviser.id, day=day, starts=time(10), ends=time(13)
            )
    _callback("Samira", "0511 2345678", "refugees", "10", "nachmittags")
    taken = _callback("Jonas", "0170 9876543", "sport", "01", "Dienstag ab 16 Uhr")
    taker = partner if partner is not None and len(advisers) > 1 else coordinator
    services.take(actor=taker, callback=taken)
    with travel(utcnow() - timedelta(days=3)):
        logged = _callback("Erika", "0511 3456789", "social", "10", "vormittags")
    with travel(utcnow() - timedelta(days=3) + timedelta(hours=5)):
        services.take(actor=coordinator, callback=logged)
        services.record_attempt(actor=coordinator, callback=logged, result="reached")
        services.log_conversation(
            actor=coordinator,
            callback=logged,
            data=ConversationInput(
                topic="social",
                district_id=logged.district_id,
                age_group="65_plus",
                outcome="referred",
                organisation_ids=[organisation.id] if organisation is not None else [],
                referred_opportunities="Lesepatenschaft in der Stadtteilbibliothek Linden",
            ),
        )
