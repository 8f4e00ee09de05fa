"""The office runs the network: meetings with minutes and attendance, the work programme,
working groups and speaker elections (/verwaltung/netzwerk/...)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from participation.core.clock import local_today
from participation.core.errors import Invalid
from participation.core.forms import positive_ids, submit_form
from participation.core.permissions import permission_required
from participation.extensions import db
from participation.network import elections, groups, meetings
from participation.network.forms import (
    AdoptForm,
    DocumentForm,
    ElectionForm,
    GroupForm,
    ItemForm,
    MeetingForm,
    local,
)
from participation.partners.models import PartnerOrganisation

bp = Blueprint("network_staff", __name__)
STAFF = "/verwaltung/netzwerk"


def _actor():
    return current_user._get_current_object()


def _active() -> list[PartnerOrganisation]:
    return list(
        db.session.scalars(
            select(PartnerOrganisation)
            .where(PartnerOrganisation.status == "active")
            .order_by(PartnerOrganisation.name)
        )
    )


def _with(attached) -> list[PartnerOrganisation]:
    """The active organisations and those already attached (which may have left since), so
    saving a form never drops a past attendance or membership."""
    chosen = {o.id: o for o in _active()}
    chosen.update({o.id: o for o in attached})
    return sorted(chosen.values(), key=lambda o: o.name.casefold())


def _meetings_page(form=None, status: int = 200):
    return (
        render_template(
            "network/staff_meetings.html",
            form=form or MeetingForm(organisations=_active()),
            check=meetings.year_check(),
            upcoming=meetings.upcoming_meetings(),
            past=meetings.past_meetings(request.args.get("seite", 1, type=int) or 1),
        ),
        status,
    )


def _save_meeting(form, meeting=None, group=None):
    return meetings.save_meeting(
        actor=_actor(),
        meeting=meeting,
        title=form.title.data or "",
        starts_at=local(form.starts_at.data),
        place=form.place.data or "",
        agenda=form.agenda.data or "",
        minutes=form.minutes.data or "",
        attendee_ids=positive_ids(form.attendees.data),
        working_group=group,
    )


@bp.route(f"{STAFF}/treffen", methods=["GET", "POST"])
@permission_required("manage_partners")
def meeting_list():
    """Plan a meeting; a warning when the year is heading for too few."""
    if request.method == "GET":
        return _meetings_page()
    form = MeetingForm(organisations=_active())
    done, status = submit_form(
        form,
        lambda: _save_meeting(form),
        done=_l("Das Treffen ist eingetragen."),
        target=url_for("network_staff.meeting_list"),
    )
    return done or _meetings_page(form, status)


@bp.route(f"{STAFF}/treffen/<id:meeting_id>", methods=["GET", "POST"])
@permission_required("manage_partners")
def meeting(meeting_id: int):
    """Agenda, minutes and attendance of one meeting."""
    found = meetings.get_meeting(meeting_id)
    if request.method == "GET":
        form = MeetingForm.of(found, _with(found.attendees))
        return render_template("network/staff_meeting.html", meeting=found, form=form)
    form = MeetingForm(organisations=_with(found.attendees))
    done, status = submit_form(
        form,
        lambda: _save_meeting(form, meeting=found),
        done=_l("Das Treffen ist gespeichert."),
        target=url_for("network.meeting", meeting_id=found.id),
    )
    if done:
        return done
    db.session.rollback()
    return render_template("network/staff_meeting.html", meeting=found, form=form), status


def _programme_page(*, item_form=None, adopt_form=None, status: int = 200):
    year = local_today().year
    candidates = meetings.meetings_in(year)
    return (
        render_template(
            "network/staff_programme.html",
            year=year,
            this_year=meetings.programme(year),
            next_year=meetings.programme(year + 1),
            item_form=item_form or ItemForm(organisations=_active(), data={"year": year + 1}),
            adopt_form=adopt_form
            or AdoptForm(
                meetings=candidates,
                data={"meeting": str(candidates[-1].id) if candidates else ""},
            ),
        ),
        status,
    )


@bp.route(f"{STAFF}/arbeitsprogramm", methods=["GET", "POST"])
@permission_required("manage_partners")
def programme():
    """Items of this and next year's programme; a new item."""
    if request.method == "GET":
        return _programme_page()
    form = ItemForm(organisations=_active())
    done, status = submit_form(
        form,
        lambda: meetings.add_item(
            actor=_actor(),
            year=form.year.data or 0,
            title=form.title.data or "",
            description=form.description.data or "",
            responsible_ids=positive_ids(form.responsible.data),
        ),
        done=_l("Der Punkt ist im Arbeitsprogramm."),
        target=url_for("network_staff.programme"),
    )
    return done or _programme_page(item_form=form, status=status)


@bp.post(f"{STAFF}/arbeitsprogramm/beschliessen")
@permission_required("manage_partners")
def adopt():
    """Record that the last meeting of this year adopted next year's programme."""
    form = AdoptForm(meetings=meetings.meetings_in(local_today().year))

    def adopt_at():
        if not form.meeting.data:
            raise Invalid(_l("Bitte wählen Sie das Treffen."), field="meeting")
        meetings.adopt(actor=_actor(), meeting=meetings.get_meeting(int(form.meeting.data)))

    done, status = submit_form(
        form,
        adopt_at,
        done=_l("Das Arbeitsprogramm ist beschlossen."),
        target=url_for("network_staff.programme"),
    )
    return done or _programme_page(adopt_form=form, status=status)


