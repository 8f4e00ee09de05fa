"""How to reach each form of the portal: who submits it, where it is shown, valid values,
and which pages show what was stored. Every POST route must have one (a test checks)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from participation.core.clock import local_today
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
    # Signed in as this role (a fresh user per case), or "setup": as ctx.data["actor"],
    # the user the setup made (an author, a supporter).
    role: str | None = None
    setup: Callable[[Context], None] = lambda ctx: None
    post_path: Callable[[Context], str] | None = None  # defaults to the form's action
    show: Callable[[Context], list[tuple[str | None, str]]] = lambda ctx: []  # (role, path)
    # Files for the form's file inputs: name -> (content, file name, media type); inputs
    # left out are sent empty, as a browser does when no file is chosen.
    files: Callable[[Context], dict[str, tuple[bytes, str, str]]] = lambda ctx: {}
    # The form may be sent again on the same setup after a success (an edit form, or a
    # form that creates one item after another): the harness then reuses the setup for
    # the next payload instead of building a new one.
    repeatable: bool = False
    # Run with the submitting client before the form page is fetched (a sign-in's first
    # step, for the form of its second).
    client_setup: Callable[[Context, object], None] = lambda ctx, client: None
    # A JSON call of the page's script (the passkey ceremonies) rather than a form: the
    # form page is the page that makes it (and names post_path), `valid` is its JSON body,
    # and test_json_calls_refuse_forms_and_broken_bodies drives it instead of the form tests.
    json: bool = False


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


def _with_authenticator(ctx, *, confirmed: bool = True):
    """A resident with a TOTP authenticator whose codes have not been used yet."""
    import pyotp

    from participation.accounts.models import TwoFactor
    from participation.core.clock import utcnow
    from participation.extensions import db

    user = _new_user(ctx)
    ctx.data["actor"] = user
    ctx.data["secret"] = pyotp.random_base32()
    db.session.add(
        TwoFactor(
            user_id=user.id,
            secret=ctx.data["secret"],
            confirmed_at=utcnow() if confirmed else None,
        )
    )
    db.session.commit()


def _with_passkey(ctx):
    """A resident with a stored passkey (the harness sends no real authenticator answer:
    tests/accounts/test_passkeys.py does)."""
    from webauthn.helpers import bytes_to_base64url

    from participation.accounts.models import WebAuthnCredential
    from participation.extensions import db

    user = _new_user(ctx)
    ctx.data["actor"] = user
    db.session.add(
        WebAuthnCredential(
            user_id=user.id,
            credential_id=bytes_to_base64url(f"harness-key-{ctx.n}".encode()),
            public_key=b"\xa5\x01\x02",
            name="Schlüssel",
        )
    )
    db.session.commit()


def _current_code(ctx) -> str:
    import pyotp

    from participation.core.clock import utcnow

    return pyotp.TOTP(ctx.data["secret"]).at(utcnow())


def _password_step(ctx, client) -> None:
    client.post_form("/anmelden", {"email": ctx.data["user"].email, "password": PASSWORD})


def _sign_in_link(ctx):
    from participation.accounts import signin
    from participation.extensions import db

    user = _new_user(ctx)
    signin._send_sign_in_link(user)
    db.session.commit()
    ctx.data["token"] = _token_from_mail(ctx, user.email, "/anmelden/link/")


def _second_session(ctx):
    from participation.accounts import sessions
    from participation.extensions import db

    user = _new_user(ctx)
    ctx.data["actor"] = user
    sessions.start(user, user_agent="Firefox/133.0 (Windows)", address="192.0.2.1")
    db.session.commit()


def _account_to_administer(ctx, *, blocked: bool = False, authenticator: bool = False):
    """A resident whose account page an administrator works on."""
    from datetime import timedelta

    from participation.core.clock import utcnow
    from participation.extensions import db

    target = ctx.make_user()
    ctx.data["target"] = target
    if blocked:
        target.blocked_until = utcnow() + timedelta(days=7)
        target.blocked_reason = "Beleidigungen"
        db.session.commit()
    if authenticator:
        _with_authenticator(ctx)
        ctx.data["target"] = ctx.data["user"]


def _account_page(ctx) -> str:
    return f"/verwaltung/konten/{ctx.data['target'].id}"


ADMIN_REASON = "Antrag per Brief vom 1. Dezember, Ausweis geprüft."


def _customised_page(ctx):
    from participation.pages.services import update_page

    admin = ctx.make_user("admin")
    update_page(
        actor=admin, slug="netiquette", locale="de", title="Netiquette", body_markdown="Text"
    )


def _draft(ctx, status: str = "draft"):
    """A complete process of district 10, taken along its lifecycle to `status`."""
    from datetime import timedelta

    from participation.coordination.services import advance_to
    from participation.projects import services

    coordinator = ctx.make_user("coordinator")
    ctx.data["draft"] = services.create_process(
        actor=coordinator,
        title=f"Entwurf {ctx.n}",
        summary="Kurz",
        action_field_slug="wohnen",
        district_code="10",
        scope_for_influence="Die Ausstattung",
        constraints="Der Ort steht fest.",
        use_of_results="Die Verwaltung antwortet auf jeden Vorschlag.",
        feedback_due=local_today() + timedelta(days=60),
        contact_person="Frau Beispiel",
        contact_email="beteiligung@example.org",
        phases=(services.PhaseInput("dialogue", local_today(), local_today()),),
    )
    advance_to(actor=coordinator, process=ctx.data["draft"], status=status)


def _ticked_checklist() -> dict[str, str]:
    from participation.coordination.checklist import items

    return {f"approve-check_{key}": "y" for key, _text in items()}


def _returned(ctx):
    from participation.coordination.services import transition

    _draft(ctx, "in_review")
    coordinator = ctx.make_user("coordinator")
    transition(
        actor=coordinator,
        process=ctx.data["draft"],
        action="return",
        comment="Bitte die Zielgruppen ergänzen.",
    )


def _newest_process_page() -> str:
    from sqlalchemy import select

    from participation.extensions import db
    from participation.projects.models import Process

    slug = db.session.scalar(select(Process.slug).order_by(Process.id.desc()).limit(1))
    db.session.rollback()
    return f"/verfahren/{slug}"


def _council_page(ctx) -> str:
    return f"/verwaltung/verfahren/{ctx.data['draft'].slug}/rat"


def _linked_draft(ctx):
    """A draft with one council paper linked, for the form that removes it."""
    from participation.council.services import link_paper

    _draft(ctx)
    link_paper(actor=ctx.make_user("coordinator"), process=ctx.data["draft"], reference="1234/2026")


PROCESS_FORM = {
    "title": "Neuer Quartiersplatz",
    "summary": "Wie soll der Platz aussehen?",
    "district": "10",
    "action_field": "wohnen",
    "scope_for_influence": "Gestaltung",
    "use_of_results": "Bericht an den Bezirksrat",
    "phase_dialogue_starts_on": "2026-11-01",
    "phase_dialogue_ends_on": "2026-12-15",
    "council_documents": "1234/2026",
    "links": "Plan | https://example.org/plan.pdf",
    "image_alt": "Skizze des Platzes",
}


def _process_image(ctx) -> dict[str, tuple[bytes, str, str]]:
    """A valid image with every submission, so the alt text is stored and shown."""
    from tests.projects.images import image_bytes

    return {"image": (image_bytes("PNG"), "skizze.png", "image/png")}


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
        repeatable=True,
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
        "privacy.request_export",
        lambda ctx: "/konto/daten",
        role="resident",
        show=lambda ctx: [("self", "/konto/daten")],
    ),
    Scenario(
        "deletion.delete_account",
        lambda ctx: "/konto/loeschen",
        lambda ctx: {"password": PASSWORD, "delete_contributions": "y"},
        role="resident",
        show=lambda ctx: [(None, "/")],
    ),
    Scenario(
        "security.second_factor",
        lambda ctx: "/anmelden/code",
        lambda ctx: {"code": _current_code(ctx)},
        setup=_with_authenticator,
        client_setup=_password_step,
    ),
    Scenario(
        "security.sign_in_link",
        lambda ctx: f"/anmelden/link/{ctx.data['token']}",
        setup=_sign_in_link,
    ),
    Scenario(
        "security.reauthenticate",
        lambda ctx: "/konto/bestaetigen?next=/konto",
        lambda ctx: {"password": PASSWORD},
        role="resident",
        repeatable=True,
    ),
    Scenario(
        "security.end_session",
        lambda ctx: "/konto/sitzungen",
        role="setup",
        setup=_second_session,
    ),
    Scenario("security.two_factor_start", lambda ctx: "/konto/zwei-faktor", role="resident"),
    Scenario(
        "security.two_factor_confirm",
        lambda ctx: "/konto/zwei-faktor",
        lambda ctx: {"code": _current_code(ctx)},
        role="setup",
        setup=lambda ctx: _with_authenticator(ctx, confirmed=False),
    ),
    Scenario(
        "admin.grant",
        _account_page,
        lambda ctx: {"role": "district_manager", "district": "10", "organisation": ""},
        role="admin",
        setup=_account_to_administer,
        show=lambda ctx: [("admin", _account_page(ctx))],
    ),
    Scenario("admin.revoke", _account_page, role="admin", setup=_account_to_administer),
    Scenario(
        "admin.block",
        _account_page,
        lambda ctx: {"duration": "7", "reason": ADMIN_REASON},
        role="admin",
        setup=_account_to_administer,
        show=lambda ctx: [("admin", _account_page(ctx))],
    ),
    Scenario(
        "admin.unblock",
        _account_page,
        role="admin",
        setup=lambda ctx: _account_to_administer(ctx, blocked=True),
    ),
    Scenario(
        "admin.reset_two_factor",
        _account_page,
        lambda ctx: {"reason": ADMIN_REASON},
        role="admin",
        setup=lambda ctx: _account_to_administer(ctx, authenticator=True),
        show=lambda ctx: [("admin", _account_page(ctx))],
    ),
    Scenario(
        "admin.delete",
        _account_page,
        lambda ctx: {"reason": ADMIN_REASON},
        role="admin",
        setup=_account_to_administer,
    ),
    *(
        Scenario(
            f"security.{endpoint}",
            lambda ctx: "/konto/zwei-faktor",
            role="setup",
            setup=_with_authenticator,
        )
        for endpoint in ("recovery_codes", "two_factor_disable")
    ),
    Scenario(
        "security.passkey_remove",
        lambda ctx: "/konto/zwei-faktor",
        role="setup",
        setup=_with_passkey,
    ),
    Scenario(
        "security.passkey_options",
        lambda ctx: "/konto/zwei-faktor",
        role="resident",
        post_path=lambda ctx: "/konto/zwei-faktor/passkey/optionen",
        json=True,
    ),
    Scenario(
        "security.passkey_add",
        lambda ctx: "/konto/zwei-faktor",
        lambda ctx: {"name": "YubiKey", "credential": {}},
        role="resident",
        post_path=lambda ctx: "/konto/zwei-faktor/passkey",
        json=True,
    ),
    *(
        Scenario(
            f"security.{endpoint}",
            lambda ctx: "/anmelden/code",
            valid,
            setup=_with_passkey,
            client_setup=_password_step,
            post_path=lambda ctx, path=path: path,
            json=True,
        )
        for endpoint, path, valid in (
            ("sign_in_passkey_options", "/anmelden/passkey/optionen", lambda ctx: {}),
            ("sign_in_passkey", "/anmelden/passkey", lambda ctx: {"credential": {}}),
        )
    ),
    *(
        Scenario(
            f"security.{endpoint}",
            lambda ctx: "/konto/bestaetigen?next=/konto",
            valid,
            role="setup",
            setup=_with_passkey,
            post_path=lambda ctx, path=path: path,
            json=True,
        )
        for endpoint, path, valid in (
            ("reauth_passkey_options", "/konto/bestaetigen/passkey/optionen", lambda ctx: {}),
            (
                "reauth_passkey",
                "/konto/bestaetigen/passkey",
                lambda ctx: {"password": PASSWORD, "credential": {}, "next": "/konto"},
            ),
        )
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
        "evaluation.feedback",
        lambda ctx: "/rueckmeldung?adresse=/verfahren",
        lambda ctx: {
            "task": "Ein Verfahren in meinem Bezirk finden",
            "outcome": "teilweise",
            "rating": "4",
            "comment": "Die Suche könnte besser sein.",
        },
        show=lambda ctx: [("coordinator", "/verwaltung/auswertung")],
        repeatable=True,
    ),
    Scenario(
        "features_admin.switch",
        lambda ctx: "/verwaltung/module",
        lambda ctx: {"state": "aus"},
        role="admin",
        post_path=lambda ctx: "/verwaltung/module/network",
        show=lambda ctx: [(None, "/"), ("admin", "/verwaltung/module")],
        repeatable=True,
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
        repeatable=True,
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
        files=_process_image,
        # A district manager may draft one process after another on the same form.
        repeatable=True,
    ),
    Scenario(
        "projects_staff.edit",
        lambda ctx: f"/verwaltung/verfahren/{ctx.data['draft'].slug}/bearbeiten",
        lambda ctx: {**PROCESS_FORM, "title": f"Geänderter Platz {ctx.n}"},
        role="district_manager",
        setup=_draft,
        show=lambda ctx: [("self", f"/verfahren/{ctx.data['draft'].slug}")],
        files=_process_image,
        repeatable=True,
    ),
    Scenario(
        "council_staff.papers",
        _council_page,
        lambda ctx: {"reference": "1234/2026"},
        role="district_manager",
        setup=_draft,
        show=lambda ctx: [("self", _council_page(ctx))],
        repeatable=True,
    ),
    Scenario(
        "council_staff.unlink",
        _council_page,
        role="district_manager",
        setup=_linked_draft,
        show=lambda ctx: [("self", _council_page(ctx))],
    ),
    # One scenario per lifecycle step, each on a process in the step's source status, as
    # the role that takes it (coordination.lifecycle.TRANSITIONS).
    *(
        Scenario(
            "coordination.step",
            lambda ctx: f"/verwaltung/verfahren/{ctx.data['draft'].slug}/ablauf",
            valid,
            role=role,
            setup=setup,
            post_path=lambda ctx, segment=segment: (
                f"/verwaltung/verfahren/{ctx.data['draft'].slug}/{segment}"
            ),
            show=lambda ctx: [
                ("self", f"/verwaltung/verfahren/{ctx.data['draft'].slug}/ablauf"),
                (None, f"/verfahren/{ctx.data['draft'].slug}"),
            ],
        )
        for segment, _source, role, setup, valid in (
            ("einreichen", "draft", "district_manager", _draft, lambda ctx: {}),
            (
                "zurueckgeben",
                "in_review",
                "coordinator",
                lambda ctx: _draft(ctx, "in_review"),
                lambda ctx: {"return-comment": "Die Grenzen sind noch unklar."},
            ),
            ("ueberarbeiten", "returned", "district_manager", _returned, lambda ctx: {}),
            (
                "freigeben",
                "in_review",
                "coordinator",
                lambda ctx: _draft(ctx, "in_review"),
                lambda ctx: _ticked_checklist(),
            ),
            (
                "veroeffentlichen",
                "approved",
                "coordinator",
                lambda ctx: _draft(ctx, "approved"),
                lambda ctx: {},
            ),
            (
                "abschliessen",
                "published",
                "coordinator",
                lambda ctx: _draft(ctx, "published"),
                lambda ctx: {},
            ),
        )
    ),
]


# --- the dialogue: proposals, comments, supports, ratings -----------------------------------


def _shared(ctx, name: str, make):
    """One object per app (one per test): the cases of a test share the process they post
    to, so each case costs only its own request, not a new process."""
    cache = ctx.app.extensions.setdefault("harness_shared", {})
    if name not in cache:
        cache[name] = make()
    return cache[name]


def _dialogue(ctx, *, shared: bool = True, pre_moderation: bool = False):
    """A published process in its dialogue phase, with proposal categories. Shared by the
    cases of a test unless the scenario shows pages whose shape depends on how much the
    process holds (counts, pagination)."""
    from datetime import timedelta

    from participation.coordination.services import advance_to
    from participation.extensions import db
    from participation.projects import services
    from participation.projects.models import Process

    def make():
        coordinator = ctx.make_user("coordinator")
        today = local_today()
        process = services.create_process(
            actor=coordinator,
            title=f"Dialog {ctx.n}",
            summary="Kurz",
            action_field_slug="wohnen",
            district_code="10",
            scope_for_influence="Gestaltung",
            use_of_results="Der Bezirksrat entscheidet.",
            constraints="Der Ort steht fest.",
            feedback_due=today + timedelta(days=60),
            contact_person="Frau Beispiel",
            contact_email="beteiligung@example.org",
            categories=("Grün", "Verkehr"),
            pre_moderation=pre_moderation,
            phases=(
                services.PhaseInput(
                    "dialogue", today - timedelta(days=5), today + timedelta(days=20)
                ),
            ),
        )
        advance_to(actor=coordinator, process=process, status="published")
        return process.id

    key = "premoderated" if pre_moderation else "process"
    process_id = _shared(ctx, key, make) if shared else make()
    process = db.session.get(Process, process_id)
    ctx.data["process"] = process
    return process


def _proposal(ctx, *, by_actor: bool = False):
    from participation.proposals.services import submit_proposal

    process = _dialogue(ctx)
    author = ctx.make_user("resident") if by_actor else _other_resident(ctx)
    if by_actor:
        ctx.data["actor"] = author
    ctx.data["proposal"] = submit_proposal(
        actor=author, process=process, title="Ein Vorschlag hier", body="Mit einer Begründung."
    )


def _comment(ctx, *, by_actor: bool = False):
    from participation.comments.services import post_comment

    _proposal(ctx)
    author = ctx.make_user("resident") if by_actor else _other_resident(ctx)
    if by_actor:
        ctx.data["actor"] = author
    # On the case's own proposal: its thread holds only this case's comments.
    ctx.data["comment"] = post_comment(
        actor=author,
        process=ctx.data["process"],
        proposal=ctx.data["proposal"],
        body="Ein Kommentar zum Thema.",
    )


def _other_resident(ctx):
    from participation.accounts.models import User
    from participation.extensions import db

    return db.session.get(User, _shared(ctx, "resident", lambda: ctx.make_user("resident").id))


def _supported(ctx):
    from participation.votes.services import support

    _proposal(ctx)
    supporter = ctx.make_user("resident")
    ctx.data["actor"] = supporter
    support(actor=supporter, proposal=ctx.data["proposal"])


def _process_path(ctx, suffix: str = "") -> str:
    return f"/verfahren/{ctx.data['process'].slug}{suffix}"


def _newest_proposal_page() -> str:
    from sqlalchemy import select

    from participation.extensions import db
    from participation.proposals.models import Proposal

    proposal_id = db.session.scalar(select(Proposal.id).order_by(Proposal.id.desc()).limit(1))
    db.session.rollback()
    return f"/vorschlaege/{proposal_id}"


PROPOSAL_FORM = {
    "title": "Mehr Bäume in der Limmerstraße",
    "body": "Im Sommer ist es dort zu heiß.",
    "place": "Limmerstraße",
}

SCENARIOS += [
    Scenario(
        "proposals.new",
        lambda ctx: _process_path(ctx, "/vorschlaege/neu"),
        lambda ctx: PROPOSAL_FORM,
        role="resident",
        setup=lambda ctx: _dialogue(ctx, shared=False),
        show=lambda ctx: [
            (None, _newest_proposal_page()),
            (None, _process_path(ctx, "/vorschlaege")),
        ],
    ),
    Scenario(
        "proposals.edit",
        lambda ctx: f"/vorschlaege/{ctx.data['proposal'].id}/bearbeiten",
        lambda ctx: PROPOSAL_FORM,
        role="setup",
        setup=lambda ctx: _proposal(ctx, by_actor=True),
        show=lambda ctx: [(None, f"/vorschlaege/{ctx.data['proposal'].id}")],
        repeatable=True,
    ),
    Scenario(
        "proposals.withdraw",
        lambda ctx: f"/vorschlaege/{ctx.data['proposal'].id}",
        role="setup",
        setup=lambda ctx: _proposal(ctx, by_actor=True),
    ),
    Scenario(
        "comments.discussion",
        lambda ctx: _process_path(ctx, "/diskussion"),
        lambda ctx: {"body": "Wann beginnt der Umbau?"},
        role="resident",
        setup=lambda ctx: _dialogue(ctx, shared=False),
        show=lambda ctx: [(None, _process_path(ctx, "/diskussion"))],
    ),
    Scenario(
        "comments.comment_proposal",
        lambda ctx: f"/vorschlaege/{ctx.data['proposal'].id}",
        lambda ctx: {"body": "Gute Idee!"},
        role="resident",
        setup=_proposal,
        show=lambda ctx: [(None, f"/vorschlaege/{ctx.data['proposal'].id}")],
    ),
    Scenario(
        "comments.reply",
        lambda ctx: f"/kommentare/{ctx.data['comment'].id}/antworten",
        lambda ctx: {"antwort-body": "Sehe ich auch so."},
        role="resident",
        setup=_comment,
        show=lambda ctx: [(None, f"/vorschlaege/{ctx.data['proposal'].id}")],
    ),
    Scenario(
        "comments.edit",
        lambda ctx: f"/kommentare/{ctx.data['comment'].id}/bearbeiten",
        lambda ctx: {"body": "Besser formuliert."},
        role="setup",
        setup=lambda ctx: _comment(ctx, by_actor=True),
        show=lambda ctx: [(None, f"/vorschlaege/{ctx.data['proposal'].id}")],
        repeatable=True,
    ),
    Scenario(
        "comments.delete",
        lambda ctx: f"/vorschlaege/{ctx.data['proposal'].id}",
        role="setup",
        setup=lambda ctx: _comment(ctx, by_actor=True),
        post_path=lambda ctx: f"/kommentare/{ctx.data['comment'].id}/loeschen",
    ),
    Scenario(
        "votes.support",
        lambda ctx: f"/vorschlaege/{ctx.data['proposal'].id}",
        role="resident",
        setup=_proposal,
        show=lambda ctx: [(None, f"/vorschlaege/{ctx.data['proposal'].id}")],
    ),
    Scenario(
        "votes.withdraw_support",
        lambda ctx: f"/vorschlaege/{ctx.data['proposal'].id}",
        role="setup",
        setup=_supported,
    ),
    Scenario(
        "votes.rate",
        lambda ctx: f"/vorschlaege/{ctx.data['proposal'].id}",
        lambda ctx: {"wert": "hilfreich"},
        role="resident",
        setup=_comment,
        post_path=lambda ctx: f"/kommentare/{ctx.data['comment'].id}/bewerten",
    ),
]

SCENARIOS += [
    Scenario(
        "moderation.report_proposal",
        lambda ctx: f"/vorschlaege/{ctx.data['proposal'].id}/melden",
        lambda ctx: {"reason": "insult", "note": "Bitte prüfen."},
        role="resident",
        setup=_proposal,
    ),
    Scenario(
        "moderation.report_comment",
        lambda ctx: f"/kommentare/{ctx.data['comment'].id}/melden",
        lambda ctx: {"reason": "spam", "note": "Doppelt."},
        role="resident",
        setup=_comment,
    ),
]


# --- moderation: the coordination office moderates every process ------------------------


def _item(kind: str, ctx) -> str:
    item = ctx.data["proposal" if kind == "vorschlaege" else "comment"]
    return f"/verwaltung/moderation/{kind}/{item.id}"


def _moderator(ctx):
    return _shared(ctx, "moderator", lambda: ctx.make_user("coordinator").id)


def _as_moderator(ctx):
    from participation.accounts.models import User
    from participation.extensions import db

    return db.session.get(User, _moderator(ctx))


def _pending_comment(ctx):
    from participation.comments.services import post_comment

    process = _dialogue(ctx, pre_moderation=True)
    ctx.data["comment"] = post_comment(
        actor=_other_resident(ctx), process=process, body="Wartet auf die Freigabe."
    )


def _hidden_comment(ctx, *, by_actor: bool = False):
    from participation.moderation import services

    _comment(ctx, by_actor=by_actor)
    services.hide(
        actor=_as_moderator(ctx),
        target=services.target_of(comment_id=ctx.data["comment"].id),
        reason="insult",
        explanation="Verstößt gegen die Netiquette.",
    )


def _hidden_proposal(ctx):
    from participation.moderation import services

    _proposal(ctx, by_actor=True)
    services.hide(
        actor=_as_moderator(ctx),
        target=services.target_of(proposal_id=ctx.data["proposal"].id),
        reason="advertising",
        explanation="Werbung gehört nicht hierher.",
    )


def _reported_comment(ctx):
    from participation.moderation import services

    _comment(ctx)
    services.report(
        actor=ctx.make_user("resident"),
        target=services.target_of(comment_id=ctx.data["comment"].id),
        reason="spam",
    )


def _locked_comment(ctx):
    from participation.moderation import services

    _comment(ctx)
    services.set_thread_locked(
        actor=_as_moderator(ctx),
        target=services.target_of(comment_id=ctx.data["comment"].id),
        locked=True,
    )


def _closed_proposal(ctx):
    from participation.moderation import services

    _proposal(ctx)
    services.set_comments_closed(
        actor=_as_moderator(ctx),
        target=services.target_of(proposal_id=ctx.data["proposal"].id),
        closed=True,
    )


def _blocked_author(ctx):
    from participation.moderation import services

    _comment(ctx, by_actor=True)  # a fresh author, so blocking them stops no other case
    services.block_author(
        actor=_as_moderator(ctx),
        target=services.target_of(comment_id=ctx.data["comment"].id),
        days=7,
        reason="Wiederholt beleidigend.",
    )


def _appealed_comment(ctx):
    from participation.moderation import services

    _hidden_comment(ctx, by_actor=True)
    services.appeal(
        actor=ctx.data["actor"],
        target=services.target_of(comment_id=ctx.data["comment"].id),
        text="Das war nicht so gemeint.",
    )


def _moderation(endpoint, kind, action, setup, valid=lambda ctx: {}, show=None):
    """A moderation form on the item's page, posted by a coordinator (not the one who acted
    in the setup, so appeals may be decided)."""
    return Scenario(
        f"moderation_staff.{endpoint}",
        lambda ctx: _item(kind, ctx),
        valid,
        role="coordinator",
        setup=setup,
        post_path=lambda ctx: f"{_item(kind, ctx)}/{action}",
        show=show or (lambda ctx: [("coordinator", _item(kind, ctx))]),
    )


def _prefixed(kind: str, values: dict):
    def valid(ctx):
        item = ctx.data["proposal" if kind == "vorschlaege" else "comment"]
        return {f"{kind[0]}{item.id}-{name}": value for name, value in values.items()}

    return valid


_HIDE = {"reason": "insult", "explanation": "Verstößt gegen die Netiquette."}
SCENARIOS += [
    _moderation(
        "hide",
        "kommentare",
        "ausblenden",
        _comment,
        _prefixed("kommentare", _HIDE),
        show=lambda ctx: [
            ("coordinator", _item("kommentare", ctx)),
            (None, f"/vorschlaege/{ctx.data['proposal'].id}"),
        ],
    ),
    _moderation(
        "reject", "kommentare", "ablehnen", _pending_comment, _prefixed("kommentare", _HIDE)
    ),
    _moderation("approve", "kommentare", "freigeben", _pending_comment),
    _moderation("restore", "kommentare", "wiederherstellen", _hidden_comment),
    _moderation("dismiss", "kommentare", "meldungen-verwerfen", _reported_comment),
    _moderation("lock_thread", "kommentare", "faden-sperren", _comment),
    _moderation("unlock_thread", "kommentare", "faden-oeffnen", _locked_comment),
    _moderation("close_comments", "vorschlaege", "kommentare-schliessen", _proposal),
    _moderation("open_comments", "vorschlaege", "kommentare-oeffnen", _closed_proposal),
    _moderation(
        "block",
        "kommentare",
        "sperren",
        lambda ctx: _comment(ctx, by_actor=True),
        _prefixed("kommentare", {"duration": "7", "block_reason": "Wiederholt beleidigend."}),
    ),
    _moderation("unblock", "kommentare", "sperre-aufheben", _blocked_author),
    _moderation(
        "add_note", "kommentare", "notizen", _comment, _prefixed("kommentare", {"text": "Notiz."})
    ),
    _moderation(
        "decide_appeal",
        "kommentare",
        "einspruch-entscheiden",
        _appealed_comment,
        _prefixed("kommentare", {"decision": "upheld", "explanation": "Bleibt ausgeblendet."}),
    ),
    Scenario(
        "moderation.appeal_comment",
        lambda ctx: f"/kommentare/{ctx.data['comment'].id}/einspruch",
        lambda ctx: {"text": "Das war nicht so gemeint."},
        role="setup",
        setup=lambda ctx: _hidden_comment(ctx, by_actor=True),
        show=lambda ctx: [("self", f"/kommentare/{ctx.data['comment'].id}/einspruch")],
    ),
    Scenario(
        "moderation.appeal_proposal",
        lambda ctx: f"/vorschlaege/{ctx.data['proposal'].id}/einspruch",
        lambda ctx: {"text": "Das war keine Werbung."},
        role="setup",
        setup=_hidden_proposal,
        show=lambda ctx: [("self", f"/vorschlaege/{ctx.data['proposal'].id}/einspruch")],
    ),
]


# --- the Vorhabenliste: following a planned process ------------------------------------------


def _planned(ctx, *, following: bool = False):
    """An approved process, not open yet, shared by the cases of a test; with `following`,
    the case's own resident already follows it."""

    def make():
        _draft(ctx, "approved")
        return ctx.data["draft"].id

    from participation.extensions import db
    from participation.projects.models import Process

    process = db.session.get(Process, _shared(ctx, "planned", make))
    ctx.data["planned"] = process
    if following:
        from participation.follows.services import follow

        ctx.data["actor"] = ctx.make_user("resident")
        follow(actor=ctx.data["actor"], process=process)


