"""/verwaltung/verfahren/<slug>/rat: staff link council papers to a process."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.core.forms import submit_form
from participation.core.permissions import permission_required
from participation.council import services
from participation.council.forms import LinkForm, SearchForm, UnlinkForm
from participation.projects import services as projects

bp = Blueprint("council_staff", __name__, url_prefix="/verwaltung/verfahren")


def _actor():
    return current_user._get_current_object()


def _page(process, *, form: LinkForm, status: int = 200):
    search = SearchForm(request.args)
    query = search.q.data if search.validate() else ""
    return (
        render_template(
            "council/staff.html",
            process=process,
            form=form,
            search=search,
            results=services.search_papers(query) if query else None,
            record=services.record_for(process),
            configured=services.is_configured(),
            unlink_form=UnlinkForm(),
        ),
        status,
    )


@bp.route("/<slug>/rat", methods=["GET", "POST"])
@permission_required("manage_processes")
def papers(slug: str):
    process = projects.get_process_for_staff(actor=_actor(), slug=slug[:120])
    form = LinkForm()
    if not form.is_submitted():
        return _page(process, form=form)
    done, status = submit_form(
        form,
        lambda: services.link_paper(
            actor=_actor(), process=process, reference=form.reference.data or ""
        ),
        done=_l("Die Drucksache ist mit dem Verfahren verknüpft."),
        target=url_for("council_staff.papers", slug=process.slug),
    )
    return done or _page(process, form=form, status=status)


@bp.post("/<slug>/rat/<id:document_id>/entfernen")
@permission_required("manage_processes")
def unlink(slug: str, document_id: int):
    process = projects.get_process_for_staff(actor=_actor(), slug=slug[:120])
    form = UnlinkForm()
    done, status = submit_form(
        form,
        lambda: services.unlink_paper(actor=_actor(), process=process, document_id=document_id),
        done=_l("Die Verknüpfung ist aufgehoben."),
        target=url_for("council_staff.papers", slug=process.slug),
    )
    return done or _page(process, form=LinkForm(formdata=None), status=status)