def _groups_page(form=None, status: int = 200):
    return (
        render_template(
            "network/staff_groups.html",
            groups=groups.groups(),
            form=form or GroupForm(organisations=_active()),
        ),
        status,
    )


@bp.route(f"{STAFF}/arbeitsgruppen", methods=["GET", "POST"])
@permission_required("manage_partners")
def group_list():
    if request.method == "GET":
        return _groups_page()
    form = GroupForm(organisations=_active())
    created = []
    done, status = submit_form(
        form,
        lambda: created.append(
            groups.save_group(
                actor=_actor(),
                title=form.title.data or "",
                description=form.description.data or "",
                member_ids=positive_ids(form.members.data),
            )
        ),
        done=_l("Die Arbeitsgruppe ist eingerichtet."),
        target=url_for("network_staff.group_list"),
    )
    if done:
        return redirect(url_for("network_staff.group", slug=created[0].slug), 303)
    return _groups_page(form, status)


def _group_page(group, *, form=None, document_form=None, meeting_form=None, status=200):
    return (
        render_template(
            "network/staff_group.html",
            group=group,
            form=form
            or GroupForm(
                organisations=_with(group.members),
                data={
                    "title": group.title,
                    "description": group.description_markdown,
                    "members": [str(o.id) for o in group.members],
                },
            ),
            document_form=document_form or DocumentForm(prefix="dokument"),
            meeting_form=meeting_form or MeetingForm(organisations=group.members, prefix="treffen"),
            meetings=groups.group_meetings(group),
        ),
        status,
    )


@bp.route(f"{STAFF}/arbeitsgruppen/<slug>", methods=["GET", "POST"])
@permission_required("manage_partners")
def group(slug: str):
    found = groups.get_group(slug)
    if request.method == "GET":
        return _group_page(found)
    form = GroupForm(organisations=_with(found.members))
    done, status = submit_form(
        form,
        lambda: groups.save_group(
            actor=_actor(),
            group=found,
            title=form.title.data or "",
            description=form.description.data or "",
            member_ids=positive_ids(form.members.data),
        ),
        done=_l("Die Arbeitsgruppe ist gespeichert."),
        target=url_for("network_staff.group", slug=found.slug),
    )
    if done:
        return done
    db.session.rollback()
    return _group_page(found, form=form, status=status)


@bp.post(f"{STAFF}/arbeitsgruppen/<slug>/dokumente")
@permission_required("manage_partners")
def add_document(slug: str):
    found = groups.get_group(slug)
    form = DocumentForm(prefix="dokument")
    done, status = submit_form(
        form,
        lambda: groups.add_document(
            actor=_actor(), group=found, title=form.title.data or "", url=form.url.data or ""
        ),
        done=_l("Das Dokument ist eingetragen."),
        target=url_for("network_staff.group", slug=found.slug),
    )
    return done or _group_page(found, document_form=form, status=status)


@bp.post(f"{STAFF}/arbeitsgruppen/<slug>/treffen")
@permission_required("manage_partners")
def group_meeting(slug: str):
    found = groups.get_group(slug)
    form = MeetingForm(organisations=found.members, prefix="treffen")
    done, status = submit_form(
        form,
        lambda: _save_meeting(form, group=found),
        done=_l("Das Treffen ist eingetragen."),
        target=url_for("network_staff.group", slug=found.slug),
    )
    return done or _group_page(found, meeting_form=form, status=status)


def _elections_page(form=None, status: int = 200):
    return (
        render_template(
            "network/staff_elections.html",
            elections=elections.elections(),
            form=form or ElectionForm(),
        ),
        status,
    )


@bp.route(f"{STAFF}/wahlen", methods=["GET", "POST"])
@permission_required("manage_partners")
def election_list():
    """Open an election of the speaker group's elected seats."""
    if request.method == "GET":
        return _elections_page()
    form = ElectionForm()
    done, status = submit_form(
        form,
        lambda: elections.create(
            actor=_actor(),
            nominations_close_at=local(form.nominations_close_at.data),
            voting_close_at=local(form.voting_close_at.data),
            term_starts_on=form.term_starts_on.data,
        ),
        done=_l("Die Wahl ist eröffnet; die Nominierung läuft."),
        target=url_for("network_staff.election_list"),
    )
    return done or _elections_page(form, status)


@bp.post(f"{STAFF}/wahlen/<id:election_id>/auszaehlen")
@permission_required("manage_partners")
def count(election_id: int):
    found = elections.get_election(election_id)
    elections.count(actor=_actor(), election=found)
    flash(str(_l("Das Ergebnis ist veröffentlicht.")), "success")
    return redirect(url_for("network.election", election_id=found.id), 303)


@bp.app_template_global("meeting_year_check")
def meeting_year_check():
    return meetings.year_check()
