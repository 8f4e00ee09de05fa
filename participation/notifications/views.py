"""The notification centre, the delivery preferences, standing interests, and the signed
links in mails (one-click unsubscribe, preferences without signing in)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from participation.accounts.forms import require_confirmed
from participation.core.errors import DomainError
from participation.core.forms import show_service_error
from participation.core.htmx import render_page_or_fragment
from participation.extensions import csrf, htmx
from participation.mail import pausing
from participation.notifications import delivery, interests, preferences, services
from participation.notifications.forms import InterestForm, QuickInterestForm, preferences_form
from participation.notifications.kinds import kinds_for
from participation.notifications.preferences import Preferences

bp = Blueprint("notifications", __name__)


def _actor():
    return current_user._get_current_object()


def _page_number() -> int:
    value = request.args.get("seite", "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1


@bp.get("/konto/benachrichtigungen")
@login_required
def centre():
    actor = _actor()
    return render_page_or_fragment(
        "notifications/centre.html",
        "notifications/_list.html",
        result=services.page(actor, _page_number()),
        paused=pausing.is_paused(actor.email),
    )


@bp.post("/konto/benachrichtigungen/<id:notification_id>/gelesen")
@login_required
def mark_read(notification_id: int):
    require_confirmed()
    notification = services.mark_read(actor=_actor(), notification_id=notification_id)
    if htmx:
        return render_template("notifications/_item.html", notification=notification) + (
            render_template("notifications/_header_link.html", oob=True)
        )
    return redirect(url_for("notifications.centre"), 303)


@bp.post("/konto/benachrichtigungen/alle-gelesen")
@login_required
def mark_all_read():
    require_confirmed()
    count = services.mark_all_read(actor=_actor())
    flash(_("%(num)s Benachrichtigungen als gelesen markiert.", num=count), "success")
    return redirect(url_for("notifications.centre"), 303)


def _preferences_page(user, *, form=None, token=None, status=200):
    settings = preferences.settings_of(user)
    kinds = kinds_for(user)
    form = form or preferences_form(kinds, preferences.channels_of(user), settings)
    return (
        render_template(
            "notifications/preferences.html",
            form=form,
            kinds=kinds,
            token=token,
            paused=pausing.is_paused(user.email),
            mail_off=settings.mail_off,
            person=user,
        ),
        status,
    )


def _save_preferences(user, token=None):
    """Validate and store the preferences form for `user`; (response, status)."""
    kinds = kinds_for(user)
    form = preferences_form(
        kinds, preferences.channels_of(user), preferences.settings_of(user), formdata=request.form
    )
    if not form.validate_on_submit():
        return _preferences_page(user, form=form, token=token, status=422)
    try:
        preferences.save_preferences(
            actor=user,
            used_link=token is not None,
            preferences=Preferences(
                channels={name: form[f"kind_{name}"].data for name in kinds},
                digest_frequency=form.digest_frequency.data,
                digest_weekday=form.digest_weekday.data
                if form.digest_weekday.data is not None
                else -1,
                digest_hour=form.digest_hour.data if form.digest_hour.data is not None else -1,
                follow_own=form.follow_own.data,
            ),
        )
    except DomainError as error:
        show_service_error(form, error)
        return _preferences_page(user, form=form, token=token, status=error.status_code)
    return None, None


@bp.route(
    "/konto/benachrichtigungen/einstellungen", methods=["GET", "POST"], endpoint="preferences"
)
@login_required
def preferences_view():
    actor = _actor()
    if request.method == "GET":
        return _preferences_page(actor)
    failed, status = _save_preferences(actor)
    if failed is not None:
        return failed, status
    flash(_("Ihre Einstellungen sind gespeichert."), "success")
    return redirect(url_for("notifications.preferences"), 303)


@bp.post("/konto/benachrichtigungen/email-fortsetzen")
@login_required
def resume_mail():
    require_confirmed()
    preferences.resume_mail(actor=_actor())
    flash(_("Wir schicken Ihnen wieder E-Mails."), "success")
    return redirect(url_for("notifications.preferences"), 303)


# --- signed links from mails --------------------------------------------------------------


def _bad_link(why: str):
    status = 410 if why == "used" else 400
    return render_template("notifications/bad_link.html", why=why), status


@bp.route("/benachrichtigungen/abmelden/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """One click (RFC 8058: the mail client POSTs here) or the button on the page: no more
    mail of any kind; the notification centre keeps everything. The token authorises it."""
    user, why = delivery.user_for_token(delivery.UNSUBSCRIBE, token)
    if user is None:
        return _bad_link(why)
    if request.method == "GET":
        return render_template("notifications/unsubscribe.html", token=token)
    # The body ("List-Unsubscribe=One-Click") carries nothing we need, but reading it puts
    # it under the request size limit like every other form.
    request.form.get("List-Unsubscribe")
    changed = preferences.unsubscribe(user=user)
    return render_template("notifications/unsubscribed.html", already=not changed)


@bp.route("/benachrichtigungen/einstellungen/<token>", methods=["GET", "POST"])
def preferences_by_link(token: str):
    """The preferences without signing in, through the signed link of a mail; the link
    works until it has been used to save."""
    user, why = delivery.user_for_token(delivery.PREFERENCES, token)
    if user is None:
        return _bad_link(why)
    if request.method == "GET":
        return _preferences_page(user, token=token)
    failed, status = _save_preferences(user, token=token)
    if failed is not None:
        return failed, status
    return render_template("notifications/saved_by_link.html")


# --- standing interests ---------------------------------------------------------------------


def _interests_page(form=None, status=200):
    from participation.follows.services import following

    actor = _actor()
    return (
        render_template(
            "notifications/interests.html",
            form=form or InterestForm(),
            interests=interests.interests_of(actor),
            following=following(actor),
        ),
        status,
    )


@bp.route("/konto/interessen", methods=["GET", "POST"])
@login_required
def interests_view():
    if request.method == "GET":
        return _interests_page()
    form = InterestForm()
    if not form.validate_on_submit():
        return _interests_page(form, 422)
    try:
        interests.save(
            actor=_actor(),
            data=interests.InterestInput(
                area=form.area.data or "",
                quarter_id=form.quarter_id(),
                include_citywide=form.include_citywide.data,
                action_field_slug=form.action_field.data or "",
                keywords=form.keywords.data or "",
            ),
        )
    except DomainError as error:
        show_service_error(form, error)
        return _interests_page(form, error.status_code)
    flash(
        _l("Ihr Interesse ist gespeichert. Wir sagen Ihnen Bescheid, wenn es Neues gibt."),
        "success",
    )
    return redirect(url_for("notifications.interests_view"), 303)


@bp.post("/konto/interessen/<id:interest_id>/loeschen")
@login_required
def remove_interest(interest_id: int):
    require_confirmed()
    interests.remove(actor=_actor(), interest_id=interest_id)
    flash(_("Das Interesse ist gelöscht."), "success")
    return redirect(url_for("notifications.interests_view"), 303)


@bp.post("/konto/interessen/schnell")
@login_required
def quick_interest():
    """ "Benachrichtige mich über Neues in <Bezirk>": saves the filter it was sent from."""
    require_confirmed()
    form = QuickInterestForm()
    try:
        interests.save(
            actor=_actor(),
            data=interests.InterestInput(
                area=(form.bezirk.data or "")[:12],
                action_field_slug=(form.handlungsfeld.data or "")[:80],
            ),
        )
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("notifications.interests_view"), 303)
    flash(_("Gespeichert: Wir sagen Ihnen Bescheid, wenn es hier Neues gibt."), "success")
    return redirect(url_for("notifications.interests_view"), 303)
