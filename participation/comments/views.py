"""Comment pages: the general discussion of a process, comments on proposals, replies,
editing and deleting. Without JavaScript every form posts and comes back to its spot."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.forms import ConfirmForm
from participation.comments import services
from participation.comments.forms import CommentForm
from participation.comments.models import Comment
from participation.comments.pages import thread_context
from participation.core.errors import Conflict, DomainError
from participation.core.forms import show_service_error
from participation.core.htmx import render_page_or_fragment
from participation.core.pagecache import cached_for_visitors
from participation.core.permissions import require
from participation.extensions import db, limiter
from participation.projects import services as process_services
from participation.projects.models import Process
from participation.projects.sections import Section, process_section
from participation.proposals import services as proposal_services
from participation.proposals.models import Proposal
from participation.proposals.views import detail_context
from participation.votes import services as vote_services

bp = Blueprint("comments", __name__)
_contribute_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_CONTRIBUTE"], methods=["POST"]
)


def _actor():
    return current_user._get_current_object()


def location(comment: Comment) -> str:
    """The URL of the thread page that shows `comment`, with its anchor."""
    page = services.page_of(comment)
    args = {"seite": page} if page > 1 else {}
    if comment.proposal_id:
        url = url_for("proposals.detail", proposal_id=comment.proposal_id, **args)
    elif comment.contribution_id:
        url = url_for("contributions.detail", contribution_id=comment.contribution_id, **args)
    else:
        process = db.session.get(Process, comment.process_id)
        url = url_for("comments.discussion", slug=process.slug, **args)
    return f"{url}#kommentar-{comment.id}"


def refusals(process: Process) -> dict:
    actor = _actor()
    return {
        "refusals": vote_services.refusals_for(actor, process, ("comment", "rate")),
        "official_allowed": services.may_post_officially(actor, process),
    }


def _discussion_context(process: Process, page: int, form: CommentForm | None = None) -> dict:
    context = refusals(process)
    context.update(
        process=process,
        **thread_context(process, page),
        comment_form=form or CommentForm(official_allowed=context["official_allowed"]),
        confirm_form=ConfirmForm(),
        # Where the thread's page links lead (the fragment needs them as much as the page).
        thread_endpoint="comments.discussion",
        thread_params={"slug": process.slug},
    )
    return context


@process_section(order=20)
def discussion_section(process: Process, actor) -> Section | None:
    if not process.is_public:
        return None
    return Section("comments/_discussion_section.html", _discussion_context(process, 1))


@bp.route("/verfahren/<slug>/diskussion", methods=["GET", "POST"])
@_contribute_limit
@cached_for_visitors
def discussion(slug: str):
    """The general discussion: its pages (GET), and a new comment (POST)."""
    process = process_services.get_process(actor=_actor(), slug=slug[:120])
    if request.method == "GET":
        page = request.args.get("seite", 1, type=int) or 1
        return render_page_or_fragment(
            "comments/discussion.html",
            "comments/_thread.html",
            **_discussion_context(process, page),
        )
    page = request.args.get("seite", 1, type=int) or 1
    return post_comment_form(
        process,
        None,
        None,
        again=lambda form, context: render_template(
            "comments/discussion.html", **_discussion_context(process, page, form)
        ),
    )


@bp.post("/vorschlaege/<id:proposal_id>/kommentare")
@login_required
@_contribute_limit
def comment_proposal(proposal_id: int):
    proposal = proposal_services.get_proposal(actor=_actor(), proposal_id=proposal_id)
    return post_comment_form(
        proposal.process,
        proposal,
        None,
        again=lambda form, context: render_template(
            "proposals/detail.html", **detail_context(proposal, comment_form=form)
        ),
    )


@bp.route("/kommentare/<id:comment_id>/antworten", methods=["GET", "POST"])
@login_required
@_contribute_limit
def reply(comment_id: int):
    parent = services.get_comment(actor=_actor(), comment_id=comment_id)
    if parent.status != "published":
        # Deleted, hidden or pending comments take no replies, and their text is not shown.
        raise Conflict(_("Auf diesen Kommentar kann nicht geantwortet werden."))
    process = db.session.get(Process, parent.process_id)
    proposal = db.session.get(Proposal, parent.proposal_id) if parent.proposal_id else None
    if proposal is not None and proposal.status != "published":
        # A hidden or withdrawn proposal takes no replies, and its title is not shown here.
        raise Conflict(_("Dieser Vorschlag nimmt keine Kommentare mehr an."))
    if request.method == "GET":
        context = refusals(process)
        form = CommentForm(official_allowed=context["official_allowed"], prefix="antwort")
        return render_page_or_fragment(
            "comments/reply.html",
            "comments/_reply_form.html",
            parent=parent,
            process=process,
            proposal=proposal,
            form=form,
            **context,
        )
    return post_comment_form(
        process,
        proposal,
        parent,
        again=lambda form, context: render_template(
            "comments/reply.html",
            parent=parent,
            process=process,
            proposal=proposal,
            form=form,
            **context,
        ),
    )


def post_comment_form(
    process: Process,
    proposal: Proposal | None,
    parent: Comment | None,
    again,
    contribution_id: int | None = None,
):
    """Post a comment or reply (on a partner's statement with `contribution_id`); on a
    refusal or bad input, `again(form, context)` shows the same page with the message next
    to the field and the text kept."""
    if not current_user.is_authenticated:
        from participation.extensions import login_manager

        return login_manager.unauthorized()
    context = refusals(process)
    # Reply forms have their own field names: several may be open on one page.
    prefix = "antwort" if parent is not None else ""
    form = CommentForm(official_allowed=context["official_allowed"], prefix=prefix)
    status = 422
    if form.validate_on_submit():
        try:
            comment = services.post_comment(
                actor=_actor(),
                process=process,
                proposal=proposal,
                parent=parent,
                body=form.body.data,
                official=form.is_official,
                contribution_id=contribution_id,
                submission=form.submission.data,
            )
        except DomainError as error:
            show_service_error(form, error)
            status = error.status_code
        else:
            if comment.status == "pending":
                flash(
                    _("Danke! Ihr Kommentar wartet auf Freigabe durch die Moderation."), "success"
                )
            else:
                flash(_("Ihr Kommentar ist veröffentlicht."), "success")
            return redirect(location(comment), 303)
    return again(form, context), status


@bp.get("/kommentare/<id:comment_id>")
def show(comment_id: int):
    """A stable link to a comment: sends to the thread page that shows it."""
    comment = services.get_comment(actor=_actor(), comment_id=comment_id)
    return redirect(location(comment), 303)


@bp.route("/kommentare/<id:comment_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(comment_id: int):
    comment = services.get_comment(actor=_actor(), comment_id=comment_id)
    require(
        _actor(),
        "change_comment",
        comment,
        _("Nur wer den Kommentar geschrieben hat, kann ihn bearbeiten."),
    )
    form = CommentForm(data={"body": comment.body_markdown})
    refusal = services.edit_refusal(_actor(), comment)
    if refusal is not None:
        form.validate_on_submit()
        status = 409 if request.method == "POST" else 200
        return render_template(
            "comments/edit.html", form=form, comment=comment, refusal=refusal
        ), status
    if form.validate_on_submit():
        try:
            services.edit_comment(actor=_actor(), comment=comment, body=form.body.data)
        except DomainError as error:
            show_service_error(form, error)
        else:
            flash(_("Ihr Kommentar ist geändert."), "success")
            return redirect(location(comment), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("comments/edit.html", form=form, comment=comment), status


@bp.post("/kommentare/<id:comment_id>/loeschen")
@login_required
def delete(comment_id: int):
    comment = services.get_comment(actor=_actor(), comment_id=comment_id)
    back = location(comment)
    if ConfirmForm().validate_on_submit():
        services.delete_comment(actor=_actor(), comment=comment)
        flash(_("Ihr Kommentar ist gelöscht."), "success")
    return redirect(back, 303)
