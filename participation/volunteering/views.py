"""Pages of the Freiwilligenbörse: the public list and a page per opportunity with
"Ich habe Interesse"; the resident's interests and saved searches (/konto/engagement);
the organisation's own opportunities and inbox (/netzwerk/partner/<slug>/engagement)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.forms import ConfirmForm
from participation.core.errors import DomainError, NotFound
from participation.core.forms import show_service_error, submit_form
from participation.core.pagecache import cached_for_visitors
from participation.core.sitemap import public_page
from participation.extensions import db, limiter
from participation.partners import services as partners
from participation.volunteering import listing, searches, services
from participation.volunteering import moderation as _moderation  # noqa: F401 - registers the kind
from participation.volunteering.forms import DeclineForm, InterestForm, OpportunityForm

bp = Blueprint("volunteering", __name__)
ORG = "/netzwerk/partner/<slug>/engagement"
_contribute_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_CONTRIBUTE"], methods=["POST"]
)


def _actor():
    return current_user._get_current_object()


def _page() -> int:
    number = request.args.get("seite", 1, type=int) or 1
    return number if 0 < number < 100_000 else 1


def _confirmed() -> bool:
    """The CSRF check of the plain button forms; a stale form is said so, not 400'd."""
    if ConfirmForm().validate_on_submit():
        return True
    flash(_("Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."), "error")
    return False


@bp.app_context_processor
def volunteering_labels():
    return {
        "volunteer_rhythms": services.RHYTHM_LABELS,
        "volunteer_statuses": services.STATUS_LABELS,
        "volunteer_interest_statuses": services.INTEREST_LABELS,
        "volunteer_decline_reasons": services.DECLINE_LABELS,
        "volunteer_weekdays": services.WEEKDAY_LABELS,
    }


# --- public ----------------------------------------------------------------------------------


@bp.get("/engagement")
@public_page
@cached_for_visitors
def index():
    filters = listing.Filters.of(request.args)
    return render_template(
        "volunteering/list.html",
        result=listing.listed(filters, _page()),
        filters=filters,
        suitable=listing.SUITABLE,
        rhythm_slugs=listing.RHYTHM_SLUGS,
        form=ConfirmForm(),
        **listing.filter_choices(),
    )


def _detail(opportunity, form=None, status: int = 200):
    actor = _actor()
    return render_template(
        "volunteering/detail.html",
        opportunity=opportunity,
        interest=services.interest_of(actor, opportunity),
        may_manage=services.can(actor, "manage_opportunities", opportunity.organisation),
        form=form or InterestForm(),
    ), status


@bp.get("/engagement/<id:opportunity_id>")
@cached_for_visitors
def detail(opportunity_id: int):
    return _detail(services.get_opportunity(actor=_actor(), opportunity_id=opportunity_id))


@bp.post("/engagement/<id:opportunity_id>/interesse")
@login_required
@_contribute_limit
def express_interest(opportunity_id: int):
    opportunity = services.get_opportunity(actor=_actor(), opportunity_id=opportunity_id)
    form = InterestForm()
    if form.validate_on_submit():
        try:
            services.express_interest(
                actor=_actor(),
                opportunity=opportunity,
                message=form.message.data or "",
                consent=bool(form.consent.data),
            )
        except DomainError as error:
            db.session.rollback()
            show_service_error(form, error)
            return _detail(opportunity, form, error.status_code)
        flash(_("Ihr Interesse ist bei der Organisation angekommen."), "success")
        return redirect(url_for("volunteering.detail", opportunity_id=opportunity.id), 303)
    return _detail(opportunity, form, 422)


@bp.post("/engagement/suche-speichern")
@login_required
@_contribute_limit
def save_search():
    filters = listing.Filters.of(request.form)
    if _confirmed():
        searches.save(actor=_actor(), filters=filters)
        flash(
            _(
                "Die Suche ist gespeichert. Wir sagen Ihnen Bescheid, wenn etwas Passendes "
                "dazukommt."
            ),
            "success",
        )
    return redirect(url_for("volunteering.index", **filters.as_args()), 303)


# --- the resident's own ---------------------------------------------------------------------


@bp.get("/konto/engagement")
@login_required
def mine():
    actor = _actor()
    return render_template(
        "volunteering/mine.html",
        result=listing.of_resident(actor.id, _page()),
        searches=[(s, searches.as_filters(s)) for s in searches.of_user(actor.id)],
        form=ConfirmForm(),
    )


@bp.post("/konto/engagement/<id:interest_id>/zurueckziehen")
@login_required
def withdraw_interest(interest_id: int):
    if _confirmed():
        services.withdraw_interest(actor=_actor(), interest_id=interest_id)
        flash(_("Ihr Interesse ist zurückgezogen."), "success")
    return redirect(url_for("volunteering.mine"), 303)


@bp.post("/konto/engagement/suchen/<id:search_id>/loeschen")
@login_required
def delete_search(search_id: int):
    if _confirmed():
        searches.delete(actor=_actor(), search_id=search_id)
        flash(_("Die gespeicherte Suche ist gelöscht."), "success")
    return redirect(url_for("volunteering.mine"), 303)


# --- the organisation's -----------------------------------------------------------------------


def _organisation(slug: str):
    organisation = partners.get_organisation(actor=_actor(), slug=slug[:80])
    if not services.can(_actor(), "manage_opportunities", organisation):
        raise NotFound(_("Diese Seite gibt es nicht."))
    return organisation


