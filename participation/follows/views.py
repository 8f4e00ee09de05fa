"""Follow and stop following a process from the Vorhabenliste (plain forms, no JS needed)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.accounts.forms import require_confirmed
from participation.core.errors import NotFound
from participation.extensions import db
from participation.follows import services
from participation.projects.models import Process

bp = Blueprint("follows", __name__)


def _process(slug: str) -> Process:
    process = db.session.scalar(select(Process).where(Process.slug == slug[:120]))
    if process is None:
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))
    return process


def _back(process: Process):
    return redirect(url_for("coordination.planned", _anchor=f"vorhaben-{process.id}"), 303)


@bp.post("/vorhabenliste/<slug>/folgen")
@login_required
def follow(slug: str):
    process = _process(slug)
    require_confirmed()
    services.follow(actor=current_user._get_current_object(), process=process)
    flash(
        _(
            "Sie folgen „%(title)s“. Wir schreiben Ihnen, sobald das Verfahren beginnt.",
            title=process.title,
        ),
        "success",
    )
    return _back(process)


@bp.post("/vorhabenliste/<slug>/nicht-mehr-folgen")
@login_required
def unfollow(slug: str):
    process = _process(slug)
    require_confirmed()
    services.unfollow(actor=current_user._get_current_object(), process=process)
    flash(_("Sie folgen „%(title)s“ nicht mehr.", title=process.title), "success")
    return _back(process)