SCENARIOS += [
    Scenario(
        "follows.follow",
        lambda ctx: "/vorhabenliste",
        role="resident",
        setup=_planned,
        post_path=lambda ctx: f"/vorhabenliste/{ctx.data['planned'].slug}/folgen",
        show=lambda ctx: [("self", "/vorhabenliste")],
    ),
    Scenario(
        "follows.unfollow",
        lambda ctx: "/vorhabenliste",
        role="setup",
        setup=lambda ctx: _planned(ctx, following=True),
        post_path=lambda ctx: f"/vorhabenliste/{ctx.data['planned'].slug}/nicht-mehr-folgen",
        show=lambda ctx: [("self", "/vorhabenliste")],
    ),
]


# --- official responses and who gives them ---------------------------------------------------


def _answer_due() -> str:
    from datetime import timedelta

    return (local_today() + timedelta(days=30)).isoformat()


def _answerable(ctx, *, assigned: bool = False, team: bool = False):
    """A proposal of the shared district-10 process, and a manager of that district who
    may be given it."""
    from participation.accounts.models import User
    from participation.answers import services
    from participation.extensions import db

    _proposal(ctx)
    manager_id = _shared(
        ctx, "manager10", lambda: ctx.make_user("district_manager", district="10").id
    )
    ctx.data["manager"] = manager = db.session.get(User, manager_id)
    office = ctx.make_user("coordinator")
    if assigned:
        services.assign_proposal(actor=office, proposal=ctx.data["proposal"], assignee=manager)
    if team:
        services.assign_process(actor=office, process=ctx.data["process"], assignee=manager)


