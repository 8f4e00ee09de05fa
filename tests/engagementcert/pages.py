"""The pages of issue 20's engagement certificates and /mitmachen, in every state worth
checking (Nu validity and axe): made once, then fetched by a client or opened in Chromium."""

from __future__ import annotations

from datetime import date, timedelta

from participation.certificates import services as certificates
from participation.contributions import services as contributions
from participation.contributions.services import ContributionInput
from participation.core.clock import utcnow
from participation.engagementcert import services
from tests.engagementcert.conftest import engagement_input
from tests.qualification.factories import training


def make_states(make_user, make_organisation, make_process, make_partner):
    """People and items; returns (paths by who reads them, the users)."""
    organisation = make_organisation(slug="laden-linden", name="Nachbarschaftsladen Linden")
    member = make_user("partner_member", organisation=organisation.slug)
    volunteer = make_user("resident")
    office = make_user("coordinator")

    def ask(**changes):
        return services.request_certificate(
            actor=volunteer,
            organisation=organisation,
            name="Lotte Lindner",
            data=engagement_input(**changes),
        )

    open_request = ask(monthly="2025-09: 4\n2025-10: 6")
    corrected = ask()
    services.correct(
        actor=member,
        request=corrected,
        data=engagement_input(hours_per_month=3),
        note="Eher drei Stunden.",
        signer_name="Maren Muster",
    )
    certificate = services.confirm(actor=member, request=ask(), signer_name="Maren Muster")
    certificates.switch_verification(actor=volunteer, certificate=certificate, on=False)
    # Something in every section of /mitmachen.
    make_process("Spielplatz Küchengarten", district="10")
    partner = make_partner()
    for kind, extra in (("event", {"starts_at": utcnow() + timedelta(days=3)}), ("offer", {})):
        contributions.publish(
            actor=partner.contact,
            organisation=partner.organisation,
            kind=kind,
            data=ContributionInput(
                title=f"Beispiel {kind}",
                body="Eine Beschreibung mit genug Zeichen für die Prüfung.",
                district_codes=["10"],
                place="Küchengarten",
                **extra,
            ),
        )
    training(office, title="Workshop für alle", audiences=["residents"])
    base = f"/netzwerk/partner/{organisation.slug}/bescheinigungen"
    paths = {
        None: [
            "/mitmachen",
            "/mitmachen?bezirk=99&zeit=gestern",
            "/bezirke/10",
            f"/bescheinigungen/{certificate.code}",
        ],
        volunteer: [
            "/konto/engagement-nachweise",
            "/konto/engagement-nachweise/neu",
            f"/konto/engagement-nachweise/{corrected.id}",
            f"/konto/engagement-nachweise/{open_request.id}",
            "/konto/bescheinigungen",
        ],
        member: [base, f"{base}/{open_request.id}", f"{base}?alle=1"],
        office: ["/verwaltung/bescheinigungen"],
    }
    return paths, {"volunteer": volunteer, "member": member, "organisation": organisation}


REQUEST_FORM_ERROR = {
    "name": "",
    "activities": "kurz",
    "held_from": "2025-09-01",
    "held_until": str(date(2025, 1, 1)),
    "hours_per_month": "x",
    "monthly": "März",
}
