"""Public partner pages (/netzwerk/partner, the agreement, applying, invitations) and the
members' page of an organisation (/netzwerk/partner/<slug>/verwalten)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.core.errors import Forbidden, NotFound
from participation.core.forms import submit_form
from participation.core.htmx import render_page_or_fragment
from participation.core.permissions import can
from participation.core.sitemap import public_page, sitemap_provider
from participation.core.uploads import accepts_upload
from participation.extensions import db
from participation.partners import agreement, directory, invitations, services
from participation.partners.forms import (
    KIND_LABELS,
    STATUS_LABELS,
    STATUS_LIST_LABELS,
    ApplyForm,
    ContactForm,
    EditProfileForm,
    InviteForm,
    PartnerFilterForm,
    SignForm,
)
from participation.partners.models import PartnerOrganisation

bp = Blueprint("partners", __name__)
BASE = "/netzwerk/partner"


def _actor():
    return current_user._get_current_object()


@bp.app_context_processor
def partner_labels():
    return {
        "partner_kinds": KIND_LABELS,
        "partner_statuses": STATUS_LABELS,
        "partner_status_lists": STATUS_LIST_LABELS,
    }


@bp.get(BASE)
@public_page
def index():
    form = PartnerFilterForm(request.args)
    valid = form.validate()
    page = request.args.get("seite", 1, type=int) or 1
    result = directory.list_partners(page=page, **form.filters())
    return render_page_or_fragment(
        "partners/index.html",
        "partners/_list.html",
        status=200 if valid else 400,
        form=form,
        result=result,
    )


@bp.get(f"{BASE}/<slug>")
def detail(slug: str):
    organisation = services.get_organisation(actor=_actor(), slug=slug[:80])
    return render_template(
        "partners/detail.html",
        organisation=organisation,
        signature=agreement.signature_of(organisation, agreement.current_agreement()),
    )


@bp.get("/netzwerk/vereinbarung")
@public_page
def agreement_text():
    """The current cooperation agreement and the dates of the earlier versions."""
    return render_template(
        "partners/agreement.html",
        current=agreement.current_agreement(),
        versions=agreement.agreement_versions(),
    )


def _apply_page(form=None, status: int = 200):
    current = agreement.current_agreement()
    if form is None:
        form = ApplyForm(data={"version": current.version if current else ""})
    return render_template("partners/apply.html", form=form, current=current), status


@bp.route("/netzwerk/mitmachen", methods=["GET", "POST"])
@public_page
def apply():
    """How to join; signed in, the application with the agreement to accept."""
    if request.method == "GET":
        return _apply_page()
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=url_for("partners.apply")), 303)
    form = ApplyForm()
    created = []
    done, status = submit_form(
        form,
        lambda: created.append(
            services.apply(
                actor=_actor(),
                profile=form.profile(),
                signer_name=form.signer_name.data or "",
                accepted=bool(form.accept.data),
                version=form.signed_version(),
            )
        ),
        done=_l("Ihre Bewerbung ist eingegangen. Die Koordinierungsstelle meldet sich."),
        target=url_for("partners.apply"),
    )
    if done:
        return redirect(url_for("partners.manage", slug=created[0].slug), 303)
    return _apply_page(form, status)


# --- the members' page -----------------------------------------------------------------------


def _own(slug: str) -> PartnerOrganisation:
    """An organisation whose page the actor may edit (members and the office); 404 else."""
    organisation = services.get_organisation(actor=_actor(), slug=slug[:80])
    if not can(_actor(), "edit_organisation", organisation):
        raise NotFound(_l("Diese Organisation gibt es nicht."))
    return organisation


def _spoken_for(slug: str) -> PartnerOrganisation:
    """An organisation the actor speaks for (its contact); checked before the form is read,
    so nobody else learns anything from the form's errors."""
    organisation = _own(slug)
    if not can(_actor(), "speak_for_organisation", organisation):
        raise Forbidden(_l("Das tut die Kontaktperson der Organisation."))
    return organisation


def _manage_page(
    organisation,
    *,
    profile_form=None,
    sign_form=None,
    invite_form=None,
    contact_form=None,
    status=200,
):
    current = agreement.current_agreement()
    members_of = services.members(organisation)
    return (
        render_template(
            "partners/manage.html",
            organisation=organisation,
            profile_form=profile_form or EditProfileForm.of(organisation),
            sign_form=sign_form or SignForm(data={"version": current.version if current else ""}),
            invite_form=invite_form or InviteForm(),
            contact_form=contact_form
            or ContactForm(
                members=[m for m in members_of if m.id != organisation.contact_id],
                prefix="kontakt",
            ),
            current=current,
            signature=agreement.signature_of(organisation, current),
            signatures=agreement.signatures(organisation),
            members=members_of,
            invitations=invitations.open_invitations(organisation),
            speaks=can(_actor(), "speak_for_organisation", organisation),
            may_hand_over=can(_actor(), "speak_for_organisation", organisation)
            or can(_actor(), "manage_partners"),
        ),
        status,
    )