def _answer_page(ctx) -> str:
    return f"/verwaltung/antworten/{ctx.data['proposal'].id}"


def _team_page(ctx) -> str:
    return f"/verwaltung/verfahren/{ctx.data['process'].slug}/zustaendigkeiten"


SCENARIOS += [
    Scenario(
        "answers.answer",
        _answer_page,
        lambda ctx: {
            "status": "partly_accepted",
            "text": "Ein Teil wird im nächsten Jahr umgesetzt.",
            "duplicate_of": "",
        },
        role="coordinator",
        setup=_answerable,
        show=lambda ctx: [(None, f"/vorschlaege/{ctx.data['proposal'].id}")],
        repeatable=True,
    ),
    Scenario(
        "answers.assign",
        _answer_page,
        lambda ctx: {"assignee": str(ctx.data["manager"].id), "due_on": _answer_due()},
        role="coordinator",
        setup=_answerable,
        post_path=lambda ctx: f"{_answer_page(ctx)}/zuweisen",
        show=lambda ctx: [("self", _answer_page(ctx))],
    ),
    Scenario(
        "answers.unassign",
        _answer_page,
        role="coordinator",
        setup=lambda ctx: _answerable(ctx, assigned=True),
        post_path=lambda ctx: f"{_answer_page(ctx)}/zuweisung-aufheben",
        show=lambda ctx: [("self", _answer_page(ctx))],
    ),
    Scenario(
        "answers.team",
        _team_page,
        lambda ctx: {"assignee": str(ctx.data["manager"].id), "due_on": _answer_due()},
        role="coordinator",
        setup=_answerable,
        show=lambda ctx: [("self", _team_page(ctx))],
    ),
    Scenario(
        "answers.remove_from_team",
        _team_page,
        role="coordinator",
        setup=lambda ctx: _answerable(ctx, team=True),
        post_path=lambda ctx: f"{_team_page(ctx)}/{ctx.data['manager'].id}/entfernen",
        show=lambda ctx: [("self", _team_page(ctx))],
    ),
]


# --- the results report -------------------------------------------------------------------


def _closed(ctx, *, written: bool = False, shared: bool = False):
    """A closed process of district 10 with one answered proposal; `written`: its report
    has a summary, ready to publish. `shared`: one per test, for forms that do not move the
    process on."""
    from participation.answers.services import answer
    from participation.coordination.services import advance_to
    from participation.extensions import db
    from participation.projects.models import Process
    from participation.proposals.services import submit_proposal
    from participation.results.services import save

    def make():
        process = _dialogue(ctx, shared=False)
        proposal = submit_proposal(
            actor=_other_resident(ctx), process=process, title="Mehr Bänke", body="Zum Ausruhen."
        )
        coordinator = ctx.make_user("coordinator")
        answer(
            actor=coordinator,
            proposal=proposal,
            status="accepted",
            text="Das setzen wir im Frühjahr um.",
        )
        advance_to(actor=coordinator, process=process, status="closed")
        if written:
            save(
                actor=coordinator,
                process=process,
                summary="Die Beteiligten wünschen sich mehr Grün und mehr Bänke am Platz.",
                next_steps="",
            )
        return process.id

    process_id = _shared(ctx, "closed", make) if shared else make()
    ctx.data["process"] = db.session.get(Process, process_id)


def _report_page(ctx) -> str:
    return f"/verwaltung/verfahren/{ctx.data['process'].slug}/ergebnisbericht"


SCENARIOS += [
    Scenario(
        "results.compose",
        _report_page,
        lambda ctx: {
            "summary": "Die Beteiligten wünschen sich mehr Grün und mehr Bänke am Platz.",
            "next_steps": "Der Bezirksrat berät im Mai.",
        },
        role="coordinator",
        setup=lambda ctx: _closed(ctx, shared=True),
        show=lambda ctx: [("self", f"/verfahren/{ctx.data['process'].slug}/ergebnisse")],
        repeatable=True,
    ),
    Scenario(
        "results.publish",
        _report_page,
        role="coordinator",
        setup=lambda ctx: _closed(ctx, written=True),
        post_path=lambda ctx: f"{_report_page(ctx)}/veroeffentlichen",
        show=lambda ctx: [(None, f"/verfahren/{ctx.data['process'].slug}/ergebnisse")],
    ),
]


# --- the network: partner organisations ------------------------------------------------------


def _agreement(ctx):
    """The current agreement, one per test."""
    from participation.partners.agreement import current_agreement, publish_agreement
    from tests.partners.factories import AGREEMENT_TEXT

    _shared(
        ctx,
        "agreement",
        lambda: (
            publish_agreement(
                actor=ctx.make_user("coordinator"), title="Vereinbarung", text=AGREEMENT_TEXT
            ).id
        ),
    )
    return current_agreement()


def _partner(ctx, *, status: str = "active", signed: bool = True, seal: bool = False):
    """An organisation of its own for this case, written directly (the services are tested
    elsewhere); its contact is the case's actor."""
    from participation.core.clock import utcnow
    from participation.extensions import db
    from participation.partners.models import AgreementSignature, PartnerOrganisation

    current = _agreement(ctx)
    organisation = PartnerOrganisation(
        slug=f"partner-{ctx.n}", name=f"Partner {ctx.n}", kind="initiative", status=status
    )
    db.session.add(organisation)
    db.session.commit()
    contact = ctx.make_user("partner_member", organisation=organisation.slug)
    organisation.contact_id = contact.id
    if signed:
        db.session.add(
            AgreementSignature(
                organisation_id=organisation.id,
                agreement_id=current.id,
                signer_id=contact.id,
                signer_name="Erika Muster",
                signed_at=utcnow(),
            )
        )
    if seal:
        organisation.seal_granted_at = utcnow()
    db.session.commit()
    ctx.data.update(partner=organisation, actor=contact)


def _shared_partner(ctx):
    """One active partner per test, for forms that can be sent again and again."""
    from participation.accounts.models import User
    from participation.extensions import db
    from participation.partners.models import PartnerOrganisation

    def make():
        _partner(ctx)
        return ctx.data["partner"].id, ctx.data["actor"].id

    organisation_id, contact_id = _shared(ctx, "partner", make)
    ctx.data.update(
        partner=db.session.get(PartnerOrganisation, organisation_id),
        actor=db.session.get(User, contact_id),
    )


def _manage(ctx) -> str:
    return f"/netzwerk/partner/{ctx.data['partner'].slug}/verwalten"


def _office_page(ctx) -> str:
    return f"/verwaltung/netzwerk/partner/{ctx.data['partner'].slug}"


def _invited(ctx):
    from participation.partners import invitations

    _shared_partner(ctx)
    contact = ctx.data["actor"]
    email = f"eingeladen{ctx.n}@example.org"
    ctx.data["token"] = invitations.invite(
        actor=contact, organisation=ctx.data["partner"], email=email
    )
    ctx.data["invitation"] = invitations.open_invitations(ctx.data["partner"])[-1]
    ctx.data["invitee"] = ctx.make_user("resident", email=email)


def _with_member(ctx):
    _shared_partner(ctx)
    ctx.data["member"] = ctx.make_user("partner_member", organisation=ctx.data["partner"].slug)


def _applied_org_of(ctx) -> str:
    from sqlalchemy import select

    from participation.extensions import db
    from participation.partners.models import PartnerOrganisation

    return db.session.scalar(
        select(PartnerOrganisation.slug)
        .where(PartnerOrganisation.contact_id == ctx.data["actor"].id)
        .order_by(PartnerOrganisation.id.desc())
        .limit(1)
    )


SCENARIOS += [
    Scenario(
        "partners.apply",
        lambda ctx: "/netzwerk/mitmachen",
        lambda ctx: {
            "name": f"Verein {ctx.n}",
            "kind": "initiative",
            "description": "Wir sind im Stadtteil aktiv.",
            "signer_name": "Erika Muster",
            "accept": "y",
        },
        role="resident",
        setup=_agreement,
        show=lambda ctx: [
            ("self", f"/netzwerk/partner/{_applied_org_of(ctx)}"),
            ("coordinator", "/verwaltung/netzwerk/partner"),
        ],
    ),
    Scenario(
        "partners.manage",
        _manage,
        lambda ctx: {"name": f"Partner {ctx.n}", "kind": "media", "website": "https://x.example"},
        role="setup",
        setup=_shared_partner,
        show=lambda ctx: [
            (None, f"/netzwerk/partner/{ctx.data['partner'].slug}"),
            (None, "/netzwerk/partner"),
        ],
        repeatable=True,
    ),
    Scenario(
        "partners.sign",
        _manage,
        lambda ctx: {"signer_name": "Erika Muster", "accept": "y"},
        role="setup",
        setup=lambda ctx: _partner(ctx, signed=False),
        post_path=lambda ctx: f"/netzwerk/partner/{ctx.data['partner'].slug}/unterzeichnen",
        show=lambda ctx: [("self", _manage(ctx))],
    ),
    Scenario(
        "partners.invite",
        _manage,
        lambda ctx: {"email": f"neu{ctx.n}@example.org"},
        role="setup",
        setup=_shared_partner,
        post_path=lambda ctx: f"/netzwerk/partner/{ctx.data['partner'].slug}/einladen",
        show=lambda ctx: [("self", _manage(ctx))],
    ),
    Scenario(
        "partners.withdraw_invitation",
        _manage,
        role="setup",
        setup=_invited,
        post_path=lambda ctx: (
            f"/netzwerk/partner/{ctx.data['partner'].slug}/einladungen/"
            f"{ctx.data['invitation'].id}/zurueckziehen"
        ),
        show=lambda ctx: [("self", _manage(ctx))],
    ),
    Scenario(
        "partners.remove_member",
        _manage,
        role="setup",
        setup=_with_member,
        post_path=lambda ctx: (
            f"/netzwerk/partner/{ctx.data['partner'].slug}/mitglieder/"
            f"{ctx.data['member'].id}/entfernen"
        ),
        show=lambda ctx: [("self", _manage(ctx))],
    ),
    Scenario(
        "partners.hand_over",
        _manage,
        lambda ctx: {"kontakt-member": str(ctx.data["member"].id)},
        role="setup",
        setup=lambda ctx: (
            _partner(ctx),
            ctx.data.update(
                member=ctx.make_user("partner_member", organisation=ctx.data["partner"].slug)
            ),
        ),
        post_path=lambda ctx: f"/netzwerk/partner/{ctx.data['partner'].slug}/kontaktperson",
        show=lambda ctx: [("self", _manage(ctx))],
    ),
    Scenario(
        "partners.leave",
        _manage,
        role="setup",
        setup=_partner,
        post_path=lambda ctx: f"/netzwerk/partner/{ctx.data['partner'].slug}/austreten",
        show=lambda ctx: [("self", _manage(ctx))],
    ),
    Scenario(
        "partners.invitation",
        lambda ctx: f"/netzwerk/einladung/{ctx.data['token']}",
        role="setup",
        setup=lambda ctx: (_invited(ctx), ctx.data.update(actor=ctx.data["invitee"])),
        show=lambda ctx: [("self", _manage(ctx))],
    ),
    Scenario(
        "partners_staff.confirm",
        _office_page,
        role="coordinator",
        setup=lambda ctx: _partner(ctx, status="applied"),
        post_path=lambda ctx: f"{_office_page(ctx)}/bestaetigen",
        show=lambda ctx: [(None, f"/netzwerk/partner/{ctx.data['partner'].slug}")],
    ),
    Scenario(
        "partners_staff.decline",
        _office_page,
        lambda ctx: {"reason": "Die Organisation arbeitet nicht in der Stadt."},
        role="coordinator",
        setup=lambda ctx: _partner(ctx, status="applied"),
        post_path=lambda ctx: f"{_office_page(ctx)}/ablehnen",
        show=lambda ctx: [("self", _office_page(ctx))],
    ),
    Scenario(
        "partners_staff.grant_seal",
        _office_page,
        lambda ctx: {"note": "Vorbildliche Beteiligungsarbeit."},
        role="coordinator",
        setup=_partner,
        post_path=lambda ctx: f"{_office_page(ctx)}/guetesiegel",
        show=lambda ctx: [(None, f"/netzwerk/partner/{ctx.data['partner'].slug}")],
    ),
    Scenario(
        "partners_staff.withdraw_seal",
        _office_page,
        role="coordinator",
        setup=lambda ctx: _partner(ctx, seal=True),
        post_path=lambda ctx: f"{_office_page(ctx)}/guetesiegel-entziehen",
        show=lambda ctx: [("self", _office_page(ctx))],
    ),
    Scenario(
        "partners_staff.coordinating",
        _office_page,
        role="coordinator",
        setup=_partner,
        post_path=lambda ctx: f"{_office_page(ctx)}/koordinierend",
        show=lambda ctx: [(None, "/netzwerk/sprecherinnengruppe")],
    ),
    Scenario(
        "partners_staff.agreement_versions",
        lambda ctx: "/verwaltung/netzwerk/vereinbarung",
        lambda ctx: {
            "title": "Kooperationsvereinbarung",
            "text": ("Die Partner arbeiten zusammen. " * 3).strip(),
        },
        role="coordinator",
        setup=_agreement,
        show=lambda ctx: [(None, "/netzwerk/vereinbarung"), (None, "/netzwerk")],
    ),
]


