"""How to reach each form of the portal: who submits it, where it is shown, valid values,
and which pages show what was stored. Every POST route must have one (a test checks)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import PASSWORD

_counter = itertools.count(1)


@dataclass
class Context:
    """What a scenario's setup may use; `data` holds what setup created."""

    make_user: Callable
    app: object
    n: int = field(default_factory=lambda: next(_counter))
    data: dict = field(default_factory=dict)


@dataclass
class Scenario:
    endpoint: str
    form_path: Callable[[Context], str]
    valid: Callable[[Context], dict] = lambda ctx: {}
    role: str | None = None  # signed in as this role (a fresh user per case)
    setup: Callable[[Context], None] = lambda ctx: None
    post_path: Callable[[Context], str] | None = None  # defaults to the form's action
    show: Callable[[Context], list[tuple[str | None, str]]] = lambda ctx: []  # (role, path)


def _new_user(ctx, **kwargs):
    user = ctx.make_user(**kwargs)
    ctx.data["user"] = user
    return user


def _token_from_mail(ctx, recipient: str, prefix: str) -> str:
    """The token of the link a service just mailed, as the user would click it."""
    from tests.accounts.helpers import link_in, mails_to

    mails = mails_to(ctx.app.extensions.get("mail_memory", []), recipient)
    return link_in(mails[-1], prefix).rsplit("/", 1)[1]


def _verify_token(ctx):
    from participation.accounts import services

    user = _new_user(ctx, verified=False)
    services.resend_verification(actor=user)
    ctx.data["token"] = _token_from_mail(ctx, user.email, "/bestaetigen/")


def _reset_token(ctx):
    from participation.accounts import services

    user = _new_user(ctx)
    services.request_password_reset(email=user.email)
    ctx.data["token"] = _token_from_mail(ctx, user.email, "/passwort-neu/")


def _email_change_token(ctx):
    from participation.accounts import services

    user = _new_user(ctx)
    new_email = f"new{ctx.n}@example.org"
    services.request_email_change(actor=user, current_password=PASSWORD, new_email=new_email)
    ctx.data["token"] = _token_from_mail(ctx, new_email, "/konto/email-bestaetigen/")


def _customised_page(ctx):
    from participation.pages.services import update_page

    admin = ctx.make_user("admin")
    update_page(
        actor=admin, slug="netiquette", locale="de", title="Netiquette", body_markdown="Text"
    )


def _draft(ctx):
    from datetime import date

    from participation.projects import services

    coordinator = ctx.make_user("coordinator")
    ctx.data["draft"] = services.create_process(
        actor=coordinator,
        title=f"Entwurf {ctx.n}",
        summary="Kurz",
        action_field_slug="wohnen",
        district_code="10",
        phases=(services.PhaseInput("dialogue", date.today(), date.today()),),
    )


def _newest_process_page() -> str:
    from sqlalchemy import select

    from participation.extensions import db
    from participation.projects.models import Process

    slug = db.session.scalar(select(Process.slug).order_by(Process.id.desc()).limit(1))
    db.session.rollback()
    return f"/verfahren/{slug}"


PROCESS_FORM = {
    "title": "Neuer Quartiersplatz",
    "summary": "Wie soll der Platz aussehen?",
    "district": "10",
    "action_field": "wohnen",
    "scope_for_influence": "Gestaltung",
    "phase_dialogue_starts_on": "2026-11-01",
    "phase_dialogue_ends_on": "2026-12-15",
    "council_documents": "1234/2026",
    "links": "Plan | https://example.org/plan.pdf",
}

