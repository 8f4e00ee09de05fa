"""Public newsletter pages: subscribe, confirm, unsubscribe (also RFC 8058 one-click) and
the archive of sent issues."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts.forms import ConfirmForm
from participation.core.errors import DomainError
from participation.core.forms import show_service_error
from participation.core.pagecache import cached_for_visitors
from participation.core.sitemap import public_page, sitemap_provider
from participation.extensions import csrf, limiter
from participation.newsletters import archive as archived_issues
from participation.newsletters import links, services
from participation.newsletters.forms import SubscribeForm
from participation.newsletters.models import CONFIRMED, UNSUBSCRIBED

bp = Blueprint("newsletters", __name__, url_prefix="/newsletter")


def _limit(setting: str):
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"])


def _link_problem(error: DomainError):
    """Forged (400), unknown (404), expired or used (410): a page that says which."""
    return render_template(
        "newsletters/link_problem.html", message=error.message, status=error.status_code
    ), error.status_code


def _prefilled(actor, own) -> dict | None:
    """A signed-in person sees their own address, and their current choice if any."""
    if not actor.is_authenticated:
        return None
    data = {"email": actor.email}
    if own is not None and own.status == CONFIRMED:
        data.update(
            lists=own.lists,
            districts=[d.code for d in own.districts],
            action_fields=[f.slug for f in own.action_fields],
        )
    return data


@bp.route("", methods=["GET", "POST"])
@_limit("RATELIMIT_REGISTER")
@public_page
def subscribe():
    actor = current_user._get_current_object()
    own = services.subscription_of(actor)
    form = SubscribeForm(data=_prefilled(actor, own) if request.method == "GET" else None)
    if form.validate_on_submit():
        if form.hp_note.data:
            # A bot filled the honeypot: answer as if it worked, store nothing.
            flash(_("Fast geschafft! Bitte bestätigen Sie mit dem Link in der E-Mail."), "success")
            return redirect(url_for("newsletters.subscribe"), 303)
        choice = services.Choice(
            lists=tuple(form.lists.data or ()),
            district_codes=tuple(form.districts.data or ()),
            action_field_slugs=tuple(form.action_fields.data or ()),
        )
        try:
            subscribed = services.subscribe(actor=actor, email=form.email.data, choice=choice)
        except DomainError as error:
            show_service_error(form, error)
        else:
            if subscribed:
                flash(_("Sie erhalten den Newsletter jetzt an Ihre Kontoadresse."), "success")
            else:
                # The same answer whether or not the address is known.
                flash(
                    _(
                        "Fast geschafft! Wir haben eine E-Mail an die Adresse geschickt. "
                        "Bitte bestätigen Sie das Abonnement mit dem Link darin; er ist drei "
                        "Tage gültig."
                    ),
                    "success",
                )
            return redirect(url_for("newsletters.subscribe"), 303)
    status = 422 if form.errors or form.form_errors else 200
    unsubscribe = None
    if own is not None and own.status == CONFIRMED:
        token = links.unsubscribe_token(own.id, own.token_version)
        unsubscribe = url_for("newsletters.unsubscribe", token=token)
    return render_template(
        "newsletters/subscribe.html", form=form, own=own, unsubscribe=unsubscribe
    ), status


@bp.route("/bestaetigen/<token>", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
def confirm(token: str):
    # Confirming takes a click, so that mail scanners opening the link change nothing.
    form = ConfirmForm()
    try:
        services.check_confirm_token(token)
        if form.validate_on_submit():
            services.confirm(token=token)
            flash(_("Danke! Ihr Abonnement ist bestätigt."), "success")
            return redirect(url_for("newsletters.archive"), 303)
    except DomainError as error:
        return _link_problem(error)
    return render_template("newsletters/confirm.html", form=form)


@bp.route("/abmelden/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """GET: a page with one button. POST: unsubscribe, from that button (CSRF-checked) or
    from a mail program's one-click request (RFC 8058: body `List-Unsubscribe=One-Click`,
    no session): there the signed link itself is the authorisation."""
    one_click = request.method == "POST" and request.form.get("List-Unsubscribe") == "One-Click"
    if request.method == "POST" and not one_click:
        csrf.protect()
    try:
        subscriber = services.check_unsubscribe_token(token)
        if request.method == "POST":
            services.unsubscribe(token=token)
            if one_click:
                return render_template("newsletters/unsubscribed.html")
            flash(_("Sie sind abgemeldet und erhalten keine Newsletter mehr."), "success")
            return redirect(url_for("newsletters.unsubscribe", token=token), 303)
    except DomainError as error:
        return _link_problem(error)
    return render_template(
        "newsletters/unsubscribe.html",
        subscriber=subscriber,
        ended=subscriber.status == UNSUBSCRIBED,
        form=ConfirmForm(),
    )


@bp.get("/archiv")
@public_page
@cached_for_visitors
def archive():
    page = request.args.get("seite", 1, type=int) or 1
    return render_template("newsletters/archive.html", result=archived_issues.archive_page(page))


@bp.get("/archiv/<id:issue_id>")
@cached_for_visitors
def archived(issue_id: int):
    return render_template("newsletters/issue.html", issue=archived_issues.archived_issue(issue_id))


@sitemap_provider
def archived_pages():
    return [("newsletters.archived", {"issue_id": i}) for i in archived_issues.archived_ids()]


@bp.app_template_filter("list_label")
def list_label(name: str) -> str:
    """The name of a list as readers know it."""
    return str(services.LIST_LABELS.get(name, name))