# --- the network: contributions of partner organisations -------------------------------------


def _event_form() -> dict:
    from datetime import timedelta

    return {
        "title": "Stadtteilspaziergang",
        "body": "Wir gehen gemeinsam die geplante Route ab.",
        "starts_at": f"{local_today() + timedelta(days=30)}T18:00",
        "place": "Treffpunkt Küchengarten",
        "accessibility": "Stufenlos erreichbar.",
        "registration": "portal",
        "capacity": "20",
        "external_url": "",
    }


def _contribution(ctx, kind: str = "event"):
    """A published contribution of the test's shared partner, written by its contact."""
    from datetime import timedelta

    from participation.contributions import services
    from participation.contributions.services import ContributionInput
    from participation.core.clock import utcnow

    _shared_partner(ctx)
    data = ContributionInput(
        title=f"Beitrag {ctx.n}",
        body="Wir gehen gemeinsam die geplante Route ab.",
        starts_at=utcnow() + timedelta(days=30),
        place="Küchengarten",
        registration="portal",
        capacity=20,
    )
    if kind == "statement":
        data = ContributionInput(
            title=f"Stellungnahme {ctx.n}",
            body="Wir begrüßen den Umbau und bitten um breitere Wege.",
            process_ids=[_dialogue(ctx).id],
        )
    ctx.data["contribution"] = services.publish(
        actor=ctx.data["actor"], organisation=ctx.data["partner"], kind=kind, data=data
    )


def _registered(ctx):
    from participation.contributions.registrations import register

    _contribution(ctx)
    ctx.data["actor"] = ctx.make_user("resident")
    register(actor=ctx.data["actor"], event=ctx.data["contribution"])


def _newest_contribution_page() -> str:
    from sqlalchemy import func, select

    from participation.contributions.models import Contribution
    from participation.extensions import db

    return f"/netzwerk/beitraege/{db.session.scalar(select(func.max(Contribution.id)))}"


def _item_page(ctx) -> str:
    return f"/netzwerk/beitraege/{ctx.data['contribution'].id}"


SCENARIOS += [
    Scenario(
        "contributions.new",
        lambda ctx: f"/netzwerk/partner/{ctx.data['partner'].slug}/beitraege/neu/veranstaltung",
        lambda ctx: _event_form(),
        role="setup",
        setup=_shared_partner,
        show=lambda ctx: [(None, _newest_contribution_page())],
        repeatable=True,
    ),
    Scenario(
        "contributions.edit",
        lambda ctx: f"{_item_page(ctx)}/bearbeiten",
        lambda ctx: _event_form(),
        role="setup",
        setup=_contribution,
        show=lambda ctx: [(None, _item_page(ctx))],
        repeatable=True,
    ),
    Scenario(
        "contributions.withdraw",
        _item_page,
        role="setup",
        setup=_contribution,
        post_path=lambda ctx: f"{_item_page(ctx)}/zurueckziehen",
        show=lambda ctx: [("self", _item_page(ctx))],
    ),
    Scenario(
        "contributions.register",
        _item_page,
        role="resident",
        setup=_contribution,
        post_path=lambda ctx: f"{_item_page(ctx)}/anmelden",
        show=lambda ctx: [("self", _item_page(ctx))],
    ),
    Scenario(
        "contributions.cancel",
        _item_page,
        role="setup",
        setup=_registered,
        post_path=lambda ctx: f"{_item_page(ctx)}/abmelden",
        show=lambda ctx: [("self", _item_page(ctx))],
    ),
    Scenario(
        "contributions.comment",
        _item_page,
        lambda ctx: {"body": "Danke für die klare Stellungnahme."},
        role="resident",
        setup=lambda ctx: _contribution(ctx, "statement"),
        show=lambda ctx: [(None, _item_page(ctx))],
    ),
]


# --- network items in the moderation: reported by residents, moderated by the office ---------


def _network_item(ctx) -> str:
    return f"/verwaltung/moderation/netzwerk/beitraege/{ctx.data['contribution'].id}"


def _reportable_contribution(ctx):
    """One contribution per test: every case reports it as a fresh resident."""
    from participation.contributions.models import Contribution
    from participation.extensions import db

    def make():
        _contribution(ctx, "offer")
        return ctx.data["contribution"].id

    ctx.data["contribution"] = db.session.get(
        Contribution, _shared(ctx, "reported-contribution", make)
    )


def _hidden_contribution(ctx):
    from participation.moderation import subject_services

    _contribution(ctx)
    subject_services.hide(
        actor=_office_actor(ctx),
        item=subject_services.item_of("beitraege", ctx.data["contribution"].id),
        reason="advertising",
        explanation="Werbung gehört nicht hierher.",
    )


def _reported_contribution(ctx):
    from participation.moderation import subject_services

    _contribution(ctx)
    subject_services.report(
        actor=ctx.make_user("resident"),
        item=subject_services.item_of("beitraege", ctx.data["contribution"].id),
        reason="spam",
    )


def _network_hide_form(ctx) -> dict:
    prefix = f"beitraege-{ctx.data['contribution'].id}"
    return {f"{prefix}-reason": "advertising", f"{prefix}-explanation": "Werbung für ein Geschäft."}


SCENARIOS += [
    Scenario(
        "moderation_network.report",
        lambda ctx: f"/melden/beitraege/{ctx.data['contribution'].id}",
        lambda ctx: {"reason": "advertising", "note": "Bitte prüfen."},
        role="resident",
        setup=_reportable_contribution,
    ),
    Scenario(
        "moderation_network.hide",
        _network_item,
        _network_hide_form,
        role="coordinator",
        setup=_contribution,
        post_path=lambda ctx: f"{_network_item(ctx)}/ausblenden",
        show=lambda ctx: [(None, _item_page(ctx)), ("coordinator", _network_item(ctx))],
    ),
    Scenario(
        "moderation_network.restore",
        _network_item,
        role="coordinator",
        setup=_hidden_contribution,
        post_path=lambda ctx: f"{_network_item(ctx)}/wiederherstellen",
    ),
    Scenario(
        "moderation_network.dismiss",
        _network_item,
        role="coordinator",
        setup=_reported_contribution,
        post_path=lambda ctx: f"{_network_item(ctx)}/meldungen-verwerfen",
    ),
]


# --- the network's governance ----------------------------------------------------------------


def _office_actor(ctx):
    from participation.accounts.models import User
    from participation.extensions import db

    return db.session.get(User, _shared(ctx, "office", lambda: ctx.make_user("coordinator").id))


def _meeting_form(ctx) -> dict:
    from datetime import timedelta

    return {
        "title": f"Netzwerktreffen {ctx.n}",
        "starts_at": f"{local_today() + timedelta(days=20)}T18:00",
        "place": "Rathaus, Hodlersaal",
        "agenda": "- Begrüßung\n- Arbeitsprogramm",
        "minutes": "",
    }


def _meeting(ctx):
    from datetime import timedelta

    from participation.core.clock import utcnow
    from participation.network import meetings

    ctx.data["meeting"] = meetings.save_meeting(
        actor=_office_actor(ctx),
        title=f"Treffen {ctx.n}",
        starts_at=utcnow() - timedelta(days=1),
        place="Rathaus",
    )


def _group(ctx):
    from participation.extensions import db
    from participation.network import groups
    from participation.network.models import WorkingGroup

    group_id = _shared(
        ctx,
        "group",
        lambda: groups.save_group(actor=_office_actor(ctx), title="AG Barrierefreiheit").id,
    )
    ctx.data["group"] = db.session.get(WorkingGroup, group_id)


def _programme_item(ctx):
    from participation.network import meetings

    _shared_partner(ctx)
    ctx.data["item"] = meetings.add_item(
        actor=_office_actor(ctx),
        year=local_today().year,
        title=f"Vorhaben {ctx.n}",
        responsible_ids=[ctx.data["partner"].id],
    )


def _election(ctx, *, stage: str):
    """An election in the given stage: nominating, voting (with one nomination) or
    counting; the case's actor is the contact of an active partner."""
    from datetime import timedelta

    from participation.core.clock import utcnow
    from participation.network import elections
    from participation.network.models import SpeakerElection

    _partner(ctx)
    office = _office_actor(ctx)
    now = utcnow()
    if stage == "nominating":
        ctx.data["election"] = elections.create(
            actor=office,
            nominations_close_at=now + timedelta(days=7),
            voting_close_at=now + timedelta(days=14),
            term_starts_on=(now + timedelta(days=30)).date(),
        )
        return
    election = SpeakerElection(
        seats=3,
        nominations_close_at=now - timedelta(days=2),
        voting_close_at=now + (timedelta(days=7) if stage == "voting" else -timedelta(days=1)),
        term_starts_on=(now + timedelta(days=30)).date(),
        term_ends_on=(now + timedelta(days=760)).date(),
    )
    from participation.extensions import db
    from participation.network.models import Nomination

    db.session.add(election)
    db.session.flush()
    db.session.add(Nomination(election_id=election.id, organisation_id=ctx.data["partner"].id))
    db.session.commit()
    ctx.data["election"] = election


def _election_page(ctx) -> str:
    return f"/netzwerk/wahlen/{ctx.data['election'].id}"


def _staff_group_page(ctx) -> str:
    return f"/verwaltung/netzwerk/arbeitsgruppen/{ctx.data['group'].slug}"


SCENARIOS += [
    Scenario(
        "network_staff.meeting_list",
        lambda ctx: "/verwaltung/netzwerk/treffen",
        _meeting_form,
        role="coordinator",
        show=lambda ctx: [(None, "/netzwerk/treffen")],
        repeatable=True,
    ),
    Scenario(
        "network_staff.meeting",
        lambda ctx: f"/verwaltung/netzwerk/treffen/{ctx.data['meeting'].id}",
        lambda ctx: {**_meeting_form(ctx), "minutes": "Beschlossen: das Arbeitsprogramm."},
        role="coordinator",
        setup=_meeting,
        show=lambda ctx: [(None, f"/netzwerk/treffen/{ctx.data['meeting'].id}")],
        repeatable=True,
    ),
    Scenario(
        "network_staff.programme",
        lambda ctx: "/verwaltung/netzwerk/arbeitsprogramm",
        lambda ctx: {"title": f"Vorhaben {ctx.n}", "description": "Gemeinsam mit der Stadt."},
        role="coordinator",
        show=lambda ctx: [("self", "/verwaltung/netzwerk/arbeitsprogramm")],
        repeatable=True,
    ),
    Scenario(
        "network_staff.adopt",
        lambda ctx: "/verwaltung/netzwerk/arbeitsprogramm",
        role="coordinator",
        setup=lambda ctx: (_meeting(ctx), _programme_next_year(ctx)),
        post_path=lambda ctx: "/verwaltung/netzwerk/arbeitsprogramm/beschliessen",
    ),
    Scenario(
        "network_staff.group_list",
        lambda ctx: "/verwaltung/netzwerk/arbeitsgruppen",
        lambda ctx: {"title": f"AG {ctx.n}", "description": "Wir arbeiten zusammen."},
        role="coordinator",
        show=lambda ctx: [(None, "/netzwerk/arbeitsgruppen")],
        repeatable=True,
    ),
    Scenario(
        "network_staff.group",
        _staff_group_page,
        lambda ctx: {"title": "AG Barrierefreiheit", "description": "Wir prüfen Verfahren."},
        role="coordinator",
        setup=_group,
        show=lambda ctx: [(None, f"/netzwerk/arbeitsgruppen/{ctx.data['group'].slug}")],
        repeatable=True,
    ),
    Scenario(
        "network_staff.add_document",
        _staff_group_page,
        lambda ctx: {"dokument-title": "Leitfaden", "dokument-url": "https://example.org/a.pdf"},
        role="coordinator",
        setup=_group,
        post_path=lambda ctx: f"{_staff_group_page(ctx)}/dokumente",
        show=lambda ctx: [(None, f"/netzwerk/arbeitsgruppen/{ctx.data['group'].slug}")],
        repeatable=True,
    ),
    Scenario(
        "network_staff.group_meeting",
        _staff_group_page,
        lambda ctx: {f"treffen-{k}": v for k, v in _meeting_form(ctx).items()},
        role="coordinator",
        setup=_group,
        post_path=lambda ctx: f"{_staff_group_page(ctx)}/treffen",
        show=lambda ctx: [(None, f"/netzwerk/arbeitsgruppen/{ctx.data['group'].slug}")],
        repeatable=True,
    ),
    Scenario(
        "network_staff.election_list",
        lambda ctx: "/verwaltung/netzwerk/wahlen",
        lambda ctx: _election_dates(),
        role="coordinator",
        show=lambda ctx: [(None, "/netzwerk/sprecherinnengruppe")],
    ),
    Scenario(
        "network_staff.count",
        _election_page,
        role="coordinator",
        setup=lambda ctx: _election(ctx, stage="counting"),
        post_path=lambda ctx: f"/verwaltung/netzwerk/wahlen/{ctx.data['election'].id}/auszaehlen",
        show=lambda ctx: [(None, _election_page(ctx))],
    ),
    Scenario(
        "network.nominate",
        _election_page,
        role="setup",
        setup=lambda ctx: _election(ctx, stage="nominating"),
        post_path=lambda ctx: f"{_election_page(ctx)}/kandidieren",
        show=lambda ctx: [(None, _election_page(ctx))],
    ),
    Scenario(
        "network.vote",
        _election_page,
        lambda ctx: {"choices": str(ctx.data["election"].nominations[0].id)},
        role="setup",
        setup=lambda ctx: _election(ctx, stage="voting"),
        post_path=lambda ctx: f"{_election_page(ctx)}/abstimmen",
        show=lambda ctx: [(None, _election_page(ctx))],
    ),
    Scenario(
        "network.item_status",
        lambda ctx: "/netzwerk/arbeitsprogramm",
        lambda ctx: {f"i{ctx.data['item'].id}-status": "done"},
        role="setup",
        setup=_programme_item,
        post_path=lambda ctx: f"/netzwerk/arbeitsprogramm/punkte/{ctx.data['item'].id}/stand",
        show=lambda ctx: [(None, "/netzwerk/arbeitsprogramm")],
        repeatable=True,
    ),
]


def _programme_next_year(ctx):
    from participation.network import meetings

    meetings.add_item(actor=_office_actor(ctx), year=local_today().year + 1, title="Werkstatt")


def _election_dates() -> dict:
    from datetime import timedelta

    today = local_today()
    return {
        "nominations_close_at": f"{today + timedelta(days=7)}T12:00",
        "voting_close_at": f"{today + timedelta(days=14)}T12:00",
        "term_starts_on": str(today + timedelta(days=30)),
    }


# --- following and the information loop (notifications) --------------------------------------