@bp.route(f"{BASE}/<slug>/verwalten", methods=["GET", "POST"])
@login_required
@accepts_upload("PROCESS_IMAGE_MAX_BYTES")
def manage(slug: str):
    """The organisation's own page: profile, agreement, members and invitations."""
    organisation = _own(slug)
    if request.method == "GET":
        return _manage_page(organisation)
    form = EditProfileForm()
    done, status = submit_form(
        form,
        lambda: services.update_profile(
            actor=_actor(),
            organisation=organisation,
            profile=form.profile(),
            logo=form.logo.data or None,
            remove_logo=bool(form.remove_logo.data),
        ),
        done=_l("Das Profil ist gespeichert."),
        target=url_for("partners.manage", slug=organisation.slug),
    )
    if done:
        return done
    db.session.rollback()
    return _manage_page(organisation, profile_form=form, status=status)


@bp.post(f"{BASE}/<slug>/unterzeichnen")
@login_required
def sign(slug: str):
    organisation = _spoken_for(slug)
    form = SignForm()
    done, status = submit_form(
        form,
        lambda: agreement.sign(
            actor=_actor(),
            organisation=organisation,
            signer_name=form.signer_name.data or "",
            accepted=bool(form.accept.data),
            version=form.signed_version(),
        ),
        done=_l("Die Vereinbarung ist unterzeichnet."),
        target=url_for("partners.manage", slug=organisation.slug),
    )
    return done or _manage_page(organisation, sign_form=form, status=status)


@bp.post(f"{BASE}/<slug>/einladen")
@login_required
def invite(slug: str):
    organisation = _spoken_for(slug)
    form = InviteForm()
    done, status = submit_form(
        form,
        lambda: invitations.invite(
            actor=_actor(), organisation=organisation, email=form.email.data or ""
        ),
        done=_l("Die Einladung ist verschickt."),
        target=url_for("partners.manage", slug=organisation.slug),
    )
    return done or _manage_page(organisation, invite_form=form, status=status)


@bp.post(f"{BASE}/<slug>/einladungen/<id:invitation_id>/zurueckziehen")
@login_required
def withdraw_invitation(slug: str, invitation_id: int):
    organisation = _spoken_for(slug)
    invitations.withdraw(actor=_actor(), organisation=organisation, invitation_id=invitation_id)
    flash(str(_l("Die Einladung ist zurückgezogen.")), "success")
    return redirect(url_for("partners.manage", slug=organisation.slug), 303)


@bp.post(f"{BASE}/<slug>/mitglieder/<id:user_id>/entfernen")
@login_required
def remove_member(slug: str, user_id: int):
    organisation = _own(slug)
    services.remove_member(actor=_actor(), organisation=organisation, user_id=user_id)
    flash(str(_l("Das Mitglied ist entfernt.")), "success")
    return redirect(url_for("partners.manage", slug=organisation.slug), 303)


@bp.post(f"{BASE}/<slug>/kontaktperson")
@login_required
def hand_over(slug: str):
    """The contact (or the office) passes the role to another member."""
    organisation = _own(slug)
    if not (
        can(_actor(), "speak_for_organisation", organisation) or can(_actor(), "manage_partners")
    ):
        raise Forbidden(_l("Das tut die Kontaktperson der Organisation."))
    others = [m for m in services.members(organisation) if m.id != organisation.contact_id]
    form = ContactForm(members=others, prefix="kontakt")
    done, status = submit_form(
        form,
        lambda: services.hand_over_contact(
            actor=_actor(), organisation=organisation, user_id=form.member_id()
        ),
        done=_l("Die Kontaktperson ist übergeben."),
        target=url_for("partners.manage", slug=organisation.slug),
    )
    return done or _manage_page(organisation, contact_form=form, status=status)


@bp.post(f"{BASE}/<slug>/austreten")
@login_required
def leave(slug: str):
    organisation = _spoken_for(slug)
    services.leave(actor=_actor(), organisation=organisation)
    flash(str(_l("Ihre Organisation hat das Netzwerk verlassen.")), "success")
    return redirect(url_for("partners.manage", slug=organisation.slug), 303)


# --- invitations -----------------------------------------------------------------------------


@bp.route("/netzwerk/einladung/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """An invitation link: shows the organisation, and signed in with the invited address,
    makes the person a member."""
    token = token[:200]
    found = invitations.find(token)
    if request.method == "GET":
        organisation = db.session.get(PartnerOrganisation, found.organisation_id) if found else None
        return render_template(
            "partners/invitation.html", invitation=found, organisation=organisation, token=token
        )
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.path), 303)
    organisation = invitations.accept(actor=_actor(), token=token)
    flash(
        str(_l("Willkommen! Sie sind jetzt Mitglied von %(name)s.", name=organisation.name)),
        "success",
    )
    return redirect(url_for("partners.manage", slug=organisation.slug), 303)


@sitemap_provider
def partner_pages():
    slugs = db.session.scalars(
        select(PartnerOrganisation.slug)
        .where(PartnerOrganisation.status == "active")
        .order_by(PartnerOrganisation.id)
    )
    return [("partners.detail", {"slug": slug}) for slug in slugs]
