"""The public page of the volunteer phone (/freiwilligentelefon): open now or when next,
the week's hours, and the callback form (no account)."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_babel import gettext as _

from participation.core.clock import local_today, utcnow
from participation.core.errors import DomainError
from participation.core.forms import show_service_error
from participation.core.sitemap import public_page
from participation.extensions import db, limiter
from participation.privacy.retention import PERIODS, days
from participation.volunteerphone import hours, services
from participation.volunteerphone.forms import CallbackForm

bp = Blueprint("volunteerphone", __name__, url_prefix="/freiwilligentelefon")


@bp.app_context_processor
def phone_labels():
    return {
        "phone_topics": services.TOPIC_LABELS,
        "phone_age_groups": services.AGE_GROUP_LABELS,
        "phone_outcomes": services.OUTCOME_LABELS,
        "phone_statuses": services.STATUS_LABELS,
        "phone_weekdays": services.WEEKDAY_LABELS,
    }


def _page(form: CallbackForm, status: int = 200):
    slots, exceptions = services.pattern()
    today = local_today()
    period = next(p for p in PERIODS if p.key == "volunteer_phone_callbacks")
    return render_template(
        "volunteerphone/index.html",
        form=form,
        line=hours.line_status(utcnow(), slots, exceptions),
        week=hours.week(today, slots, exceptions),
        tomorrow=today + timedelta(days=1),
        on_duty=services.public_names_on_duty(today),
        number=current_app.config["VOLUNTEER_PHONE_NUMBER"],
        retention_days=days(period),
    ), status


@bp.get("")
@public_page
def index():
    return _page(CallbackForm())


@bp.post("/rueckruf")
@limiter.limit(lambda: current_app.config["RATELIMIT_CALLBACK"], methods=["POST"])
def request_callback():
    form = CallbackForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    try:
        services.request_callback(form.callback())
    except DomainError as error:
        db.session.rollback()
        show_service_error(form, error)
        return _page(form, error.status_code)
    return redirect(url_for("volunteerphone.thanks"), 303)


@bp.get("/rueckruf/danke")
def thanks():
    return render_template(
        "volunteerphone/thanks.html", number=current_app.config["VOLUNTEER_PHONE_NUMBER"]
    )


__all__ = ["bp", "_"]