def _following(ctx, kind: str, *, following: bool = False):
    """A shared item to follow (a public process, a proposal, a partner organisation or a
    working group); with `following`, the case's own resident already follows it."""
    from participation.follows.services import follow

    if kind == "process":
        item = _dialogue(ctx)
    elif kind == "proposal":
        from participation.extensions import db
        from participation.proposals.models import Proposal

        def make():
            _proposal(ctx)
            return ctx.data["proposal"].id

        item = db.session.get(Proposal, _shared(ctx, "followed-proposal", make))
    elif kind == "organisation":
        _shared_partner(ctx)
        item = ctx.data["partner"]
    else:
        _group(ctx)
        item = ctx.data["group"]
    ctx.data["followed"] = item
    if following:
        ctx.data["actor"] = ctx.make_user("resident")
        follow(actor=ctx.data["actor"], item=item)


_FOLLOW_PAGES = {
    "process": lambda item: f"/verfahren/{item.slug}",
    "proposal": lambda item: f"/vorschlaege/{item.id}",
    "organisation": lambda item: f"/netzwerk/partner/{item.slug}",
    "group": lambda item: f"/netzwerk/arbeitsgruppen/{item.slug}",
}


def _follow_scenarios() -> list[Scenario]:
    scenarios = []
    for kind, page in _FOLLOW_PAGES.items():
        for on in (True, False):
            verb = "follow" if on else "unfollow"
            scenarios.append(
                Scenario(
                    f"follows.{verb}_{kind}",
                    lambda ctx, page=page: page(ctx.data["followed"]),
                    role="resident" if on else "setup",
                    setup=lambda ctx, kind=kind, on=on: _following(ctx, kind, following=not on),
                    show=lambda ctx, page=page: [("self", page(ctx.data["followed"]))],
                    repeatable=True,
                )
            )
    return scenarios


def _notified(ctx, *, paused: bool = False):
    """The case's resident with one unread notification (a reply to their comment)."""
    from participation.comments.services import post_comment

    _comment(ctx, by_actor=True)
    post_comment(
        actor=_other_resident(ctx),
        process=ctx.data["process"],
        proposal=ctx.data["proposal"],
        parent=ctx.data["comment"],
        body="Eine Antwort darauf.",
    )
    if paused:
        from participation.extensions import db
        from participation.mail.pausing import pause_address

        pause_address(ctx.data["actor"].email, "550 mailbox unavailable")
        db.session.commit()


def _mail_link(ctx, purpose: str):
    from participation.notifications.delivery import link_token

    user = _new_user(ctx)
    ctx.data["token"] = link_token(purpose, user.id, 1)


def _interest(ctx):
    from participation.notifications import interests

    ctx.data["actor"] = ctx.make_user("resident")
    interests.save(actor=ctx.data["actor"], data=interests.InterestInput(area="10"))


SCENARIOS += _follow_scenarios() + [
    Scenario(
        "notifications.mark_read",
        lambda ctx: "/konto/benachrichtigungen",
        role="setup",
        setup=_notified,
        show=lambda ctx: [("self", "/konto/benachrichtigungen")],
    ),
    Scenario(
        "notifications.mark_all_read",
        lambda ctx: "/konto/benachrichtigungen",
        role="setup",
        setup=_notified,
        show=lambda ctx: [("self", "/konto/benachrichtigungen")],
        repeatable=True,
    ),
    Scenario(
        "notifications.preferences",
        lambda ctx: "/konto/benachrichtigungen/einstellungen",
        role="resident",
        show=lambda ctx: [("self", "/konto/benachrichtigungen/einstellungen")],
        repeatable=True,
    ),
    Scenario(
        "notifications.resume_mail",
        lambda ctx: "/konto/benachrichtigungen/einstellungen",
        role="setup",
        setup=lambda ctx: _notified(ctx, paused=True),
    ),
    Scenario(
        "notifications.unsubscribe",
        lambda ctx: f"/benachrichtigungen/abmelden/{ctx.data['token']}",
        setup=lambda ctx: _mail_link(ctx, "notification-unsubscribe"),
    ),
    Scenario(
        "notifications.preferences_by_link",
        lambda ctx: f"/benachrichtigungen/einstellungen/{ctx.data['token']}",
        setup=lambda ctx: _mail_link(ctx, "notification-preferences"),
    ),
    Scenario(
        "notifications.interests_view",
        lambda ctx: "/konto/interessen",
        lambda ctx: {"area": "10", "keywords": "Spielplatz, Radweg"},
        role="resident",
        show=lambda ctx: [("self", "/konto/interessen")],
    ),
    Scenario(
        "notifications.remove_interest",
        lambda ctx: "/konto/interessen",
        role="setup",
        setup=_interest,
    ),
    Scenario(
        "notifications.quick_interest",
        lambda ctx: "/bezirke/10",
        role="resident",
        show=lambda ctx: [("self", "/konto/interessen")],
    ),
]


# --- newsletters --------------------------------------------------------------------------


def _newsletter_draft(ctx, *, scheduled: bool = False):
    """A draft issue of the office (its own per case: sending or scheduling ends a draft)."""
    from datetime import timedelta

    from participation.core.clock import utcnow
    from participation.newsletters import issues

    office = _as_moderator(ctx)
    ctx.data["issue"] = issues.save_issue(
        actor=office,
        data=issues.IssueInput(list_name="office", subject="Ausgabe", body_markdown="Text"),
    )
    if scheduled:
        issues.schedule(actor=office, issue=ctx.data["issue"], at=utcnow() + timedelta(days=1))


def _in_a_month() -> str:
    from datetime import timedelta

    return f"{local_today() + timedelta(days=30)}T09:30"


def _newsletter_page(ctx, suffix: str = "") -> str:
    return f"/verwaltung/newsletter/{ctx.data['issue'].id}{suffix}"


def _newest_issue_page() -> str:
    from sqlalchemy import select

    from participation.extensions import db
    from participation.newsletters.models import NewsletterIssue

    issue_id = db.session.scalar(
        select(NewsletterIssue.id).order_by(NewsletterIssue.id.desc()).limit(1)
    )
    db.session.rollback()
    return f"/verwaltung/newsletter/{issue_id}"


def _newsletter_request(ctx):
    from participation.newsletters import services

    email = f"leserin{ctx.n}@example.org"
    services.subscribe(actor=None, email=email, choice=services.Choice(("office",)))
    ctx.data["token"] = _token_from_mail(ctx, email, "/newsletter/bestaetigen/")


def _newsletter_subscriber(ctx):
    from participation.extensions import db
    from participation.newsletters import links
    from participation.newsletters.models import NewsletterSubscriber

    subscriber = NewsletterSubscriber(
        email=f"abonnentin{ctx.n}@example.org",
        email_key=f"abonnentin{ctx.n}@example.org",
        status="confirmed",
        wants_office=True,
        token_version=1,
    )
    db.session.add(subscriber)
    db.session.commit()
    ctx.data["token"] = links.unsubscribe_token(subscriber.id, 1)


NEWSLETTER_FORM = {
    "list_name": "office",
    "subject": "Neues aus der Beteiligung",
    "body_markdown": "## Termine\n\nAm **Montag** tagt der Bezirksrat.",
    "audiences": "residents",
    "districts": "10",
}

SCENARIOS += [
    Scenario(
        "newsletters.subscribe",
        lambda ctx: "/newsletter",
        lambda ctx: {"email": f"leser{ctx.n}@example.org", "districts": "10"},
    ),
    Scenario(
        "newsletters.confirm",
        lambda ctx: f"/newsletter/bestaetigen/{ctx.data['token']}",
        setup=_newsletter_request,
    ),
    Scenario(
        "newsletters.unsubscribe",
        lambda ctx: f"/newsletter/abmelden/{ctx.data['token']}",
        setup=_newsletter_subscriber,
    ),
    Scenario(
        "newsletters_staff.new",
        lambda ctx: "/verwaltung/newsletter/neu",
        lambda ctx: NEWSLETTER_FORM,
        role="coordinator",
        show=lambda ctx: [("self", _newest_issue_page())],
    ),
    Scenario(
        "newsletters_staff.edit",
        lambda ctx: _newsletter_page(ctx, "/bearbeiten"),
        lambda ctx: {**NEWSLETTER_FORM, "subject": f"Ausgabe {ctx.n}"},
        role="coordinator",
        setup=_newsletter_draft,
        show=lambda ctx: [("self", _newsletter_page(ctx))],
        repeatable=True,
    ),
    *(
        Scenario(
            f"newsletters_staff.{endpoint}",
            _newsletter_page,
            valid,
            role="coordinator",
            setup=lambda ctx, scheduled=scheduled: _newsletter_draft(ctx, scheduled=scheduled),
            post_path=lambda ctx, segment=segment: _newsletter_page(ctx, segment),
            show=lambda ctx: [("self", _newsletter_page(ctx))],
        )
        for endpoint, segment, scheduled, valid in (
            ("test_send", "/testversand", False, lambda ctx: {}),
            ("send", "/senden", False, lambda ctx: {}),
            ("cancel", "/planung-aufheben", True, lambda ctx: {}),
            (
                "schedule",
                "/planen",
                False,
                lambda ctx: {"scheduled_at": _in_a_month()},
            ),
        )
    ),
]


# --- qualification: trainings of the coordination office -----------------------------------


def _training(ctx, *, shared: bool = True, past: bool = False, draft: bool = False):
    """A training of the office (open for e-mail registration): upcoming, or held three
    days ago; shared by the cases of a test unless a case changes its state."""
    from participation.extensions import db
    from participation.qualification.models import Training
    from tests.qualification.factories import dates_text, in_days, training

    def make():
        office = ctx.make_user("coordinator")
        return training(
            office,
            publish=not draft,
            open_registration=True,
            dates=dates_text(in_days(-3 if past else 20)),
        ).id

    key = "training-past" if past else "training"
    training_id = _shared(ctx, key, make) if shared and not draft else make()
    ctx.data["training"] = db.session.get(Training, training_id)
    return ctx.data["training"]


def _training_page(ctx, suffix: str = "") -> str:
    return f"/qualifizierung/{ctx.data['training'].id}{suffix}"


def _training_office_page(ctx, suffix: str = "") -> str:
    return f"/verwaltung/qualifizierung/{ctx.data['training'].id}{suffix}"


def _newest_training_page() -> str:
    from sqlalchemy import func, select

    from participation.extensions import db
    from participation.qualification.models import Training

    training_id = db.session.scalar(select(func.max(Training.id)))
    db.session.rollback()
    return f"/verwaltung/qualifizierung/{training_id}"


def _training_registered(ctx):
    from participation.qualification import registrations

    _training(ctx)
    ctx.data["actor"] = ctx.make_user("resident")
    registrations.register(actor=ctx.data["actor"], training=ctx.data["training"])


def _training_requested(ctx, *, confirmed: bool = False):
    """An e-mail registration: requested (the confirmation link in ctx.data["token"]), or
    confirmed (then the cancellation link)."""
    from participation.qualification import registrations

    _training(ctx)
    email = f"gast{ctx.n}@example.org"
    registrations.register_by_email(training=ctx.data["training"], email=email, name="Gast")
    ctx.data["token"] = _token_from_mail(ctx, email, "/qualifizierung/anmeldung/")
    if confirmed:
        registrations.confirm(token=ctx.data["token"])
        ctx.data["token"] = _token_from_mail(ctx, email, "/qualifizierung/abmeldung/")


def _training_attendee(ctx, *, by_mail: bool = False):
    """Someone who attended the training held three days ago: an account (the case's actor)
    or an address with its signed feedback link."""
    from participation.core.clock import utcnow
    from participation.extensions import db
    from participation.newsletters.links import make_link_token
    from participation.qualification.models import TrainingRegistration
    from participation.qualification.registrations import FEEDBACK, link_claims

    training = _training(ctx, past=True)
    values = {"email": f"dabei{ctx.n}@example.org", "email_key": f"dabei{ctx.n}@example.org"}
    if not by_mail:
        ctx.data["actor"] = ctx.make_user("resident")
        values = {"user_id": ctx.data["actor"].id}
    registration = TrainingRegistration(
        training_id=training.id,
        status="confirmed",
        attended=True,
        name="Dabei",
        created_at=utcnow(),
        **values,
    )
    db.session.add(registration)
    db.session.commit()
    ctx.data["registration"] = registration
    ctx.data["token"] = make_link_token(FEEDBACK, link_claims(registration))


TRAINING_FORM = {
    "kind": "workshop",
    "title": "Werkstatt Beteiligungsformate",
    "description": "Wir probieren Formate aus und tauschen Erfahrungen aus.",
    "audiences": "partners",
    "format": "hybrid",
    "place": "Stadtteilzentrum Linden",
    "accessibility": "Stufenlos, Induktionsschleife.",
    "online_url": "https://konferenz.example.org/werkstatt",
    "dates": "2031-03-04 09:00-12:30\n2031-03-11 09:00-12:30",
    "capacity": "12",
    "registration_deadline": "2031-03-01T12:00",
    "speaker": "Koordinierungsstelle",
    "materials": "[Handreichung](https://example.org/handreichung.pdf)",
    "topic": "formate",
    "open_registration": "y",
}
FEEDBACK_FORM = {"usefulness": "4", "organisation": "5", "comment": "Gut **erklärt**."}

