"""The network's fixtures: an agreement, and an active partner whose contact signed it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from participation.partners import agreement, services

AGREEMENT_TEXT = (
    "## Ziele\n\nDie Partner setzen sich gemeinsam für Bürgermitwirkung in der Stadt ein "
    "und beteiligen sich an den Verfahren der Stadt."
)


@dataclass
class Partner:
    organisation: object
    contact: object


@pytest.fixture
def make_agreement(make_user):
    """Publish a new version of the agreement (as a new coordinator)."""

    def make(title: str = "Kooperationsvereinbarung"):
        return agreement.publish_agreement(
            actor=make_user("coordinator"), title=title, text=AGREEMENT_TEXT
        )

    return make


@pytest.fixture
def make_partner(make_user, make_agreement):
    """make_partner(name=..., confirm=True): a resident applies (signing the current
    agreement, published first if there is none) and the office confirms."""

    def make(name: str | None = None, *, confirm: bool = True, **profile) -> Partner:
        current = agreement.current_agreement() or make_agreement()
        contact = make_user("resident")
        organisation = services.apply(
            actor=contact,
            profile=services.Profile(
                name=name or f"Verein {contact.pseudonym}",
                kind=profile.pop("kind", "initiative"),
                **profile,
            ),
            signer_name="Erika Muster",
            accepted=True,
            version=current.version,
        )
        if confirm:
            services.decide(actor=make_user("coordinator"), organisation=organisation, confirm=True)
        return Partner(organisation, contact)

    return make
