"""The office's figures of the Freiwilligenbörse (/verwaltung/engagement), with CSV."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.exports import csv_response
from participation.core.permissions import permission_required
from participation.volunteering import figures

bp = Blueprint("volunteering_staff", __name__, url_prefix="/verwaltung")


@bp.get("/engagement")
@permission_required("see_volunteering_figures")
def figures_page():
    return render_template(
        "volunteering/figures.html", data=figures.overview(actor=current_user._get_current_object())
    )


@bp.get("/engagement.csv")
@permission_required("see_volunteering_figures")
def figures_csv():
    data = figures.overview(actor=current_user._get_current_object())
    rows = [
        (_("Stadtbezirk"), r.label, r.opportunities, r.interests, r.matches)
        for r in data["districts"]
    ]
    rows += [
        (_("Handlungsfeld"), r.label, r.opportunities, r.interests, r.matches)
        for r in data["fields"]
    ]
    rows.append((_("Median Tage bis zur ersten Antwort"), "", data["median_days"] or "", "", ""))
    return csv_response(
        (_("Gruppe"), _("Name"), _("Engagements"), _("Interessen"), _("Vermittlungen")),
        rows,
        "freiwilligenboerse.csv",
    )
