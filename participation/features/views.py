"""/verwaltung/module: the administrator's switches, and the hooks that make them hold.

Every request to a route of a switched-off module answers 404 (for every role, before any
sign-in check), and templates ask `module_on(name)` / `endpoint_on(endpoint)` before they
link into a module.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.permissions import permission_required
from participation.features import services
from participation.features.forms import SwitchForm
from participation.features.registry import MODULES, module_of

bp = Blueprint("features_admin", __name__, url_prefix="/verwaltung/module")

STATES = {"an": True, "aus": False}


@bp.before_app_request
def refuse_switched_off_routes():
    module = module_of(request.endpoint)
    if module is not None and not services.module_on(module):
        abort(404)


bp.add_app_template_global(services.module_on, "module_on")
bp.add_app_template_global(services.endpoint_on, "endpoint_on")
bp.add_app_template_global(services.dataset_on, "dataset_on")


@bp.get("")
@permission_required("switch_modules")
def index():
    return render_template(
        "features/index.html", modules=services.modules(), form=SwitchForm(), refused=None
    )


@bp.post("/<name>")
@permission_required("switch_modules")
def switch(name: str):
    if name not in MODULES:
        abort(404)
    form = SwitchForm()
    if not form.validate_on_submit() or form.state.data not in STATES:
        # Shown in the module's row, next to its button.
        return render_template(
            "features/index.html",
            modules=services.modules(),
            form=form,
            refused=name,
        ), 422
    enabled = STATES[form.state.data]
    services.set_module(actor=current_user._get_current_object(), name=name, enabled=enabled)
    label = MODULES[name].label
    flash(
        _("%(module)s ist jetzt eingeschaltet.", module=label)
        if enabled
        else _("%(module)s ist jetzt ausgeschaltet.", module=label),
        "success",
    )
    return redirect(url_for("features_admin.index"), 303)
