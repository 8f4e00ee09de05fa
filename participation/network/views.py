"""The network's public pages: the start page (/netzwerk), meetings, the work programme,
working groups, the speaker group and its elections, where contacts stand and vote."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from participation.contributions import listing
from participation.core.clock import local_today
from participation.core.errors import NotFound
from participation.core.forms import positive_ids, submit_form
from participation.core.permissions import can
from participation.core.sitemap import public_page, sitemap_provider
from participation.extensions import db
from participation.network import elections, groups, meetings, news
from participation.network.forms import ITEM_LABELS, BallotForm, ItemStatusForm
from participation.network.models import WorkProgrammeItem
from participation.partners import agreement, directory
from participation.partners.models import PartnerOrganisation

bp = Blueprint("network", __name__)


def _actor():
    return current_user._get_current_object()


@bp.app_context_processor
def network_labels():
    return {"item_labels": ITEM_LABELS, "election_stage": elections.stage}


@bp.get("/netzwerk")
@public_page
def index():
    """What the network is, how to join, the agreement, news and upcoming events."""
    return render_template(
        "network/index.html",
        current=agreement.current_agreement(),
        partners=directory.counts_by_status()["active"],
        news=news.latest(),
        events=listing.listed(kind="event", limit=5),
        next_meetings=meetings.upcoming_meetings(limit=3),
    )


@bp.get("/netzwerk/treffen")
@public_page
def meeting_list():
    return render_template(
        "network/meetings.html",
        upcoming=meetings.upcoming_meetings(),
        past=meetings.past_meetings(request.args.get("seite", 1, type=int) or 1),
    )


@bp.get("/netzwerk/treffen/<id:meeting_id>")
def meeting(meeting_id: int):
    return render_template("network/meeting.html", meeting=meetings.get_meeting(meeting_id))


def _programme_page(status_form=None, status: int = 200):
    years = meetings.programme_years()
    year = request.args.get("jahr", type=int) or local_today().year
    year = min(max(year, 2000), 2100)
    return (
        render_template(
            "network/programme.html",
            year=year,
            years=years,
            programme=meetings.programme(year),
            status_form=status_form or ItemStatusForm(),
        ),
        status,
    )


@bp.get("/netzwerk/arbeitsprogramm")
@public_page
def programme():
    """The work programme of a year (default: this one) and how far each item got."""
    return _programme_page()


@bp.post("/netzwerk/arbeitsprogramm/punkte/<id:item_id>/stand")
@login_required
def item_status(item_id: int):
    """A responsible organisation (or the office) reports an item's progress."""
    item = db.session.get(WorkProgrammeItem, item_id)
    if item is None:
        raise NotFound(_l("Diesen Punkt gibt es nicht."))
    form = ItemStatusForm(prefix=f"i{item.id}")
    done, status = submit_form(
        form,
        lambda: meetings.set_item_status(actor=_actor(), item=item, status=form.status.data or ""),
        done=_l("Der Stand ist gespeichert."),
        target=url_for("network.programme", jahr=_item_year(item)),
    )
    return done or _programme_page(form, status)


def _item_year(item: WorkProgrammeItem) -> int:
    from participation.network.models import WorkProgramme

    return db.session.get(WorkProgramme, item.programme_id).year


@bp.app_template_global("item_status_form")
def item_status_form(item):
    return ItemStatusForm(prefix=f"i{item.id}", data={"status": item.status})


@bp.get("/netzwerk/arbeitsgruppen")
@public_page
def group_list():
    return render_template("network/groups.html", groups=groups.groups())


@bp.get("/netzwerk/arbeitsgruppen/<slug>")
def group(slug: str):
    found = groups.get_group(slug)
    return render_template("network/group.html", group=found, meetings=groups.group_meetings(found))


@bp.get("/netzwerk/sprecherinnengruppe")
@public_page
def speakers():
    coordinating, current, elected = elections.speaker_group()
    return render_template(
        "network/speakers.html",
        coordinating=coordinating,
        current=current,
        elected=elected,
        elections=elections.elections(),
    )


def _spoken_for_active() -> list[PartnerOrganisation]:
    """The active organisations the signed-in user is the contact of."""
    actor = _actor()
    if not actor.is_authenticated:
        return []
    return [
        a.organisation
        for a in actor.roles
        if a.organisation is not None
        and a.organisation.is_active
        and can(actor, "speak_for_organisation", a.organisation)
    ]


def _election_page(election, *, ballot_form=None, status: int = 200):
    mine = _spoken_for_active()
    return (
        render_template(
            "network/election.html",
            election=election,
            stage=elections.stage(election),
            turnout=elections.turnout(election),
            mine=[(o, elections.has_voted(election, o)) for o in mine],
            nominated={n.organisation_id for n in election.nominations},
            ballot_form=ballot_form or BallotForm(election=election),
        ),
        status,
    )


@bp.get("/netzwerk/wahlen/<id:election_id>")
def election(election_id: int):
    return _election_page(elections.get_election(election_id))


def _organisation_from_form(organisations) -> PartnerOrganisation:
    wanted = request.form.get("organisation", type=int)
    for organisation in organisations:
        if organisation.id == wanted:
            return organisation
    if len(organisations) == 1 and wanted is None:
        return organisations[0]
    raise NotFound(_l("Für diese Organisation können Sie nicht handeln."))


@bp.post("/netzwerk/wahlen/<id:election_id>/kandidieren")
@login_required
def nominate(election_id: int):
    found = elections.get_election(election_id)
    organisation = _organisation_from_form(_spoken_for_active())
    elections.nominate(actor=_actor(), election=found, organisation=organisation)
    flash(str(_l("%(name)s kandidiert.", name=organisation.name)), "success")
    return redirect(url_for("network.election", election_id=found.id), 303)


@bp.post("/netzwerk/wahlen/<id:election_id>/abstimmen")
@login_required
def vote(election_id: int):
    """The contact casts the organisation's one secret ballot."""
    found = elections.get_election(election_id)
    organisation = _organisation_from_form(_spoken_for_active())
    form = BallotForm(election=found)
    done, status = submit_form(
        form,
        lambda: elections.cast(
            actor=_actor(),
            election=found,
            organisation=organisation,
            nomination_ids=positive_ids(form.choices.data),
        ),
        done=_l("Die Stimme Ihrer Organisation ist abgegeben."),
        target=url_for("network.election", election_id=found.id),
    )
    return done or _election_page(found, ballot_form=form, status=status)


@sitemap_provider
def governance_pages():
    from sqlalchemy import select

    from participation.network.models import NetworkMeeting, SpeakerElection, WorkingGroup

    pages = [
        ("network.meeting", {"meeting_id": i})
        for i in db.session.scalars(select(NetworkMeeting.id).order_by(NetworkMeeting.id))
    ]
    pages += [
        ("network.group", {"slug": slug})
        for slug in db.session.scalars(select(WorkingGroup.slug).order_by(WorkingGroup.id))
    ]
    pages += [
        ("network.election", {"election_id": i})
        for i in db.session.scalars(select(SpeakerElection.id).order_by(SpeakerElection.id))
    ]
    return pages