SCENARIOS += [
    Scenario(
        "qualification.register",
        _training_page,
        role="resident",
        setup=_training,
        post_path=lambda ctx: _training_page(ctx, "/anmelden"),
        show=lambda ctx: [("self", _training_page(ctx))],
    ),
    Scenario(
        "qualification.cancel",
        _training_page,
        role="setup",
        setup=_training_registered,
        post_path=lambda ctx: _training_page(ctx, "/abmelden"),
        show=lambda ctx: [("self", _training_page(ctx))],
    ),
    Scenario(
        "qualification.register_by_email",
        _training_page,
        lambda ctx: {"name": "Gerda Gast", "email": f"gerda{ctx.n}@example.org"},
        setup=_training,
        show=lambda ctx: [(None, _training_page(ctx)), ("coordinator", _training_office_page(ctx))],
        repeatable=True,
    ),
    Scenario(
        "qualification.confirm",
        lambda ctx: f"/qualifizierung/anmeldung/{ctx.data['token']}",
        setup=_training_requested,
    ),
    Scenario(
        "qualification.cancel_by_link",
        lambda ctx: f"/qualifizierung/abmeldung/{ctx.data['token']}",
        setup=lambda ctx: _training_requested(ctx, confirmed=True),
    ),
    Scenario(
        "qualification.feedback",
        lambda ctx: _training_page(ctx, "/rueckmeldung"),
        lambda ctx: FEEDBACK_FORM,
        role="setup",
        setup=_training_attendee,
        show=lambda ctx: [
            ("self", _training_page(ctx, "/rueckmeldung")),
            ("coordinator", _training_office_page(ctx)),
        ],
        repeatable=True,
    ),
    Scenario(
        "qualification.feedback_by_link",
        lambda ctx: f"/qualifizierung/rueckmeldung/{ctx.data['token']}",
        lambda ctx: FEEDBACK_FORM,
        setup=lambda ctx: _training_attendee(ctx, by_mail=True),
        show=lambda ctx: [("coordinator", _training_office_page(ctx))],
        repeatable=True,
    ),
    Scenario(
        "qualification.certificate",
        _training_page,
        lambda ctx: {"name": "Anna Amsel"},
        role="setup",
        setup=_training_attendee,
        post_path=lambda ctx: _training_page(ctx, "/bescheinigung"),
        show=lambda ctx: [("self", _training_page(ctx))],
    ),
    Scenario(
        "qualification.certificate_by_link",
        lambda ctx: f"/qualifizierung/rueckmeldung/{ctx.data['token']}",
        lambda ctx: {"name": "Gabi Gast"},
        setup=lambda ctx: _training_attendee(ctx, by_mail=True),
        post_path=lambda ctx: f"/qualifizierung/rueckmeldung/{ctx.data['token']}/bescheinigung",
        show=lambda ctx: [(None, f"/qualifizierung/rueckmeldung/{ctx.data['token']}")],
    ),
    Scenario(
        "qualification_staff.new",
        lambda ctx: "/verwaltung/qualifizierung/neu",
        lambda ctx: TRAINING_FORM,
        role="coordinator",
        show=lambda ctx: [("self", _newest_training_page())],
        repeatable=True,
    ),
    Scenario(
        "qualification_staff.edit",
        lambda ctx: _training_office_page(ctx, "/bearbeiten"),
        lambda ctx: TRAINING_FORM,
        role="coordinator",
        setup=lambda ctx: _training(ctx, draft=True),
        show=lambda ctx: [("self", _training_office_page(ctx))],
        repeatable=True,
    ),
    Scenario(
        "qualification_staff.publish",
        _training_office_page,
        role="coordinator",
        setup=lambda ctx: _training(ctx, draft=True),
        post_path=lambda ctx: _training_office_page(ctx, "/veroeffentlichen"),
        show=lambda ctx: [(None, _training_page(ctx))],
    ),
    Scenario(
        "qualification_staff.cancel",
        _training_office_page,
        role="coordinator",
        setup=lambda ctx: _training(ctx, shared=False),
        post_path=lambda ctx: _training_office_page(ctx, "/absagen"),
        show=lambda ctx: [(None, _training_page(ctx))],
    ),
    Scenario(
        "qualification_staff.record_attendance",
        _training_office_page,
        lambda ctx: {"attended": str(ctx.data["registration"].id)},
        role="coordinator",
        setup=_training_attendee,
        post_path=lambda ctx: _training_office_page(ctx, "/anwesenheit"),
        show=lambda ctx: [("self", _training_office_page(ctx))],
        repeatable=True,
    ),
]


# --- work aids ----------------------------------------------------------------------------


def _work_aid(ctx, *, kind: str = "checklist"):
    """A public work aid of the office (a checklist with items unless `kind` says else)."""
    from participation.workaids import library

    office = _as_moderator(ctx)
    ctx.data["aid"] = library.create_work_aid(
        actor=office,
        data=library.WorkAidInput(
            title=f"Arbeitshilfe {ctx.n}",
            kind=kind,
            items=("Früh informieren", "Spielraum klären") if kind == "checklist" else (),
        ),
        version=library.VersionInput(body_markdown="Erste Fassung"),
    )


def _checklist_ready(ctx, *, attached: bool = False):
    """A draft of district 10 and a checklist template; attached to it if asked."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.workaids import checklists
    from participation.workaids.models import WorkAid

    _draft(ctx)
    # One template for every case, so the page looks the same after each setup (an older
    # case's template would add the form that attaches it).
    ctx.data["aid"] = db.session.scalar(select(WorkAid).where(WorkAid.kind == "checklist"))
    if ctx.data["aid"] is None:
        _work_aid(ctx)
    if attached:
        checklist = checklists.attach(
            actor=_as_moderator(ctx), process=ctx.data["draft"], work_aid_id=ctx.data["aid"].id
        )
        ctx.data["item"] = checklist.items[0]


def _newest_work_aid_page() -> str:
    from sqlalchemy import select

    from participation.extensions import db
    from participation.workaids.models import WorkAid

    slug = db.session.scalar(select(WorkAid.slug).order_by(WorkAid.id.desc()).limit(1))
    db.session.rollback()
    return f"/arbeitshilfen/{slug}"


def _checklists_page(ctx) -> str:
    return f"/verwaltung/verfahren/{ctx.data['draft'].slug}/checklisten"


def _work_aid_pdf(ctx) -> dict[str, tuple[bytes, str, str]]:
    """A real PDF with every new version, so the note is stored and shown."""
    from tests.workaids.files import pdf_bytes

    return {"document": (pdf_bytes(), "fassung.pdf", "application/pdf")}


WORK_AID_FORM = {
    "title": "Leitfaden Beteiligung",
    "summary": "Wie ein Dialog gelingt.",
    "kind": "checklist",
    "items": "Früh informieren\nSpielraum klären",
    "audiences": "district_managers",
    "phases": "dialogue",
    "is_public": "y",
    "body_markdown": "## Schritte\n\nErst **planen**.",
    "note": "Erste Fassung",
}

SCENARIOS += [
    Scenario(
        "workaids_staff.new",
        lambda ctx: "/verwaltung/arbeitshilfen/neu",
        lambda ctx: {**WORK_AID_FORM, "title": f"Leitfaden {ctx.n}"},
        role="coordinator",
        show=lambda ctx: [(None, _newest_work_aid_page()), ("self", "/verwaltung/arbeitshilfen")],
        repeatable=True,
    ),
    Scenario(
        "workaids_staff.edit",
        lambda ctx: f"/verwaltung/arbeitshilfen/{ctx.data['aid'].slug}/bearbeiten",
        lambda ctx: {k: v for k, v in WORK_AID_FORM.items() if k not in ("body_markdown", "note")},
        role="coordinator",
        setup=_work_aid,
        show=lambda ctx: [(None, f"/arbeitshilfen/{ctx.data['aid'].slug}")],
        repeatable=True,
    ),
    Scenario(
        "workaids_staff.new_version",
        lambda ctx: f"/verwaltung/arbeitshilfen/{ctx.data['aid'].slug}/neue-fassung",
        lambda ctx: {"note": "Überarbeitet"},
        role="coordinator",
        setup=_work_aid,
        show=lambda ctx: [
            (None, f"/arbeitshilfen/{ctx.data['aid'].slug}"),
            (None, f"/arbeitshilfen/{ctx.data['aid'].slug}/fassungen/1"),
        ],
        files=_work_aid_pdf,
        repeatable=True,
    ),
    Scenario(
        "workaids_staff.attach",
        _checklists_page,
        lambda ctx: {"work_aid": str(ctx.data["aid"].id)},
        role="district_manager",
        setup=_checklist_ready,
        show=lambda ctx: [("self", _checklists_page(ctx))],
    ),
    Scenario(
        "workaids_staff.tick",
        _checklists_page,
        lambda ctx: {f"punkt{ctx.data['item'].id}-note": "Aushang hängt."},
        role="district_manager",
        setup=lambda ctx: _checklist_ready(ctx, attached=True),
        post_path=lambda ctx: f"{_checklists_page(ctx)}/punkte/{ctx.data['item'].id}",
        show=lambda ctx: [
            ("self", _checklists_page(ctx)),
            ("self", f"/verwaltung/verfahren/{ctx.data['draft'].slug}/ablauf"),
        ],
        repeatable=True,
    ),
]

# --- practice examples ----------------------------------------------------------------------


def _practice_example(ctx, *, published: bool = False):
    """An example of the office (its own per case: publishing changes its state)."""
    from participation.practice import services

    office = _as_moderator(ctx)
    example = services.create(
        actor=office,
        data=services.ExampleInput(
            title=f"Praxisbeispiel {ctx.n}", summary="Kurz gesagt.", format="workshop"
        ),
    )
    if published:
        services.publish(actor=office, example=example)
    ctx.data["example"] = example


def _practice_page(ctx, suffix: str = "/bearbeiten") -> str:
    return f"/verwaltung/praxisbeispiele/{ctx.data['example'].id}{suffix}"


def _newest_example_page() -> str:
    from sqlalchemy import select

    from participation.extensions import db
    from participation.practice.models import PracticeExample

    slug = db.session.scalar(
        select(PracticeExample.slug).order_by(PracticeExample.id.desc()).limit(1)
    )
    db.session.rollback()
    return f"/praxisbeispiele/{slug}"


def _reported(ctx):
    """A process of district 10 whose results report is published."""
    from participation.results.services import publish

    _closed(ctx, written=True)
    publish(actor=_as_moderator(ctx), process=ctx.data["process"])


def practice_export(ctx) -> bytes:
    """A valid export of another portal, with one example."""
    import json

    return json.dumps(
        {
            "format": "praxisbeispiele",
            "version": 1,
            "publisher": {
                "portal": "Andere",
                "municipality": "Stadt Beispiel",
                "url": "https://x.example",
            },
            "examples": [
                {
                    "id": f"e-{ctx.n}",
                    "title": "Importiertes Beispiel",
                    "format": "survey",
                    "scope": "city",
                    "texts": {"worked": "Viel"},
                    "figures": {"participants": 10},
                }
            ],
        }
    ).encode()


PRACTICE_FORM = {
    "title": "Werkstatt am Markt",
    "summary": "Zwei Abende mit Anwohner*innen.",
    "format": "workshop",
    "format_other": "",
    "scope": "district",
    "district": "10",
    "place": "",
    "action_fields": "wohnen",
    "target_groups": "neighbours",
    "description": "Ablauf",
    "results": "Ergebnisse",
    "worked": "**Gut**",
    "not_worked": "Wenig Zeit",
    "staff_days": "3",
    "budget_euros": "1200",
    "duration_weeks": "2",
    "resources": "Zwei Mitarbeitende",
    "participants": "40",
    "proposals": "12",
    "comments": "30",
    "answers": "12",
    "contact": "Stadtbezirksmanagement",
    "contact_email": "sbm@example.org",
    "source": "portal",
    "source_name": "",
    "source_url": "",
}

SCENARIOS += [
    Scenario(
        "practice_staff.new",
        lambda ctx: "/verwaltung/praxisbeispiele/neu",
        lambda ctx: PRACTICE_FORM,
        role="coordinator",
        show=lambda ctx: [("self", _newest_example_page())],
        repeatable=True,
    ),
    Scenario(
        "practice_staff.edit",
        _practice_page,
        lambda ctx: {**PRACTICE_FORM, "title": f"Werkstatt {ctx.n}"},
        role="setup",
        setup=lambda ctx: (_practice_example(ctx), ctx.data.update(actor=_as_moderator(ctx))),
        show=lambda ctx: [("self", f"/praxisbeispiele/{ctx.data['example'].slug}")],
        repeatable=True,
    ),
    Scenario(
        "practice_staff.publish",
        _practice_page,
        role="setup",
        setup=lambda ctx: (_practice_example(ctx), ctx.data.update(actor=_as_moderator(ctx))),
        post_path=lambda ctx: _practice_page(ctx, "/veroeffentlichen"),
        show=lambda ctx: [(None, f"/praxisbeispiele/{ctx.data['example'].slug}")],
    ),
    Scenario(
        "practice_staff.unpublish",
        _practice_page,
        role="setup",
        setup=lambda ctx: (
            _practice_example(ctx, published=True),
            ctx.data.update(actor=_as_moderator(ctx)),
        ),
        post_path=lambda ctx: _practice_page(ctx, "/zurueckziehen"),
        show=lambda ctx: [("self", "/verwaltung/praxisbeispiele")],
    ),
    Scenario(
        "practice_staff.from_process",
        _report_page,
        role="setup",
        setup=lambda ctx: (_reported(ctx), ctx.data.update(actor=_as_moderator(ctx))),
        post_path=lambda ctx: (
            f"/verwaltung/praxisbeispiele/aus-verfahren/{ctx.data['process'].slug}"
        ),
        show=lambda ctx: [("self", _newest_example_page())],
        repeatable=True,
    ),
    Scenario(
        "practice_staff.import_examples",
        lambda ctx: "/verwaltung/praxisbeispiele/import",
        role="coordinator",
        files=lambda ctx: {"document": (practice_export(ctx), "export.json", "application/json")},
        show=lambda ctx: [("self", "/verwaltung/praxisbeispiele")],
        repeatable=True,
    ),
]


# --- volunteer phone ------------------------------------------------------------------------

_PHONE = "/verwaltung/freiwilligentelefon"


def _phone_row(ctx, make):
    """A row of the line for a removal, made by the shared office."""
    ctx.data["row"] = make(ctx, _office_actor(ctx))
    ctx.data["actor"] = _office_actor(ctx)


def _phone_callback(ctx, *, status: str = "open"):
    """A callback of its own, taken (and reached) by the shared office where asked."""
    from participation.volunteerphone import services
    from tests.volunteerphone.factories import callback

    office = _office_actor(ctx)
    ctx.data["actor"] = office
    request = callback(first_name=f"Name{ctx.n}", phone=f"0511 {1000000 + ctx.n}")
    if status in ("taken", "reached"):
        services.take(actor=office, callback=request)
    if status == "reached":
        services.record_attempt(actor=office, callback=request, result="reached")
    ctx.data["callback"] = request


def _phone_adviser_row(office):
    from participation.volunteerphone import services

    return services.add_adviser(
        actor=office, email=office.email, organisation_id=None, show_name=False
    )


def _phone_duty(office):
    from datetime import time, timedelta

    from sqlalchemy import select

    from participation.extensions import db
    from participation.volunteerphone import services
    from participation.volunteerphone.models import PhoneAdviser

    adviser = db.session.scalar(select(PhoneAdviser).where(PhoneAdviser.user_id == office.id))
    adviser = adviser or _phone_adviser_row(office)
    starts = time(8 + next(_counter) % 12)
    return services.add_duty(
        actor=office,
        adviser_id=adviser.id,
        day=local_today() + timedelta(days=1),
        starts=starts,
        ends=time(starts.hour + 1),
    )


def _shared_phone_adviser(ctx):
    from participation.volunteerphone import services

    def make():
        office = _office_actor(ctx)
        return services.add_adviser(
            actor=office, email=office.email, organisation_id=None, show_name=False
        ).id

    ctx.data["adviser_id"] = _shared(ctx, "phone-adviser", make)


def _removal(endpoint: str, segment: str, make) -> Scenario:
    return Scenario(
        endpoint,
        lambda ctx: _PHONE,
        lambda ctx: {"ids": str(ctx.data["row"].id)},
        role="setup",
        post_path=lambda ctx: f"{_PHONE}/{segment}/loeschen",
        setup=lambda ctx: _phone_row(ctx, make),
        show=lambda ctx: [("self", _PHONE)],
    )


SCENARIOS += [
    Scenario(
        "volunteerphone.request_callback",
        lambda ctx: "/freiwilligentelefon",
        lambda ctx: {
            "first_name": "Ida",
            "phone": "0511 9876543",
            "preferred_time": "vormittags",
            "topic": "social",
            "district": "10",
            "consent": "y",
        },
        show=lambda ctx: [("coordinator", f"{_PHONE}/rueckrufe")],
        repeatable=True,
    ),
    Scenario(
        "volunteerphone_staff.add_slot",
        lambda ctx: _PHONE,
        lambda ctx: {"weekday": "1", "starts": "10:00", "ends": "12:30"},
        role="coordinator",
        show=lambda ctx: [("self", _PHONE), (None, "/freiwilligentelefon")],
        repeatable=True,
    ),
    Scenario(
        "volunteerphone_staff.add_exception",
        lambda ctx: _PHONE,
        lambda ctx: {
            "ausnahme-day": str(local_today()),
            "ausnahme-starts": "",
            "ausnahme-ends": "",
            "ausnahme-note": "Feiertag",
        },
        role="coordinator",
        # The public page shows the note; the office's list grows a removal form per
        # stored row, which the markup check would count against each payload.
        show=lambda ctx: [(None, "/freiwilligentelefon")],
        repeatable=True,
    ),
    Scenario(
        "volunteerphone_staff.add_adviser",
        lambda ctx: _PHONE,
        lambda ctx: {"email": ctx.data["staff"].email, "organisation": "", "show_name": "y"},
        role="coordinator",
        setup=lambda ctx: ctx.data.update(staff=ctx.make_user("coordinator")),
        show=lambda ctx: [("self", _PHONE)],
    ),
    Scenario(
        "volunteerphone_staff.add_duty",
        lambda ctx: _PHONE,
        lambda ctx: {
            "dienst-adviser": str(ctx.data["adviser_id"]),
            "dienst-day": str(local_today()),
            "dienst-starts": f"{8 + ctx.n % 10:02d}:00",
            "dienst-ends": "20:00",
        },
        role="setup",
        setup=lambda ctx: (
            _shared_phone_adviser(ctx),
            ctx.data.update(actor=_office_actor(ctx)),
        ),
        show=lambda ctx: [("self", _PHONE), (None, "/freiwilligentelefon")],
    ),
    _removal(
        "volunteerphone_staff.remove_slot",
        "zeiten",
        lambda ctx, office: __import__(
            "participation.volunteerphone.services", fromlist=["add_slot"]
        ).add_slot(
            actor=office,
            weekday=2,
            starts=__import__("datetime").time(9),
            ends=__import__("datetime").time(11),
        ),
    ),
    _removal(
        "volunteerphone_staff.remove_exception",
        "ausnahmen",
        lambda ctx, office: __import__(
            "participation.volunteerphone.services", fromlist=["add_exception"]
        ).add_exception(actor=office, day=local_today(), starts=None, ends=None, note="frei"),
    ),
    _removal(
        "volunteerphone_staff.remove_adviser",
        "beratende",
        lambda ctx, office: __import__(
            "participation.volunteerphone.services", fromlist=["add_adviser"]
        ).add_adviser(
            actor=office,
            email=ctx.make_user("coordinator").email,
            organisation_id=None,
            show_name=False,
        ),
    ),
    _removal(
        "volunteerphone_staff.remove_duty", "dienste", lambda ctx, office: _phone_duty(office)
    ),
    Scenario(
        "volunteerphone_staff.take",
        lambda ctx: f"{_PHONE}/rueckrufe/{ctx.data['callback'].id}",
        role="setup",
        setup=_phone_callback,
        show=lambda ctx: [("self", f"{_PHONE}/rueckrufe?ansicht=meine")],
    ),
    Scenario(
        "volunteerphone_staff.attempt",
        lambda ctx: f"{_PHONE}/rueckrufe/{ctx.data['callback'].id}",
        lambda ctx: {"result": "not_reached"},
        role="setup",
        setup=lambda ctx: _phone_callback(ctx, status="taken"),
        show=lambda ctx: [("self", f"{_PHONE}/rueckrufe/{ctx.data['callback'].id}")],
        repeatable=True,
    ),
    Scenario(
        "volunteerphone_staff.log_conversation",
        lambda ctx: f"{_PHONE}/rueckrufe/{ctx.data['callback'].id}",
        lambda ctx: {
            "topic": "social",
            "district": "",
            "age_group": "30_49",
            "outcome": "information",
            "referred_opportunities": "Lesepatenschaft",
        },
        role="setup",
        setup=lambda ctx: _phone_callback(ctx, status="reached"),
        show=lambda ctx: [("self", f"{_PHONE}/auswertung")],
    ),
]


# --- engagement certificates (participation/engagementcert) ---------------------------------

ENGAGEMENT_FORM = {
    "name": "Lotte Lindner",
    "activities": "Lesepatenschaft in der Stadtteilbibliothek",
    "held_from": "2025-09-01",
    "held_until": "2026-02-28",
    "hours_per_month": "6",
    "monthly": "2025-09: 4",
}


def _engagement_request(ctx, *, corrected: bool = False):
    """A resident's request (a fresh one per case; the volunteer and the organisation are
    shared by the test's cases) at the shared partner, whose contact decides."""
    from participation.accounts.models import User
    from participation.engagementcert import services
    from participation.extensions import db
    from tests.engagementcert.conftest import engagement_input

    _shared_partner(ctx)
    volunteer = db.session.get(
        User, _shared(ctx, "volunteer", lambda: ctx.make_user("resident").id)
    )
    request = services.request_certificate(
        actor=volunteer,
        organisation=ctx.data["partner"],
        name="Lotte Lindner",
        data=engagement_input(),
    )
    if corrected:
        services.correct(
            actor=ctx.data["actor"],
            request=request,
            data=engagement_input(hours_per_month=4),
            note="Eher vier Stunden.",
            signer_name="Erika Muster",
        )
        ctx.data["actor"] = volunteer
    ctx.data["engagement"] = request