def _own(slug: str, opportunity_id: int):
    organisation = _organisation(slug)
    return services.own_opportunity(
        actor=_actor(), organisation=organisation, opportunity_id=opportunity_id
    )


@bp.get(ORG)
@login_required
def inbox(slug: str):
    organisation = _organisation(slug)
    status = request.args.get("status", "")[:20]
    return render_template(
        "volunteering/inbox.html",
        organisation=organisation,
        opportunities=listing.of_organisation(organisation.id, 1),
        result=listing.inbox(organisation.id, status, _page()),
        decline_form=DeclineForm(),
        form=ConfirmForm(),
    )


def _form_page(organisation, form, opportunity=None, status: int = 200):
    return render_template(
        "volunteering/form.html", organisation=organisation, form=form, opportunity=opportunity
    ), status


@bp.route(f"{ORG}/neu", methods=["GET", "POST"])
@login_required
def new(slug: str):
    organisation = _organisation(slug)
    if request.method == "GET":
        return _form_page(organisation, OpportunityForm())
    form = OpportunityForm()
    created = []
    done, status = submit_form(
        form,
        lambda: created.append(
            services.create(actor=_actor(), organisation=organisation, data=form.opportunity())
        ),
        done=_("Das Engagement ist als Entwurf gespeichert."),
        target=url_for("volunteering.inbox", slug=organisation.slug),
    )
    if done:
        return redirect(
            url_for(
                "volunteering.org_opportunity", slug=organisation.slug, opportunity_id=created[0].id
            ),
            303,
        )
    db.session.rollback()
    return _form_page(organisation, form, status=status)


@bp.get(f"{ORG}/<id:opportunity_id>")
@login_required
def org_opportunity(slug: str, opportunity_id: int):
    opportunity = _own(slug, opportunity_id)
    return render_template(
        "volunteering/org_detail.html",
        organisation=opportunity.organisation,
        opportunity=opportunity,
        form=ConfirmForm(),
    )


@bp.route(f"{ORG}/<id:opportunity_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(slug: str, opportunity_id: int):
    opportunity = _own(slug, opportunity_id)
    organisation = opportunity.organisation
    if request.method == "GET":
        return _form_page(organisation, OpportunityForm.of(opportunity), opportunity)
    form = OpportunityForm()
    done, status = submit_form(
        form,
        lambda: services.edit(actor=_actor(), opportunity=opportunity, data=form.opportunity()),
        done=_("Das Engagement ist gespeichert."),
        target=url_for(
            "volunteering.org_opportunity", slug=organisation.slug, opportunity_id=opportunity.id
        ),
    )
    if done:
        return done
    db.session.rollback()
    return _form_page(organisation, form, opportunity, status)


def _step(slug: str, opportunity_id: int, action, message):
    opportunity = _own(slug, opportunity_id)
    if _confirmed():
        action(actor=_actor(), opportunity=opportunity)
        flash(message, "success")
    return redirect(
        url_for("volunteering.org_opportunity", slug=slug, opportunity_id=opportunity.id), 303
    )


@bp.post(f"{ORG}/<id:opportunity_id>/veroeffentlichen")
@login_required
def publish(slug: str, opportunity_id: int):
    return _step(slug, opportunity_id, services.publish, _("Das Engagement ist veröffentlicht."))


@bp.post(f"{ORG}/<id:opportunity_id>/zurueckziehen")
@login_required
def withdraw(slug: str, opportunity_id: int):
    return _step(slug, opportunity_id, services.withdraw, _("Das Engagement ist zurückgezogen."))


@bp.post(f"{ORG}/<id:opportunity_id>/verlaengern")
@login_required
def renew(slug: str, opportunity_id: int):
    return _step(slug, opportunity_id, services.renew, _("Das Engagement ist verlängert."))


def _interest(slug: str, interest_id: int):
    organisation = _organisation(slug)
    return services.own_interest(actor=_actor(), organisation=organisation, interest_id=interest_id)


@bp.post(f"{ORG}/interessen/<id:interest_id>/annehmen")
@login_required
def accept(slug: str, interest_id: int):
    interest = _interest(slug, interest_id)
    if _confirmed():
        services.accept(actor=_actor(), interest=interest)
        flash(_("Angenommen; die Person erhält eine E-Mail."), "success")
    return redirect(url_for("volunteering.inbox", slug=slug), 303)


@bp.post(f"{ORG}/interessen/<id:interest_id>/vermittelt")
@login_required
def matched(slug: str, interest_id: int):
    interest = _interest(slug, interest_id)
    if _confirmed():
        services.mark_matched(actor=_actor(), interest=interest)
        flash(_("Als vermittelt eingetragen; die Person erhält eine E-Mail."), "success")
    return redirect(url_for("volunteering.inbox", slug=slug), 303)


@bp.post(f"{ORG}/interessen/<id:interest_id>/absagen")
@login_required
def decline(slug: str, interest_id: int):
    interest = _interest(slug, interest_id)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            services.decline(
                actor=_actor(),
                interest=interest,
                reason=form.reason.data or "",
                note=form.note.data or "",
            )
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for("volunteering.inbox", slug=slug), 303)
        flash(_("Abgesagt; die Person erhält eine freundliche E-Mail."), "success")
    else:
        flash(_("Bitte prüfen Sie Ihre Eingaben."), "error")
    return redirect(url_for("volunteering.inbox", slug=slug), 303)
