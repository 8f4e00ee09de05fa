"""The templates' gettext: Flask-Babel's, with the catalogue looked up once per request.

Flask-Babel finds the catalogue anew on every call (the context, the locale, its name as a
string, the cache): about 20 µs, and a process page asks some 500 times. The catalogue is
kept beside the locale it was found for, so a locale forced for a mail (`force_locale`
sets another locale object, then puts the old one back) still gets its own.
"""

from __future__ import annotations

from flask import Flask, g
from flask_babel import get_translations


def current_translations():
    try:
        context = g._flask_babel
    except (AttributeError, RuntimeError):  # before Flask-Babel's first look, or no app
        return get_translations()
    kept = getattr(context, "kept_translations", None)
    locale = getattr(context, "babel_locale", None)
    if kept is not None and locale is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    context.kept_translations = (context.babel_locale, translations)
    return translations


def init_app(app: Flask) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
    )