def _decide_page(ctx, suffix: str = "") -> str:
    return (
        f"/netzwerk/partner/{ctx.data['partner'].slug}/bescheinigungen/"
        f"{ctx.data['engagement'].id}{suffix}"
    )


def _own_certificate(ctx):
    from tests.certificates.factories import issue_sample

    ctx.data["actor"] = ctx.make_user("resident")
    ctx.data["certificate"] = issue_sample(ctx.data["actor"])


SCENARIOS += [
    Scenario(
        "engagementcert.new",
        lambda ctx: f"/konto/engagement-nachweise/neu?organisation={ctx.data['partner'].slug}",
        lambda ctx: {**ENGAGEMENT_FORM, "organisation": str(ctx.data["partner"].id)},
        role="setup",
        setup=lambda ctx: (
            _shared_partner(ctx),
            ctx.data.update(actor=ctx.make_user("resident")),
        ),
        post_path=lambda ctx: "/konto/engagement-nachweise/neu",
        show=lambda ctx: [("self", "/konto/engagement-nachweise")],
        repeatable=True,
    ),
    Scenario(
        "engagementcert.decide_step",
        _decide_page,
        lambda ctx: {"decline_reason": "Wir kennen Sie leider nicht."},
        role="setup",
        setup=_engagement_request,
        post_path=lambda ctx: _decide_page(ctx, "/ablehnen"),
        show=lambda ctx: [("self", _decide_page(ctx))],
    ),
    Scenario(
        "engagementcert.answer",
        lambda ctx: f"/konto/engagement-nachweise/{ctx.data['engagement'].id}",
        role="setup",
        setup=lambda ctx: _engagement_request(ctx, corrected=True),
        post_path=lambda ctx: f"/konto/engagement-nachweise/{ctx.data['engagement'].id}/annehmen",
        show=lambda ctx: [("self", "/konto/bescheinigungen")],
    ),
    Scenario(
        "certificates.switch_verification",
        lambda ctx: "/konto/bescheinigungen",
        role="setup",
        setup=_own_certificate,
        post_path=lambda ctx: f"/konto/bescheinigungen/{ctx.data['certificate'].code}/pruefung-aus",
        show=lambda ctx: [(None, f"/bescheinigungen/{ctx.data['certificate'].code}")],
    ),
]


# --- recognition fund (participation/fund) ---------------------------------------------------


def _fund_call(ctx, *, closed: bool = False):
    """The test's shared call (the office is its jury), open or past its deadline; the
    office in ctx.data["office"]."""
    from participation.accounts.models import User
    from participation.extensions import db
    from participation.fund.models import FundCall
    from tests.fund.factories import fund_call

    def make():
        office = ctx.make_user("coordinator")
        return fund_call(office, title=f"Ausschreibung {ctx.n}").id, office.id

    call_id, office_id = _shared(ctx, "fund-closed" if closed else "fund-open", make)
    ctx.data.update(call=db.session.get(FundCall, call_id), office=db.session.get(User, office_id))
    return ctx.data["call"]


def _fund_application(ctx, *, closed: bool = False, submit: bool = True, shared: bool = False):
    """An application of a fresh partner member (ctx.data["actor"]) to the shared call;
    to the closed one it is made before the deadline, which then passes again."""
    from datetime import timedelta

    from participation.accounts.models import User
    from participation.core.clock import utcnow
    from participation.extensions import db
    from participation.fund.models import FundApplication
    from participation.partners.models import PartnerOrganisation
    from tests.fund.factories import close_call, fund_application

    call = _fund_call(ctx, closed=closed)

    def make():
        member = ctx.make_user("partner_member")
        if closed:
            call.deadline, call.status = utcnow() + timedelta(days=1), "open"
            db.session.commit()
        organisation = db.session.get(PartnerOrganisation, min(member.organisation_ids()))
        made = fund_application(member, call, organisation, submit=submit)
        if closed:
            close_call(call)
        return made.id, member.id

    application_id, member_id = _shared(ctx, "fund-draft", make) if shared else make()
    ctx.data.update(
        application=db.session.get(FundApplication, application_id),
        actor=db.session.get(User, member_id),
    )


def _fund_approved(ctx, *, reported: bool = False):
    from participation.fund import applications, decisions
    from tests.fund.factories import application_input

    _fund_application(ctx, closed=True)
    application = ctx.data["application"]
    decisions.decide(
        actor=ctx.data["office"], application=application, approve=True, amount_cents=10000
    )
    if reported:
        applications.submit_report(
            actor=ctx.data["actor"],
            application=application,
            report="Es war schön.",
            data=application_input(),
        )


def _fund_page(ctx, tail: str = "") -> str:
    return f"/foerderfonds/antraege/{ctx.data['application'].id}{tail}"


def _fund_office_page(ctx) -> str:
    return f"/verwaltung/foerderfonds/{ctx.data['call'].id}"


FUND_APPLICATION_FORM = {
    "title": "Danke-Abend",
    "description": "Ein Abend für unsere Ehrenamtlichen.",
    "recognition": "Urkunden und ein Essen.",
    "cost_plan": "Essen; 300\nUrkunden; 50",
    "requested": "350",
    "document_title": "",
}


def _fund_draft_call(ctx):
    """A call the office has written but not opened (the office submits)."""
    from participation.fund import calls
    from tests.fund.factories import call_input

    office = _fund_call(ctx) and ctx.data["office"]
    ctx.data.update(actor=office, call=calls.save_call(actor=office, data=call_input([office.id])))


def _fund_member(ctx):
    """A fresh partner member (a new active organisation) and the shared open call."""
    _fund_call(ctx)
    ctx.data["actor"] = ctx.make_user("partner_member")


SCENARIOS += [
    Scenario(
        "fund.apply",
        lambda ctx: f"/foerderfonds/{ctx.data['call'].id}/antrag",
        lambda ctx: FUND_APPLICATION_FORM,
        role="setup",
        setup=_fund_member,
        show=lambda ctx: [("self", f"/foerderfonds/{ctx.data['call'].id}")],
    ),
    Scenario(
        "fund.edit",
        lambda ctx: _fund_page(ctx, "/bearbeiten"),
        lambda ctx: FUND_APPLICATION_FORM,
        role="setup",
        setup=lambda ctx: _fund_application(ctx, submit=False, shared=True),
        show=lambda ctx: [("self", _fund_page(ctx))],
        repeatable=True,
    ),
    Scenario(
        "fund.submit",
        _fund_page,
        role="setup",
        setup=lambda ctx: _fund_application(ctx, submit=False),
        post_path=lambda ctx: _fund_page(ctx, "/einreichen"),
        show=lambda ctx: [("self", _fund_page(ctx))],
    ),
    Scenario(
        "fund.report",
        lambda ctx: _fund_page(ctx, "/bericht"),
        lambda ctx: {"report": "Das Fest war ein Erfolg.", "document_title": ""},
        role="setup",
        setup=_fund_approved,
        show=lambda ctx: [(None, _fund_page(ctx))],
        repeatable=True,
    ),
    Scenario(
        "fund_staff.new",
        lambda ctx: "/verwaltung/foerderfonds/neu",
        lambda ctx: {
            "title": f"Ausschreibung {ctx.n}",
            "description": "Wir fördern Dank an Ehrenamtliche.",
            "budget": "5.000",
            "maximum": "1.000",
            "deadline": "2099-06-30T12:00",
            "criteria": "Wirkung; 3\nReichweite; 1",
            "jurors": str(ctx.data["actor"].id),
        },
        role="coordinator",
        show=lambda ctx: [("self", "/verwaltung/foerderfonds")],
        repeatable=True,
    ),
    Scenario(
        "fund_staff.open_call",
        _fund_office_page,
        role="setup",
        setup=_fund_draft_call,
        post_path=lambda ctx: f"{_fund_office_page(ctx)}/oeffnen",
        show=lambda ctx: [(None, f"/foerderfonds/{ctx.data['call'].id}")],
    ),
    Scenario(
        "fund_staff.decide",
        _fund_office_page,
        lambda ctx: {"outcome": "approve", "amount": "100", "conditions": "Fotos schicken"},
        role="setup",
        setup=lambda ctx: (
            _fund_application(ctx, closed=True),
            ctx.data.update(actor=ctx.data["office"]),
        ),
        post_path=lambda ctx: (
            f"/verwaltung/foerderfonds/antraege/{ctx.data['application'].id}/entscheidung"
        ),
        show=lambda ctx: [(None, _fund_page(ctx)), (None, "/foerderfonds")],
        repeatable=True,
    ),
    Scenario(
        "fund_staff.close",
        _fund_office_page,
        role="setup",
        setup=lambda ctx: (
            _fund_approved(ctx, reported=True),
            ctx.data.update(actor=ctx.data["office"]),
        ),
        post_path=lambda ctx: (
            f"/verwaltung/foerderfonds/antraege/{ctx.data['application'].id}/abschliessen"
        ),
        show=lambda ctx: [(None, _fund_page(ctx))],
    ),
    Scenario(
        "fund_staff.review",
        lambda ctx: f"{_fund_office_page(ctx)}/jury/{ctx.data['application'].id}",
        lambda ctx: {f"k{c.id}": "3" for c in ctx.data["call"].criteria},
        role="setup",
        setup=lambda ctx: (_fund_application(ctx), ctx.data.update(actor=ctx.data["office"])),
        show=lambda ctx: [("self", f"{_fund_office_page(ctx)}/jury/{ctx.data['application'].id}")],
        repeatable=True,
    ),
]


