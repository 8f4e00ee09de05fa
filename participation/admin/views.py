"""/verwaltung/konten: administrators find accounts, grant and revoke roles, block,
reset a second factor and delete an account on request; every step lands in the audit log."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from participation.accounts import services as accounts
from participation.accounts import two_factor
from participation.accounts.forms import ConfirmForm, require_confirmed
from participation.accounts.models import RoleAssignment
from participation.accounts.reauth import reauth_required
from participation.admin import services
from participation.admin.forms import (
    AdminDeleteForm,
    BlockForm,
    GrantRoleForm,
    ResetTwoFactorForm,
    SearchForm,
)
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.core.forms import show_service_error
from participation.core.permissions import permission_required
from participation.districts.models import District
from participation.extensions import db
from participation.partners.models import PartnerOrganisation
from participation.privacy import deletion

bp = Blueprint("admin", __name__, url_prefix="/verwaltung/konten")


def _actor():
    return current_user._get_current_object()


@bp.get("")
@permission_required("administer")
def index():
    form = SearchForm(request.args)
    query = form.q.data if form.validate() else ""
    page = request.args.get("seite", 1, type=int) or 1
    result = services.search(actor=_actor(), query=query or "", page=page)
    return render_template("admin/accounts.html", form=form, result=result)


def _grant_form(form: GrantRoleForm | None = None) -> GrantRoleForm:
    form = form or GrantRoleForm()
    form.district.choices = [("", "–")] + [
        (d.code, f"{d.code} {d.name}")
        for d in db.session.scalars(select(District).order_by(District.code))
    ]
    form.organisation.choices = [("", "–")] + [
        (slug, name)
        for slug, name in db.session.execute(
            select(PartnerOrganisation.slug, PartnerOrganisation.name).order_by(
                PartnerOrganisation.name
            )
        )
    ]
    return form


def _account_page(user, status: int = 200, **forms):
    actor = _actor()
    return render_template(
        "admin/account.html",
        user=user,
        grant_form=_grant_form(forms.get("grant_form")),
        block_form=forms.get("block_form") or BlockForm(),
        reset_form=forms.get("reset_form") or ResetTwoFactorForm(),
        delete_form=forms.get("delete_form") or AdminDeleteForm(),
        confirm_form=ConfirmForm(),
        has_two_factor=two_factor.is_enabled(user),
        blocked=user.is_blocked(utcnow()),
        deletion_refused=deletion.refusal(user),
        history=services.history(actor=actor, user=user),
    ), status


@bp.get("/<id:user_id>")
@permission_required("administer")
def account(user_id: int):
    return _account_page(services.get_account(actor=_actor(), user_id=user_id))


def _act(user, form, action, done: str, form_name: str):
    """Validate, run the service, then back to the account with a message; or the page
    again with the refusal next to its field."""
    if form.validate_on_submit():
        try:
            action()
        except DomainError as error:
            show_service_error(form, error)
            return _account_page(user, error.status_code, **{form_name: form})
        flash(done, "success")
        return redirect(url_for("admin.account", user_id=user.id), 303)
    return _account_page(user, 422, **{form_name: form})


@bp.post("/<id:user_id>/rollen")
@permission_required("administer")
@reauth_required
def grant(user_id: int):
    user = services.get_account(actor=_actor(), user_id=user_id)
    form = _grant_form(GrantRoleForm())
    return _act(
        user,
        form,
        lambda: accounts.grant_role(
            actor=_actor(),
            user=user,
            role=form.role.data,
            district_code=form.district.data or None,
            organisation_slug=form.organisation.data or None,
        ),
        _("Die Rolle ist vergeben. Die Person meldet sich neu an."),
        "grant_form",
    )


@bp.post("/<id:user_id>/rollen/<id:assignment_id>/entziehen")
@permission_required("administer")
@reauth_required
def revoke(user_id: int, assignment_id: int):
    require_confirmed()
    user = services.get_account(actor=_actor(), user_id=user_id)
    assignment = db.session.get(RoleAssignment, assignment_id)
    if assignment is None or assignment.user_id != user.id:
        # Taken away in the meantime (another tab, another administrator).
        flash(_("Diese Rolle hat das Konto nicht."), "info")
        return redirect(url_for("admin.account", user_id=user.id), 303)
    try:
        accounts.revoke_role(
            actor=_actor(),
            user=user,
            role=assignment.role,
            district_code=assignment.district.code if assignment.district else None,
            organisation_slug=assignment.organisation.slug if assignment.organisation else None,
        )
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Die Rolle ist entzogen."), "success")
    return redirect(url_for("admin.account", user_id=user.id), 303)


@bp.post("/<id:user_id>/sperren")
@permission_required("administer")
def block(user_id: int):
    user = services.get_account(actor=_actor(), user_id=user_id)
    form = BlockForm()
    return _act(
        user,
        form,
        lambda: services.block(
            actor=_actor(), user=user, duration=form.duration.data, reason=form.reason.data
        ),
        _("Das Konto ist gesperrt; die Person wurde per E-Mail informiert."),
        "block_form",
    )


@bp.post("/<id:user_id>/entsperren")
@permission_required("administer")
def unblock(user_id: int):
    require_confirmed()
    user = services.get_account(actor=_actor(), user_id=user_id)
    try:
        services.unblock(actor=_actor(), user=user)
    except DomainError as error:
        flash(error.message, "info")
    else:
        flash(_("Das Konto ist wieder freigeschaltet."), "success")
    return redirect(url_for("admin.account", user_id=user.id), 303)


@bp.post("/<id:user_id>/zwei-faktor-zuruecksetzen")
@permission_required("administer")
@reauth_required
def reset_two_factor(user_id: int):
    user = services.get_account(actor=_actor(), user_id=user_id)
    form = ResetTwoFactorForm()
    return _act(
        user,
        form,
        lambda: services.reset_two_factor(actor=_actor(), user=user, reason=form.reason.data),
        _("Die Zwei-Faktor-Anmeldung ist zurückgesetzt; die Person wurde informiert."),
        "reset_form",
    )


@bp.post("/<id:user_id>/loeschen")
@permission_required("administer")
@reauth_required
def delete(user_id: int):
    user = services.get_account(actor=_actor(), user_id=user_id)
    form = AdminDeleteForm()
    if form.validate_on_submit():
        try:
            deletion.delete_account(
                actor=_actor(),
                user=user,
                delete_contributions=form.delete_contributions.data,
                reason=form.reason.data,
            )
        except DomainError as error:
            show_service_error(form, error)
            return _account_page(user, error.status_code, delete_form=form)
        flash(_("Das Konto ist gelöscht."), "success")
        return redirect(url_for("admin.index"), 303)
    return _account_page(user, 422, delete_form=form)


ACTION_LABELS = {
    "grant_role": _l("Rolle vergeben"),
    "revoke_role": _l("Rolle entzogen"),
    "reset_two_factor": _l("Zwei-Faktor-Anmeldung zurückgesetzt"),
    "delete_account": _l("Konto gelöscht"),
    "block": _l("Gesperrt"),
    "unblock": _l("Sperre aufgehoben"),
}


@bp.app_template_filter("account_action")
def account_action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))
