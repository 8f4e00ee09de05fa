"""Process images: checked by content, cleaned of metadata, stored under random names,
served from /medien; refusals are shown next to the field and lose nothing."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from participation.coordination.services import advance_to
from participation.projects.models import Process
from tests.projects.images import GPS_IFD, image_bytes, png_bomb, post_form_with_file, stored_files

FORM = {
    "title": "Neuer Quartiersplatz",
    "summary": "Wie soll der Platz aussehen?",
    "district": "10",
    "action_field": "wohnen",
    "scope_for_influence": "Gestaltung",
    "categories": "Grün\nSitzen",
    "image_alt": "Skizze des Platzes mit Bäumen und Bänken",
}


def upload(content: bytes, filename: str, content_type: str = "image/jpeg"):
    return (content, filename, content_type)


@pytest.fixture
def staff(client, make_user):
    client.login(make_user("coordinator"))
    return client


def post_new(client, image, **fields):
    return post_form_with_file(client, "/verwaltung/verfahren/neu", {**FORM, **fields}, image)


@pytest.mark.parametrize(
    "fmt, extension, media_type",
    [("JPEG", "jpg", "image/jpeg"), ("PNG", "png", "image/png"), ("WEBP", "webp", "image/webp")],
)
def test_valid_images_are_stored_under_a_random_name(app, staff, db, fmt, extension, media_type):
    response = post_new(staff, upload(image_bytes(fmt), f"mein-foto.{extension}", media_type))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    process = db.session.scalar(select(Process))
    assert re.fullmatch(rf"[0-9a-f]{{32}}-40x30\.{extension}", process.image_filename)
    assert "mein-foto" not in process.image_filename
    assert process.image_alt == FORM["image_alt"]
    assert [p.name for p in stored_files(app)] == [process.image_filename]

    page = staff.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    src = f"/medien/{process.image_filename}"
    assert re.search(
        rf'<figure class="process-image"><img src="{re.escape(src)}" alt="{FORM["image_alt"]}" '
        r'width="40" height="30">',
        page,
    )
    with staff.get(src, buffered=True) as served:
        assert served.status_code == 200 and served.mimetype == media_type
        assert Image.open(BytesIO(served.data)).format == fmt
        assert "max-age=31536000" in served.headers["Cache-Control"]
        assert "immutable" in served.headers["Cache-Control"]
        assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_exif_gps_and_other_metadata_are_removed(app, staff, db):
    original = image_bytes("JPEG", gps=True, orientation=6)
    assert Image.open(BytesIO(original)).getexif().get_ifd(GPS_IFD), "the test image has GPS"
    assert post_new(staff, upload(original, "urlaub.jpg")).status_code == 303
    name = db.session.scalar(select(Process.image_filename))
    stored = (Path(app.config["UPLOAD_FOLDER"]) / name).read_bytes()
    image = Image.open(BytesIO(stored))
    assert not image.getexif() and not image.getexif().get_ifd(GPS_IFD)
    assert "exif" not in image.info and "icc_profile" not in image.info
    assert b"Exif" not in stored and b"Geheimkamera" not in stored
    # EXIF orientation 6 (turned 90°) is applied before it is dropped: 40×30 becomes 30×40.
    assert image.size == (30, 40) and name.endswith("-30x40.jpg")


def test_wide_images_are_scaled_to_1600_pixels(app, staff, db):
    assert post_new(staff, upload(image_bytes("PNG", (3200, 400)), "panorama.png")).status_code
    name = db.session.scalar(select(Process.image_filename))
    assert name.endswith("-1600x200.png")
    with Image.open(Path(app.config["UPLOAD_FOLDER"]) / name) as stored:
        assert stored.size == (1600, 200)


def test_the_type_comes_from_the_content_not_the_name(app, staff, db):
    """A PNG called .jpg and sent as image/jpeg is stored as the PNG it is."""
    response = post_new(staff, upload(image_bytes("PNG"), "foto.jpg", "image/jpeg"))
    assert response.status_code == 303
    assert db.session.scalar(select(Process.image_filename)).endswith(".png")


REFUSALS = [
    ("text", lambda: b"Dies ist kein Bild.", "bild.jpg", "kein Bild"),
    ("html as png", lambda: b"<html><script>alert(1)</script>", "bild.png", "kein Bild"),
    ("svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"/>', "bild.svg", "kein Bild"),
    ("gif", lambda: image_bytes("GIF", mode="L"), "bild.gif", "kein Bild"),
    ("empty", lambda: b"", "leer.jpg", "leer"),
    (
        "truncated jpeg",
        lambda: image_bytes(noise=True, size=(200, 200))[:1500],
        "a.jpg",
        "beschädigt",
    ),
    ("truncated png", lambda: image_bytes("PNG")[:70], "a.png", "beschädigt"),
    ("decompression bomb", lambda: png_bomb(30_000, 30_000), "bombe.png", "Bildpunkte"),
    ("over the pixel limit", lambda: png_bomb(8_000, 6_000), "gross.png", "Bildpunkte"),
]


@pytest.mark.parametrize(
    "content, filename, reason", [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_bad_files_are_refused_next_to_the_field(app, staff, db, content, filename, reason):
    response = post_new(staff, upload(content(), filename), title="Mein Titel bleibt")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(r'<ul class="errors" id="image-error">(.*?)</ul>', html, re.S)
    assert error and reason in error.group(1)
    assert 'value="Mein Titel bleibt"' in html and "Grün\nSitzen" in html
    assert FORM["image_alt"] in html
    assert db.session.scalar(select(func.count(Process.id))) == 0
    assert stored_files(app) == []


def test_files_over_the_size_limit_are_refused_next_to_the_field(make_app, make_user, db):
    app = make_app(PROCESS_IMAGE_MAX_BYTES=20_000, MAX_CONTENT_LENGTH=100_000)
    with app.app_context():
        client = app.test_client()
        client.login(make_user("coordinator"))
        big = image_bytes("PNG", (100, 100), noise=True)
        assert 20_000 < len(big) < 2 * 20_000
        response = post_new(client, upload(big, "gross.png"), title="Bleibt")
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert 'id="image-error"' in html and "zu groß" in html and "0,0191 MB" in html
        assert 'value="Bleibt"' in html
        assert stored_files(app) == []
        # Far over the limit the body itself is refused before any form is read.
        huge = image_bytes("PNG", (400, 400), noise=True)
        assert post_new(client, upload(huge, "riesig.png")).status_code == 413


def test_the_body_limit_is_raised_only_for_forms_with_a_file(staff):
    """Five megabytes pass the process form but not, say, the sign-in form."""
    four_mb = b"\xff\xd8" + b"\0" * (4 * 1024 * 1024)
    response = post_new(staff, upload(four_mb, "gross.jpg"))
    assert response.status_code == 422 and 'id="image-error"' in response.get_data(as_text=True)
    refused = post_form_with_file(
        staff, "/anmelden", {"email": "x@example.org"}, upload(four_mb, "gross.jpg")
    )
    assert refused.status_code == 413


def test_only_files_get_the_larger_limit(staff):
    """Text stays within the ordinary limits, URL-encoded or in a multipart body."""
    filler = "x" * (3 * 1024 * 1024)
    assert (
        staff.post_form("/verwaltung/verfahren/neu", {**FORM, "title": filler}).status_code == 413
    )
    assert post_new(staff, None, description_markdown=filler).status_code == 413


def test_alt_text_is_required_with_an_image(app, staff, db):
    response = post_new(staff, upload(image_bytes(), "foto.jpg"), image_alt="  ")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="image_alt-error">\s*<li>Bitte beschreiben Sie', html)
    assert stored_files(app) == [] and db.session.scalar(select(Process.id)) is None
    response = post_new(staff, upload(image_bytes(), "foto.jpg"), image_alt="x" * 301)
    assert response.status_code == 422 and 'id="image_alt-error"' in response.get_data(as_text=True)
    assert stored_files(app) == []


def test_no_image_needs_no_alt_text(staff, db):
    assert post_new(staff, None, image_alt="").status_code == 303
    process = db.session.scalar(select(Process))
    assert process.image_filename is None and process.image_alt == ""


@pytest.mark.parametrize(
    "path",
    [
        "/medien/" + "0" * 32 + "-40x30.jpg",  # our form, but no such file
        "/medien/x.jpg",
        "/medien/..%2F..%2Fconfig.py",
        "/medien/%2E%2E%2Fconfig.py",
        "/medien/../config.py",
        "/medien/notizen.txt",
        "/medien/" + "0" * 32 + "-40x30.jpg%00.txt",
        "/medien/" + "0" * 32 + "-40x30.JPG",
        "/medien/" + "0" * 32 + "-40x30.jpg%0A",
    ],
)
def test_only_stored_images_are_served(app, client, path):
    folder = Path(app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notizen.txt").write_text("nicht öffentlich")
    response = client.get(path)
    assert response.status_code == 404
    assert "nicht öffentlich" not in response.get_data(as_text=True)


def test_cards_show_the_image_as_decoration_with_its_size(staff, db, make_user):
    dialogue = {"phase_dialogue_starts_on": "2026-11-01", "phase_dialogue_ends_on": "2026-12-01"}
    response = post_new(
        staff, upload(image_bytes(), "foto.jpg"), use_of_results="Bericht", **dialogue
    )
    assert response.status_code == 303
    process = db.session.scalar(select(Process))
    process.constraints = "Der Ort steht fest."
    process.feedback_due = date(2027, 3, 1)
    process.contact_person = "Frau Beispiel"
    process.contact_email = "beteiligung@example.org"
    db.session.commit()
    advance_to(actor=make_user("coordinator"), process=process, status="published")
    assert db.session.scalar(select(Process.status)) == "published"
    html = staff.get("/verfahren").get_data(as_text=True)
    assert re.search(
        rf'<img class="card-image" src="/medien/{process.image_filename}" alt="" '
        r'width="40" height="30" loading="lazy">',
        html,
    )
