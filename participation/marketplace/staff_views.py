"""The office's marketplace pages (/verwaltung/marktplatz): companies to confirm, every
deal, marketplace events, and the figures."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participation.core.errors import DomainError, NotFound
from participation.core.forms import submit_form
from participation.core.permissions import permission_required
from participation.extensions import db
from participation.marketplace import listing, services
from participation.marketplace.forms import DecideForm, EventForm
from participation.marketplace.models import Company

bp = Blueprint("marketplace_staff", __name__, url_prefix="/verwaltung/marktplatz")


def _actor():
    return current_user._get_current_object()


@bp.get("")
@permission_required("manage_marketplace")
def index():
    page = request.args.get("seite", 1, type=int) or 1
    return render_template(
        "marketplace/staff_index.html",
        form=DecideForm(),
        events=listing.events(page=1),
        **listing.office(page=page),
    )


@bp.post("/unternehmen/<id:company_id>/entscheiden")
@permission_required("manage_marketplace")
def decide(company_id: int):
    company = db.session.scalar(select(Company).where(Company.id == company_id))
    if company is None:
        raise NotFound(_("Dieses Unternehmen gibt es nicht."))
    form = DecideForm()
    confirm = request.form.get("decision") == "confirm"
    try:
        services.decide_company(
            actor=_actor(), company=company, confirm=confirm, reason=form.reason.data or ""
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(_("Bestätigt.") if confirm else _("Abgelehnt."), "success")
    return redirect(url_for("marketplace_staff.index"), 303)


@bp.route("/veranstaltungen/neu", methods=["GET", "POST"])
@permission_required("manage_marketplace")
def new_event():
    form = EventForm()
    if request.method == "GET":
        return render_template("marketplace/event_form.html", form=form)
    created = []

    def create():
        from participation.core.clock import CITY_TIMEZONE

        starts = form.starts_at.data
        created.append(
            services.create_event(
                actor=_actor(),
                data=services.EventInput(
                    title=form.title.data or "",
                    starts_at=starts.replace(tzinfo=CITY_TIMEZONE) if starts else None,
                    place=form.place.data or "",
                    description=form.description.data or "",
                    capacity=form.capacity.data,
                ),
            )
        )

    done, status = submit_form(
        form,
        create,
        done=_("Die Veranstaltung ist angelegt."),
        target=url_for("marketplace_staff.index"),
    )
    if done:
        return redirect(url_for("marketplace.event", event_id=created[0].id), 303)
    db.session.rollback()
    return render_template("marketplace/event_form.html", form=form), status


@bp.get("/kennzahlen")
@permission_required("manage_marketplace")
def figures():
    return render_template(
        "marketplace/figures.html", figures=listing.figures(), non_profit=services.NON_PROFIT
    )
