"""Answering proposals: the staff queue (/verwaltung/antworten), the answer page of a
proposal with its assignment, the team of a process, and the public list of overdue
answers (/antworten/ueberfaellig)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.accounts.models import User
from participation.answers import accountability as accountability_figures
from participation.answers import queue, services
from participation.answers.forms import AnswerForm, AssignForm
from participation.core.errors import NotFound
from participation.core.forms import submit_form
from participation.core.permissions import permission_required
from participation.core.sitemap import public_page
from participation.districts.services import list_districts
from participation.extensions import db
from participation.projects import services as projects
from participation.projects.permissions import is_office
from participation.projects.sections import Section, process_section, shared_section
from participation.proposals.models import Proposal

bp = Blueprint("answers", __name__)
STAFF = "/verwaltung/antworten"


def _actor():
    return current_user._get_current_object()


def _page_number() -> int:
    return request.args.get("seite", 1, type=int) or 1


def _proposal(proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not services.may_answer(_actor(), proposal):
        raise NotFound(_l("Diesen Vorschlag gibt es nicht."))
    return proposal


def _person(form: AssignForm):
    return db.session.get(User, form.assignee.data) if form.assignee.data else None


@bp.get(STAFF)
@permission_required("manage_processes")
def index():
    """The answer queue: due, overdue and answered, for oneself or (the office) anyone."""
    tab = request.args.get("ansicht", "offen")[:20]
    who = request.args.get("wer", "ich")[:20]
    result = queue.staff_queue(actor=_actor(), tab=tab, who=who, page=_page_number())
    return render_template(
        "answers/queue.html",
        result=result,
        tab=tab if tab in queue.TABS else "offen",
        who=who,
        staff=services.staff_members() if is_office(_actor()) else [],
    )


def _answer_page(proposal, *, answer_form=None, assign_form=None, status: int = 200):
    staff = services.responsible_staff(proposal.process)
    existing = services.response_of(proposal)
    if answer_form is None:
        answer_form = AnswerForm(
            data={
                "status": existing.status,
                "text": existing.text_markdown,
                "duplicate_of": existing.duplicate_of_id,
            }
            if existing is not None
            else None
        )
    assignment = services.assignment_of(proposal)
    if assign_form is None:
        assign_form = AssignForm(
            staff=staff,
            data={"assignee": assignment.assignee_id, "due_on": assignment.due_on}
            if assignment
            else None,
        )
    return (
        render_template(
            "answers/answer.html",
            proposal=proposal,
            form=answer_form,
            assign_form=assign_form,
            response=existing,
            assignment=assignment,
            team=services.process_assignments(proposal.process),
            may_assign=services.may_assign(_actor(), proposal.process),
        ),
        status,
    )


@bp.route(f"{STAFF}/<id:proposal_id>", methods=["GET", "POST"])
@permission_required("manage_processes")
def answer(proposal_id: int):
    """Write or change the official response to one proposal."""
    proposal = _proposal(proposal_id)
    if request.method == "GET":
        return _answer_page(proposal)
    form = AnswerForm()
    done, status = submit_form(
        form,
        lambda: services.answer(
            actor=_actor(),
            proposal=proposal,
            status=form.status.data or "",
            text=form.text.data or "",
            duplicate_of_id=form.duplicate_of.data,
        ),
        done=_l("Die Antwort ist veröffentlicht."),
        target=url_for("proposals.detail", proposal_id=proposal.id),
    )
    if done:
        return done
    return _answer_page(proposal, answer_form=form, status=status)


@bp.post(f"{STAFF}/<id:proposal_id>/zuweisen")
@permission_required("manage_processes")
def assign(proposal_id: int):
    """The office gives one proposal to a person, with a due date."""
    proposal = _proposal(proposal_id)
    form = AssignForm(staff=services.responsible_staff(proposal.process))
    done, status = submit_form(
        form,
        lambda: services.assign_proposal(
            actor=_actor(), proposal=proposal, assignee=_person(form), due_on=form.due_on.data
        ),
        done=_l("Die Zuständigkeit ist gespeichert."),
        target=url_for("answers.answer", proposal_id=proposal.id),
    )
    if done:
        return done
    return _answer_page(proposal, assign_form=form, status=status)


@bp.post(f"{STAFF}/<id:proposal_id>/zuweisung-aufheben")
@permission_required("manage_processes")
def unassign(proposal_id: int):
    proposal = _proposal(proposal_id)
    services.unassign_proposal(actor=_actor(), proposal=proposal)
    flash(str(_l("Der Vorschlag liegt wieder beim Team des Verfahrens.")), "success")
    return redirect(url_for("answers.answer", proposal_id=proposal.id), 303)


def _team_page(process, *, form=None, status: int = 200):
    staff = services.responsible_staff(process)
    return (
        render_template(
            "answers/team.html",
            process=process,
            form=form or AssignForm(staff=staff),
            team=services.process_assignments(process),
            may_assign=services.may_assign(_actor(), process),
        ),
        status,
    )


@bp.route("/verwaltung/verfahren/<slug>/zustaendigkeiten", methods=["GET", "POST"])
@permission_required("manage_processes")
def team(slug: str):
    """Who answers the proposals of a process, by when; the office assigns."""
    process = projects.get_process_for_staff(actor=_actor(), slug=slug[:120])
    if request.method == "GET":
        return _team_page(process)
    form = AssignForm(staff=services.responsible_staff(process))
    done, status = submit_form(
        form,
        lambda: services.assign_process(
            actor=_actor(), process=process, assignee=_person(form), due_on=form.due_on.data
        ),
        done=_l("Die Zuständigkeit ist gespeichert."),
        target=url_for("answers.team", slug=process.slug),
    )
    if done:
        return done
    return _team_page(process, form=form, status=status)


@bp.post("/verwaltung/verfahren/<slug>/zustaendigkeiten/<id:user_id>/entfernen")
@permission_required("manage_processes")
def remove_from_team(slug: str, user_id: int):
    process = projects.get_process_for_staff(actor=_actor(), slug=slug[:120])
    services.unassign_process(actor=_actor(), process=process, assignee_id=user_id)
    flash(str(_l("Die Zuständigkeit ist aufgehoben.")), "success")
    return redirect(url_for("answers.team", slug=process.slug), 303)


@bp.get("/antworten/ueberfaellig")
@public_page
def overdue():
    """Public: answers the administration owes past their due date."""
    district = request.args.get("bezirk", "")[:10]
    result = queue.overdue(district_code=district or None, page=_page_number())
    return render_template(
        "answers/overdue.html", result=result, district=district, districts=list_districts()
    )


@bp.get("/antworten")
@public_page
def accountability():
    """Public: per district, how many proposals have their answer, how many are overdue,
    and how soon after the dialogue answers come."""
    rows, city = accountability_figures.by_district()
    return render_template("answers/accountability.html", rows=rows, city=city)


@process_section(order=80)
def answers_section(process, actor) -> Section | None:
    """Every public process says how far the administration has answered."""
    if process.status not in accountability_figures.OWED:
        return None
    return shared_section(
        "answers/_process_section.html",
        (process.id,),
        lambda: {"record": accountability_figures.for_process(process)},
    )


@bp.app_template_global("official_response")
def official_response(proposal):
    """The official response to a proposal, for its page (one query)."""
    return services.response_of(proposal)


@bp.app_template_global("answer_allowed")
def answer_allowed(proposal) -> bool:
    return services.may_answer(_actor(), proposal)
