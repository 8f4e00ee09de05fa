"""The switch form: one button per module and state."""

from __future__ import annotations

from wtforms import HiddenField

from participation.core.forms import BaseForm


class SwitchForm(BaseForm):
    # "an" or "aus"; anything else is refused by the view.
    state = HiddenField()
