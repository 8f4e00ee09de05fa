"""German is the source language; the English catalogue covers every interface string."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_every_template_is_read_by_the_extractor(tmp_path):
    # Babel skips files it cannot parse and folders it ignores, silently; count them.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "--ignore-dirs=.* .venv .tools node_modules",
            "-o",
            str(tmp_path / "m.pot"),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    read = {
        line.split()[3]
        for line in result.stderr.splitlines()
        if line.startswith("extracting messages from templates/")
    }
    templates = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "templates").rglob("*")
        if p.suffix in {".html", ".txt", ".xml"}
    }
    assert templates == read


def test_english_catalogue_is_complete(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            "--no-location",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        extracted = {m.id for m in read_po(handle) if m.id}
    with (ROOT / "participation/translations/en/LC_MESSAGES/messages.po").open("rb") as handle:
        catalogue = read_po(handle)

    def done(message) -> bool:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        return all(strings) and not message.fuzzy

    translated = {m.id for m in catalogue if m.id and done(m)}
    missing = sorted(str(i) for i in extracted - translated)
    assert missing == [], f"{len(missing)} strings without English translation: {missing[:20]}"


def test_every_page_default_exists_in_both_languages():
    from participation.pages.services import EDITABLE_PAGES

    defaults = ROOT / "participation/pages/defaults"
    for slug in EDITABLE_PAGES:
        for locale in ("de", "en"):
            text = (defaults / f"{slug}.{locale}.md").read_text(encoding="utf-8")
            assert text.startswith("# ") and len(text) > 500, (slug, locale)