# --- Freiwilligenbörse: opportunities of partner organisations --------------------------------


def _volunteering(ctx, *, shared: bool = True, draft: bool = False):
    """The test's shared partner (its contact is the actor) with a published opportunity,
    shared by the cases unless a case changes its state (a draft to publish, one to
    withdraw)."""
    from participation.extensions import db
    from participation.volunteering.models import VolunteerOpportunity
    from tests.volunteering.factories import opportunity

    _shared_partner(ctx)

    def make():
        return opportunity(ctx.data["actor"], ctx.data["partner"], publish=not draft).id

    key = "volunteer-opportunity"
    opportunity_id = _shared(ctx, key, make) if shared and not draft else make()
    ctx.data["opportunity"] = db.session.get(VolunteerOpportunity, opportunity_id)


def _volunteer_interest(ctx, *, as_resident: bool = False):
    """A fresh resident's interest in the shared opportunity; the actor is the
    organisation's contact, or the resident."""
    from participation.volunteering import services

    _volunteering(ctx)
    resident = ctx.make_user("resident")
    ctx.data["interest"] = services.express_interest(
        actor=resident, opportunity=ctx.data["opportunity"], message="Gern.", consent=True
    )
    if as_resident:
        ctx.data["actor"] = resident


def _volunteer_search(ctx):
    from participation.volunteering import listing, searches

    ctx.data["actor"] = ctx.make_user("resident")
    searches.save(actor=ctx.data["actor"], filters=listing.Filters(bezirk="10", q="Garten"))


def _org_engagement(ctx, suffix: str = "") -> str:
    return f"/netzwerk/partner/{ctx.data['partner'].slug}/engagement{suffix}"


def _org_opportunity(ctx, suffix: str = "") -> str:
    return _org_engagement(ctx, f"/{ctx.data['opportunity'].id}{suffix}")


def _public_opportunity(ctx) -> str:
    return f"/engagement/{ctx.data['opportunity'].id}"


def _interest_step(ctx, step: str) -> str:
    return _org_engagement(ctx, f"/interessen/{ctx.data['interest'].id}/{step}")


OPPORTUNITY_FORM = {
    "title": "Gartenpat*in im Küchengarten",
    "tasks": "Beete gießen, Kräuter ernten und Besucher*innen den Garten zeigen.",
    "district": "10",
    "action_field": "",
    "rhythm": "regular",
    "hours": "3",
    "weekdays": "3",
    "times": "mittwochs 15 bis 18 Uhr",
    "starts_on": "2031-04-01",
    "ends_on": "2031-10-31",
    "volunteers_wanted": "4",
    "skills": "Freude am Gärtnern",
    "languages": "Deutsch, Türkisch",
    "minimum_age": "14",
    "accessibility": "Hochbeete, stufenlos.",
    "for_families": "y",
    "contact_name": "Erika Muster",
    "contact_role": "Gartenteam",
}

SCENARIOS += [
    Scenario(
        "volunteering.express_interest",
        _public_opportunity,
        lambda ctx: {"message": "Ich habe dienstags Zeit.", "consent": "y"},
        role="resident",
        setup=_volunteering,
        post_path=lambda ctx: f"{_public_opportunity(ctx)}/interesse",
        show=lambda ctx: [("self", "/konto/engagement"), ("self", _public_opportunity(ctx))],
    ),
    Scenario(
        "volunteering.save_search",
        lambda ctx: "/engagement?bezirk=10&q=Garten",
        lambda ctx: {"bezirk": "10", "q": "Garten"},
        role="resident",
        show=lambda ctx: [("self", "/konto/engagement")],
    ),
    Scenario(
        "volunteering.withdraw_interest",
        lambda ctx: "/konto/engagement",
        role="setup",
        setup=lambda ctx: _volunteer_interest(ctx, as_resident=True),
        post_path=lambda ctx: f"/konto/engagement/{ctx.data['interest'].id}/zurueckziehen",
        show=lambda ctx: [("self", "/konto/engagement")],
    ),
    Scenario(
        "volunteering.delete_search",
        lambda ctx: "/konto/engagement",
        role="setup",
        setup=_volunteer_search,
        post_path=lambda ctx: _search_delete_path(ctx),
        show=lambda ctx: [("self", "/konto/engagement")],
    ),
    Scenario(
        "volunteering.new",
        lambda ctx: _org_engagement(ctx, "/neu"),
        lambda ctx: OPPORTUNITY_FORM,
        role="setup",
        setup=_shared_partner,
        show=lambda ctx: [("self", _org_engagement(ctx))],
        repeatable=True,
    ),
    Scenario(
        "volunteering.edit",
        lambda ctx: _org_opportunity(ctx, "/bearbeiten"),
        lambda ctx: OPPORTUNITY_FORM,
        role="setup",
        setup=_volunteering,
        show=lambda ctx: [("self", _org_opportunity(ctx)), (None, _public_opportunity(ctx))],
        repeatable=True,
    ),
    Scenario(
        "volunteering.publish",
        _org_opportunity,
        role="setup",
        setup=lambda ctx: _volunteering(ctx, draft=True),
        post_path=lambda ctx: _org_opportunity(ctx, "/veroeffentlichen"),
        show=lambda ctx: [(None, _public_opportunity(ctx))],
    ),
    Scenario(
        "volunteering.renew",
        _org_opportunity,
        role="setup",
        setup=_volunteering,
        post_path=lambda ctx: _org_opportunity(ctx, "/verlaengern"),
        show=lambda ctx: [("self", _org_opportunity(ctx))],
        repeatable=True,
    ),
    Scenario(
        "volunteering.withdraw",
        _org_opportunity,
        role="setup",
        setup=lambda ctx: _volunteering(ctx, shared=False),
        post_path=lambda ctx: _org_opportunity(ctx, "/zurueckziehen"),
        show=lambda ctx: [("self", _org_opportunity(ctx))],
    ),
    Scenario(
        "volunteering.accept",
        _org_engagement,
        role="setup",
        setup=_volunteer_interest,
        post_path=lambda ctx: _interest_step(ctx, "annehmen"),
        show=lambda ctx: [("self", _org_opportunity(ctx))],
    ),
    Scenario(
        "volunteering.decline",
        _org_engagement,
        lambda ctx: {"reason": "other", "note": "Danke, diesmal passt es leider nicht."},
        role="setup",
        setup=_volunteer_interest,
        post_path=lambda ctx: _interest_step(ctx, "absagen"),
        show=lambda ctx: [("self", _org_engagement(ctx, "?status=declined"))],
    ),
    Scenario(
        "volunteering.matched",
        _org_engagement,
        role="setup",
        setup=_volunteer_interest,
        post_path=lambda ctx: _interest_step(ctx, "vermittelt"),
        show=lambda ctx: [("self", _org_engagement(ctx, "?status=matched"))],
    ),
]


def _search_delete_path(ctx) -> str:
    from participation.volunteering import searches

    return f"/konto/engagement/suchen/{searches.of_user(ctx.data['actor'].id)[0].id}/loeschen"


# --- marketplace: companies, entries, deals, events ----------------------------------------


def _market_company(ctx):
    """An active company whose member is the case's actor (shared by a test's cases)."""
    from participation.extensions import db
    from participation.marketplace.models import Company
    from tests.marketplace import factories

    def make():
        company, member = factories.company(ctx.make_user)
        return company.id, member.id

    company_id, member_id = _shared(ctx, "market-company", make)
    from participation.accounts.models import User

    ctx.data["company"] = db.session.get(Company, company_id)
    ctx.data["actor"] = db.session.get(User, member_id)
    return ctx.data["company"]


def _market_entry(ctx):
    """A published entry of another company; the actor's company contacts it."""
    from participation.extensions import db
    from participation.marketplace.models import MarketEntry
    from tests.marketplace import factories

    def make():
        owner, member = factories.company(ctx.make_user)
        return factories.entry(member, owner).id

    _market_company(ctx)
    ctx.data["entry"] = db.session.get(MarketEntry, _shared(ctx, "market-entry", make))


def _market_deal(ctx, *, ours: bool = False):
    """A deal another company proposed to the actor's company, or (`ours`) the actor's
    company proposed to it; fresh per case: answering changes it."""
    from participation.marketplace import services
    from tests.marketplace import factories

    company = _market_company(ctx)
    other, member = factories.company(ctx.make_user)
    proposer, receiver = (ctx.data["actor"], company) if ours else (member, other)
    ctx.data["deal"] = services.propose_deal(
        actor=proposer,
        data=services.DealInput(
            own_party=receiver.party_key,
            other_party=(other if ours else company).party_key,
            own_side="giver",
            what="Beratung zur Buchhaltung",
            category="expertise",
        ),
    )


def _market_event(ctx):
    from participation.extensions import db
    from participation.marketplace.models import MarketEvent
    from tests.marketplace import factories

    _market_company(ctx)
    event_id = _shared(
        ctx, "market-event", lambda: factories.event(ctx.make_user("coordinator")).id
    )
    ctx.data["event"] = db.session.get(MarketEvent, event_id)


def _market_registration(ctx):
    from participation.marketplace import services

    _market_event(ctx)
    ctx.data["registration"] = services.register_participant(
        actor=ctx.data["actor"],
        event=ctx.data["event"],
        party_key=ctx.data["company"].party_key,
        participant=f"Person {ctx.n}",
    )


def _market_applied(ctx):
    from tests.marketplace import factories

    ctx.data["applied"] = factories.company(ctx.make_user, active=False)[0]
    ctx.data["actor"] = ctx.make_user("coordinator")


def _deal_page(ctx, suffix: str = "") -> str:
    return f"/marktplatz/vereinbarungen/{ctx.data['deal'].id}{suffix}"


SCENARIOS += [
    Scenario(
        "marketplace.contact",
        lambda ctx: f"/marktplatz/eintraege/{ctx.data['entry'].id}",
        lambda ctx: {
            "party": ctx.data["company"].party_key,
            "body": "Wir hätten Interesse an der Werkstatt.",
            "reply_email": f"antwort{ctx.n}@example.org",
        },
        role="setup",
        setup=_market_entry,
        repeatable=True,
    ),
    Scenario(
        "marketplace.new_entry",
        lambda ctx: "/marktplatz/eintraege/neu",
        lambda ctx: {
            "party": ctx.data["company"].party_key,
            "kind": "request",
            "category": "transport",
            "title": "Transporter gesucht",
            "description": "Für den Umzug des Stadtteiltreffs.",
            "district": "10",
            "valid_until": "2031-01-01",
            "publish": "y",
        },
        role="setup",
        setup=_market_company,
        show=lambda ctx: [(None, "/marktplatz")],
        repeatable=True,
    ),
    Scenario(
        "marketplace.entry_status",
        lambda ctx: f"/marktplatz/eintraege/{ctx.data['entry'].id}",
        lambda ctx: {"status": "closed"},
        role="setup",
        setup=lambda ctx: (
            _market_company(ctx),
            ctx.data.update(
                entry=__import__("tests.marketplace.factories", fromlist=["entry"]).entry(
                    ctx.data["actor"], ctx.data["company"]
                )
            ),
        ),
    ),
    Scenario(
        "marketplace.register_company",
        lambda ctx: "/marktplatz/unternehmen/registrieren",
        lambda ctx: {
            "name": f"Bäckerei Nummer {ctx.n}",
            "sector": "crafts",
            "description": "Wir backen in Linden.",
            "website": "https://baeckerei.example.org",
            "contact_email": "info@baeckerei.example.org",
            "contact_phone": "0511 123456",
        },
        role="resident",
    ),
    Scenario(
        "marketplace.new_deal",
        lambda ctx: "/marktplatz/vereinbarungen/neu",
        lambda ctx: {
            "own_party": ctx.data["company"].party_key,
            "own_side": "giver",
            "other_party": ctx.data["entry"].owner_key,
            "what": "Zwei Stunden Beratung",
            "category": "expertise",
            "consent": "y",
        },
        role="setup",
        setup=_market_entry,
        repeatable=True,
    ),
    Scenario(
        "marketplace.agree",
        _deal_page,
        lambda ctx: {"consent": "y"},
        role="setup",
        setup=_market_deal,
        post_path=lambda ctx: _deal_page(ctx, "/zustimmen"),
        show=lambda ctx: [("self", _deal_page(ctx))],
    ),
    Scenario(
        "marketplace.decline",
        _deal_page,
        role="setup",
        setup=_market_deal,
        post_path=lambda ctx: _deal_page(ctx, "/ablehnen"),
    ),
    Scenario(
        "marketplace.consent",
        _deal_page,
        lambda ctx: {"consent": "y"},
        role="setup",
        setup=lambda ctx: _market_deal(ctx, ours=True),
        post_path=lambda ctx: _deal_page(ctx, "/veroeffentlichen"),
    ),
    Scenario(
        "marketplace.register",
        lambda ctx: f"/marktplatz/veranstaltungen/{ctx.data['event'].id}",
        lambda ctx: {"party": ctx.data["company"].party_key, "participant": f"Gast {ctx.n}"},
        role="setup",
        setup=_market_event,
        repeatable=True,
    ),
    Scenario(
        "marketplace.unregister",
        lambda ctx: f"/marktplatz/veranstaltungen/{ctx.data['event'].id}",
        lambda ctx: {"registration": str(ctx.data["registration"].id)},
        role="setup",
        setup=_market_registration,
    ),
    Scenario(
        "marketplace_staff.decide",
        lambda ctx: "/verwaltung/marktplatz",
        lambda ctx: {"decision": "confirm"},
        role="setup",
        setup=_market_applied,
        post_path=lambda ctx: (
            f"/verwaltung/marktplatz/unternehmen/{ctx.data['applied'].id}/entscheiden"
        ),
    ),
    Scenario(
        "marketplace_staff.new_event",
        lambda ctx: "/verwaltung/marktplatz/veranstaltungen/neu",
        lambda ctx: {
            "title": "Marktplatz Linden",
            "starts_at": "2031-05-04T17:00",
            "place": "Freizeitheim Linden",
            "description": "Unternehmen und Vereine treffen sich.",
            "capacity": "40",
        },
        role="coordinator",
        repeatable=True,
    ),
]
BY_ENDPOINT = {s.endpoint: s for s in SCENARIOS}
FORM_SCENARIOS = [s for s in SCENARIOS if not s.json]
JSON_SCENARIOS = [s for s in SCENARIOS if s.json]
