"""The forms of the lifecycle steps; one per step on the timeline page, told apart by prefix."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length, Optional

from participation.coordination import checklist
from participation.coordination.lifecycle import TRANSITIONS
from participation.core.forms import BaseForm, strip_filter

CHECK_PREFIX = "check_"


class StepForm(BaseForm):
    """A comment for the record. The service decides whether it is required (a return)."""

    comment = TextAreaField(
        _l("Kommentar für den Verlauf (freiwillig)"),
        validators=[
            Optional(),
            Length(max=2000, message=_l("Bitte schreiben Sie höchstens 2.000 Zeichen.")),
        ],
        filters=[strip_filter],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=self.action, **kwargs)
        self.transition = TRANSITIONS[self.action]
        if self.transition.needs_comment:
            self.comment.label.text = _l("Begründung")
            self.comment.description = _l(
                "Was fehlt oder geändert werden muss; wer das Verfahren eingereicht hat, "
                "sieht es im Verlauf und per E-Mail."
            )

    @property
    def checks(self) -> list[BooleanField]:
        """The review checklist's boxes (approvals only), in the checklist's order."""
        return [field for field in self if field.name.startswith(f"{self.action}-{CHECK_PREFIX}")]

    @property
    def ticked(self) -> list[str]:
        start = len(f"{self.action}-{CHECK_PREFIX}")
        return [field.name[start:] for field in self.checks if field.data]


def step_form(action: str, **kwargs) -> StepForm:
    """The form of one step; an approval carries one box per item of the current checklist."""
    fields = {"action": action}
    if action == "approve":
        fields |= {f"{CHECK_PREFIX}{key}": BooleanField(text) for key, text in checklist.items()}
    form_class = type(f"StepForm_{action}", (StepForm,), fields)
    return form_class(**kwargs)