SCENARIOS = [
    Scenario(
        "accounts.register",
        lambda ctx: "/registrieren",
        lambda ctx: {
            "email": f"person{ctx.n}@example.org",
            "pseudonym": f"Person {ctx.n}",
            "password": PASSWORD,
            "accept_privacy": "y",
        },
    ),
    Scenario(
        "accounts.login",
        lambda ctx: "/anmelden",
        lambda ctx: {"email": ctx.data["user"].email, "password": PASSWORD, "next": "/konto"},
        setup=lambda ctx: _new_user(ctx),
        show=lambda ctx: [(None, "/")],
    ),
    Scenario(
        "accounts.request_reset",
        lambda ctx: "/passwort-vergessen",
        lambda ctx: {"email": ctx.data["user"].email},
        setup=lambda ctx: _new_user(ctx),
    ),
    Scenario(
        "accounts.reset_password",
        lambda ctx: f"/passwort-neu/{ctx.data['token']}",
        lambda ctx: {"password": "ein neues langes Passwort"},
        setup=_reset_token,
    ),
    Scenario(
        "accounts.verify_email",
        lambda ctx: f"/bestaetigen/{ctx.data['token']}",
        setup=_verify_token,
    ),
    Scenario(
        "accounts.confirm_email_change",
        lambda ctx: f"/konto/email-bestaetigen/{ctx.data['token']}",
        setup=_email_change_token,
    ),
    Scenario("accounts.resend_verification", lambda ctx: "/", role="resident-unverified"),
    Scenario("accounts.logout", lambda ctx: "/", role="resident"),
    Scenario("accounts.logout_everywhere", lambda ctx: "/konto", role="resident"),
    Scenario(
        "accounts.profile",
        lambda ctx: "/konto",
        lambda ctx: {"pseudonym": f"Neuer Name {ctx.n}"},
        role="resident",
        show=lambda ctx: [("self", "/konto"), ("self", "/")],
    ),
    Scenario(
        "accounts.change_password",
        lambda ctx: "/konto/passwort",
        lambda ctx: {"current_password": PASSWORD, "new_password": "ein anderes langes Passwort"},
        role="resident",
    ),
    Scenario(
        "accounts.change_email",
        lambda ctx: "/konto/email",
        lambda ctx: {"email": f"changed{ctx.n}@example.org", "current_password": PASSWORD},
        role="resident",
    ),
    Scenario(
        "pages.accessibility",
        lambda ctx: "/barrierefreiheit",
        lambda ctx: {
            "message": "Der Kontrast ist zu schwach.",
            "page_url": "/bezirke",
            "contact_email": "leser@example.org",
        },
        show=lambda ctx: [("coordinator", "/verwaltung/rueckmeldungen")],
    ),
    Scenario(
        "pages.set_language", lambda ctx: "/", lambda ctx: {"lang": "en", "next": "/impressum"}
    ),
    Scenario(
        "staff.edit_page",
        lambda ctx: "/verwaltung/seiten/netiquette/de",
        lambda ctx: {
            "title": "Unsere Regeln",
            "body_markdown": "## Respekt\n\nBitte **freundlich**.",
        },
        role="admin",
        show=lambda ctx: [(None, "/netiquette")],
    ),
    Scenario(
        "staff.reset_page",
        lambda ctx: "/verwaltung/seiten/netiquette/de",
        role="admin",
        setup=_customised_page,
        post_path=lambda ctx: "/verwaltung/seiten/netiquette/de/zuruecksetzen",
    ),
]

SCENARIOS += [
    Scenario(
        "projects_staff.new",
        lambda ctx: "/verwaltung/verfahren/neu",
        lambda ctx: {**PROCESS_FORM, "title": f"Quartiersplatz {ctx.n}"},
        role="district_manager",
        show=lambda ctx: [("self", _newest_process_page())],
    ),
    Scenario(
        "projects_staff.publish",
        lambda ctx: "/verwaltung/verfahren",
        role="coordinator",
        setup=_draft,
        post_path=lambda ctx: f"/verwaltung/verfahren/{ctx.data['draft'].slug}/veroeffentlichen",
        show=lambda ctx: [(None, f"/verfahren/{ctx.data['draft'].slug}")],
    ),
]

BY_ENDPOINT = {s.endpoint: s for s in SCENARIOS}
