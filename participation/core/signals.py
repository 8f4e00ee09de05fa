"""Domain signals: services send them after commit; side effects listen."""

from blinker import Namespace

_signals = Namespace()

user_registered = _signals.signal("user-registered")
email_verified = _signals.signal("email-verified")
password_changed = _signals.signal("password-changed")
email_changed = _signals.signal("email-changed")
role_granted = _signals.signal("role-granted")
role_revoked = _signals.signal("role-revoked")
mail_queued = _signals.signal("mail-queued")
site_page_updated = _signals.signal("site-page-updated")
process_created = _signals.signal("process-created")
process_updated = _signals.signal("process-updated")
process_published = _signals.signal("process-published")
proposal_submitted = _signals.signal("proposal-submitted")
comment_posted = _signals.signal("comment-posted")
proposal_edited = _signals.signal("proposal-edited")
proposal_withdrawn = _signals.signal("proposal-withdrawn")
comment_edited = _signals.signal("comment-edited")
comment_deleted = _signals.signal("comment-deleted")
support_changed = _signals.signal("support-changed")
rating_changed = _signals.signal("rating-changed")
# Sent inside the action's transaction, before its commit: a listener writes what the
# action means for others (a notification event, as a mail goes to the outbox) into the
# same transaction and never commits, so both persist or neither.
process_moved = _signals.signal("process-moved")
response_given = _signals.signal("response-given")
content_approved = _signals.signal("content-approved")
contribution_published = _signals.signal("contribution-published")
contribution_changed = _signals.signal("contribution-changed")
contribution_withdrawn = _signals.signal("contribution-withdrawn")
event_places_given = _signals.signal("event-places-given")
group_news = _signals.signal("group-news")
# Content left public view (hidden, refused, or an account's contributions replaced by
# tombstones): copies made from public data (the open-data files) are made anew soon.
content_hidden = _signals.signal("content-hidden")
