"""The coordination office's side of the network: applications, decisions, the quality
seal, and new versions of the cooperation agreement."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from participation.core.errors import NotFound
from participation.core.forms import submit_form
from participation.core.permissions import permission_required
from participation.extensions import db
from participation.partners import agreement, directory, services
from participation.partners.forms import AgreementForm, DeclineForm, SealForm
from participation.partners.models import ORGANISATION_STATUSES, PartnerOrganisation

bp = Blueprint("partners_staff", __name__)
STAFF = "/verwaltung/netzwerk"


def _actor():
    return current_user._get_current_object()


def _organisation(slug: str) -> PartnerOrganisation:
    organisation = db.session.scalar(
        select(PartnerOrganisation).where(PartnerOrganisation.slug == slug[:80])
    )
    if organisation is None:
        raise NotFound(_l("Diese Organisation gibt es nicht."))
    return organisation


@bp.get(f"{STAFF}/partner")
@permission_required("manage_partners")
def index():
    """Organisations by status; applications first."""
    status = request.args.get("status", "applied")[:20]
    status = status if status in ORGANISATION_STATUSES else "applied"
    page = request.args.get("seite", 1, type=int) or 1
    return render_template(
        "partners/staff_index.html",
        status=status,
        result=directory.list_partners(status=status, page=page),
        counts=directory.counts_by_status(),
        unsigned=agreement.unsigned_partners(),
        current=agreement.current_agreement(),
    )


def _decision_page(organisation, *, decline_form=None, seal_form=None, status: int = 200):
    current = agreement.current_agreement()
    return (
        render_template(
            "partners/staff_detail.html",
            organisation=organisation,
            decline_form=decline_form or DeclineForm(),
            seal_form=seal_form or SealForm(),
            current=current,
            signature=agreement.signature_of(organisation, current),
            signatures=agreement.signatures(organisation),
            members=services.members(organisation),
        ),
        status,
    )


@bp.get(f"{STAFF}/partner/<slug>")
@permission_required("manage_partners")
def detail(slug: str):
    return _decision_page(_organisation(slug))


@bp.post(f"{STAFF}/partner/<slug>/bestaetigen")
@permission_required("manage_partners")
def confirm(slug: str):
    organisation = _organisation(slug)
    services.decide(actor=_actor(), organisation=organisation, confirm=True)
    flash(str(_l("%(name)s ist jetzt Partner im Netzwerk.", name=organisation.name)), "success")
    return redirect(url_for("partners_staff.detail", slug=organisation.slug), 303)


@bp.post(f"{STAFF}/partner/<slug>/ablehnen")
@permission_required("manage_partners")
def decline(slug: str):
    organisation = _organisation(slug)
    form = DeclineForm()
    done, status = submit_form(
        form,
        lambda: services.decide(
            actor=_actor(), organisation=organisation, confirm=False, reason=form.reason.data or ""
        ),
        done=_l("Die Bewerbung ist abgelehnt; die Kontaktperson ist informiert."),
        target=url_for("partners_staff.detail", slug=organisation.slug),
    )
    return done or _decision_page(organisation, decline_form=form, status=status)


@bp.post(f"{STAFF}/partner/<slug>/guetesiegel")
@permission_required("manage_partners")
def grant_seal(slug: str):
    organisation = _organisation(slug)
    form = SealForm()
    done, status = submit_form(
        form,
        lambda: services.grant_seal(
            actor=_actor(), organisation=organisation, note=form.note.data or ""
        ),
        done=_l("Das Gütesiegel ist vergeben."),
        target=url_for("partners_staff.detail", slug=organisation.slug),
    )
    return done or _decision_page(organisation, seal_form=form, status=status)


@bp.post(f"{STAFF}/partner/<slug>/guetesiegel-entziehen")
@permission_required("manage_partners")
def withdraw_seal(slug: str):
    organisation = _organisation(slug)
    services.withdraw_seal(actor=_actor(), organisation=organisation)
    flash(str(_l("Das Gütesiegel ist entzogen.")), "success")
    return redirect(url_for("partners_staff.detail", slug=organisation.slug), 303)


@bp.post(f"{STAFF}/partner/<slug>/koordinierend")
@permission_required("manage_partners")
def coordinating(slug: str):
    """Name the organisation one of the two that coordinate the network, or stop that."""
    organisation = _organisation(slug)
    wanted = not organisation.is_coordinating
    services.set_coordinating(actor=_actor(), organisation=organisation, coordinating=wanted)
    flash(
        str(
            _l("%(name)s koordiniert jetzt das Netzwerk.", name=organisation.name)
            if wanted
            else _l("%(name)s koordiniert das Netzwerk nicht mehr.", name=organisation.name)
        ),
        "success",
    )
    return redirect(url_for("partners_staff.detail", slug=organisation.slug), 303)


def _agreement_page(form=None, status: int = 200):
    current = agreement.current_agreement()
    if form is None:
        form = AgreementForm(
            data={"title": current.title, "text": current.text_markdown} if current else None
        )
    return (
        render_template(
            "partners/staff_agreement.html",
            form=form,
            current=current,
            versions=agreement.agreement_versions(),
            unsigned=agreement.unsigned_partners(),
        ),
        status,
    )


@bp.route(f"{STAFF}/vereinbarung", methods=["GET", "POST"])
@permission_required("manage_partners")
def agreement_versions():
    """Publish a new version of the agreement; see which partners have not signed it."""
    if request.method == "GET":
        return _agreement_page()
    form = AgreementForm()
    done, status = submit_form(
        form,
        lambda: agreement.publish_agreement(
            actor=_actor(), title=form.title.data or "", text=form.text.data or ""
        ),
        done=_l("Die neue Fassung ist veröffentlicht; die Partner werden um Unterschrift gebeten."),
        target=url_for("partners_staff.agreement_versions"),
    )
    return done or _agreement_page(form, status)
